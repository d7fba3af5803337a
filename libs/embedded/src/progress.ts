import { Subjects, type EventOf, type Subject } from '@detainer-watch/contracts';
import { durableName, type MessageBus, type Subscription } from '@detainer-watch/messaging';

/** One line of progress, without its timestamp; `reportId` is shown as a short prefix. */
export interface ProgressLine {
  at: Date;
  reportId: string | null;
  text: string;
  /** `problem` lines (rejected, failed) are shown on stderr / highlighted. */
  kind: 'step' | 'done' | 'problem';
}

type Handlers = { [S in Subject]?: (event: EventOf<S>) => ProgressLine | null };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Follows a report through the pipeline by listening to the same events subscribers get (its own durable
 * consumers on the bus): picked up, extracted, classified, estimated, alerts. Per-jurisdiction events are
 * counted and reported once all of a report's jurisdictions have arrived. Nothing personal is shown: the events
 * carry none, and alerts are named by watch id.
 */
export class ProgressReporter {
  private readonly classified = new Map<string, Set<string>>();
  private readonly estimated = new Map<string, Set<string>>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly emit: (line: ProgressLine) => void,
    /** 'written' when mail goes to .eml files, 'sent' over SMTP. */
    private readonly alertVerb: 'written' | 'sent' = 'sent',
  ) {}

  async attach(bus: MessageBus): Promise<void> {
    const handlers: Handlers = {
      [Subjects.ReportFetched]: (e) => {
        const { source, sizeBytes } = e.data;
        const from = source.fileName ?? source.url ?? source.id;
        return this.line(e.data.reportId, `report picked up (${source.kind}: ${from}, ${kib(sizeBytes)})`);
      },
      [Subjects.ReportRejected]: (e) =>
        this.line(e.data.reportId, `report rejected (${e.data.reason}): ${e.data.message}`, 'problem'),
      [Subjects.ReportFetchFailed]: (e) =>
        this.line(
          null,
          e.data.status === 'failing'
            ? `source ${e.data.sourceId} failing after ${plural(e.data.consecutiveFailures, 'attempt')}: ${e.data.reason}`
            : `source ${e.data.sourceId} recovered`,
          e.data.status === 'failing' ? 'problem' : 'step',
        ),
      [Subjects.ReportExtracted]: (e) => {
        const x = e.data.extract;
        const rows = x.highestVolume.length + x.declined.length + x.policies.length;
        const period =
          x.periodStart || x.periodEnd ? `, period ${x.periodStart ?? '?'} to ${x.periodEnd ?? '?'}` : '';
        return this.line(
          e.data.reportId,
          `extracted ${plural(rows, 'row')} (Section I ${x.highestVolume.length}, II ${x.declined.length}, ` +
            `III ${x.policies.length}${period}${x.warnings.length ? `, ${plural(x.warnings.length, 'warning')}` : ''})`,
        );
      },
      [Subjects.JurisdictionClassified]: (e) => {
        const total = e.data.position.total;
        const n = this.count(this.classified, e.data.report.reportId, e.data.entity.id);
        if (n !== total) return null;
        const unresolved = e.data.unresolvedInReport;
        return this.line(
          e.data.report.reportId,
          `classified ${plural(total, 'jurisdiction')}${unresolved ? ` (${unresolved} names unresolved)` : ''}`,
        );
      },
      [Subjects.GrantExposureEstimated]: (e) => {
        const c = e.data.classification;
        const n = this.count(this.estimated, c.report.reportId, c.entity.id);
        if (n !== c.position.total) return null;
        return this.line(
          c.report.reportId,
          `estimated grant exposure for ${plural(n, 'jurisdiction')} (estimates)`,
        );
      },
      [Subjects.AlertSent]: (e) =>
        this.line(
          e.data.reportId,
          `alert ${this.alertVerb} for watch ${e.data.watchId.slice(0, 8)} (${plural(e.data.jurisdictionIds.length, 'jurisdiction')})`,
          'done',
        ),
      [Subjects.AlertFailed]: (e) =>
        this.line(
          e.data.reportId,
          `alert for watch ${e.data.watchId.slice(0, 8)} failed${e.data.permanent ? ' for good' : ''}: ${e.data.reason}`,
          'problem',
        ),
    };
    for (const [subject, handler] of Object.entries(handlers) as [
      Subject,
      (e: unknown) => ProgressLine | null,
    ][]) {
      this.subscriptions.push(
        await bus.consume({ durable: durableName('embedded-progress', subject), subject }, async (event) => {
          const line = handler(event);
          if (line) this.emit(line);
        }),
      );
    }
  }

  async detach(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.drain()));
  }

  private line(reportId: string | null, text: string, kind: ProgressLine['kind'] = 'step'): ProgressLine {
    return { at: new Date(), reportId, text, kind };
  }

  private count(map: Map<string, Set<string>>, reportId: string, entityId: string): number {
    let seen = map.get(reportId);
    if (!seen) map.set(reportId, (seen = new Set()));
    seen.add(entityId);
    return seen.size;
  }
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `12:03:04 [ab12cd34] extracted 48 rows`; with colours when the terminal takes them. */
export function formatProgress(line: ProgressLine, colour: boolean): string {
  const time = line.at.toTimeString().slice(0, 8);
  const id = line.reportId ? `[${line.reportId.slice(0, 8)}] ` : '';
  if (!colour) return `${time} ${id}${line.text}`;
  const paint = line.kind === 'problem' ? '\x1b[31m' : line.kind === 'done' ? '\x1b[32m' : '';
  return `\x1b[2m${time}\x1b[0m \x1b[36m${id}\x1b[0m${paint}${line.text}${paint ? '\x1b[0m' : ''}`;
}
