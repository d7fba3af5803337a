import type { ExtractionWarning } from '@detainer-watch/contracts';

export type Section = ExtractionWarning['section'];

/** Collects warnings in the order they are found. */
export class Warnings {
  readonly list: ExtractionWarning[] = [];

  add(code: string, message: string, section: Section, page: number | null): void {
    this.list.push({ code, message, section, page });
  }
}
