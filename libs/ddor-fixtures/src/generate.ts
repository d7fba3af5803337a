import { compose, type LayoutFeatures, type Truth } from './compose';
import type { ReportContent } from './content';
import type { Layout } from './layout';
import { render } from './render';

export interface GeneratedReport {
  pdf: Uint8Array;
  /** exactly what a perfect extractor returns for `pdf`, less reportId and warnings */
  truth: Truth;
  features: LayoutFeatures;
}

/** Typesets `content` in `layout`. Deterministic: the same arguments give the same bytes. */
export async function generateReport(content: ReportContent, layout: Layout): Promise<GeneratedReport> {
  const composition = compose(content, layout);
  const pdf = await render(composition, layout.generator);
  return { pdf, truth: composition.truth, features: composition.features };
}
