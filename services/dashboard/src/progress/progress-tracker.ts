import { Subjects, type EventOf, type Subject } from '@detainer-watch/contracts';

export type StepStatus = 'waiting' | 'running' | 'done' | 'failed';

/** How far one report has come through the pipeline, as the events on the bus tell it. */
export interface ReportProgress {
  reportId: string;
  updatedAt: string;
  fetched: { at: string; sourceKind: string; from: string | null; sizeBytes: number } | null;
  extracted: {
    at: string;
    rows: { I: number; II: number; III: number };
    warnings: number;
    period: { start: string | null; end: string | null };
  } | null;
  rejected: { at: string; reason: string; message: string } | null;
  /** Jurisdictions classified so far out of the report's total (each event carries its position). */
  classified: { count: number; total: number } | null;
  estimated: { count: number; total: number } | null;
  alerts: { sent: number; failed: number };
  steps: { fetch: StepStatus; extract: StepStatus; classify: StepStatus; estimate: StepStatus };
}

/** What the browser receives over server-sent events. */
export type ProgressMessage =
  | { type: 'report'; progress: ReportProgress }
  | { type: 'source'; sourceId: string; status: 'failing' | 'recovered'; reason: string; at: string };

type Listener = (m: ProgressMessage) => void;
type Handlers = { [S in Subject]?: (event: EventOf<S>) => ProgressMessage | null };

/**
 * Keeps the latest progress of the most recently active reports in memory and tells listeners about every change.
 * Per-jurisdiction events are counted by distinct entity id, so a redelivered event never counts twice. Nothing
 * personal is kept: watch ids and addresses are not stored, only how many alerts went out.
 */
export class ProgressTracker {
  private readonly reports = new Map<string, ReportProgress>();
  private readonly seen = new Map<
    string,
    { classified: Set<string>; estimated: Set<string>; alerts: Set<string> }
  >();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly capacity = 200) {}

  private readonly handlers: Handlers = {
    [Subjects.ReportFetched]: (e) =>
      this.update(e.data.reportId, (p) => {
        const s = e.data.source;
        p.fetched = {
          at: e.data.fetchedAt,
          sourceKind: s.kind,
          from: s.url ?? s.fileName ?? s.id,
          sizeBytes: e.data.sizeBytes,
        };
      }),
    [Subjects.ReportExtracted]: (e) =>
      this.update(e.data.reportId, (p) => {
        const x = e.data.extract;
        p.extracted = {
          at: e.data.extractedAt,
          rows: { I: x.highestVolume.length, II: x.declined.length, III: x.policies.length },
          warnings: x.warnings.length,
          period: { start: x.periodStart, end: x.periodEnd },
        };
      }),
    [Subjects.ReportRejected]: (e) =>
      this.update(e.data.reportId, (p) => {
        p.rejected = { at: e.data.rejectedAt, reason: e.data.reason, message: e.data.message };
      }),
    [Subjects.JurisdictionClassified]: (e) =>
      this.update(e.data.report.reportId, (p, seen) => {
        seen.classified.add(e.data.entity.id);
        p.classified = { count: seen.classified.size, total: e.data.position.total };
      }),
    [Subjects.GrantExposureEstimated]: (e) => {
      const c = e.data.classification;
      return this.update(c.report.reportId, (p, seen) => {
        seen.estimated.add(c.entity.id);
        p.estimated = { count: seen.estimated.size, total: c.position.total };
      });
    },
    [Subjects.AlertSent]: (e) =>
      this.update(e.data.reportId, (p, seen) => {
        if (seen.alerts.has(e.data.deliveryId)) return;
        seen.alerts.add(e.data.deliveryId);
        p.alerts.sent += 1;
      }),
    [Subjects.AlertFailed]: (e) =>
      this.update(e.data.reportId, (p) => {
        if (e.data.permanent) p.alerts.failed += 1;
      }),
    [Subjects.ReportFetchFailed]: (e) => ({
      type: 'source',
      sourceId: e.data.sourceId,
      status: e.data.status,
      reason: e.data.reason,
      at: e.data.at,
    }),
  };

  /** Applies one event; returns the message sent to listeners, or null for subjects it does not follow. */
  apply<S extends Subject>(subject: S, event: EventOf<S>): ProgressMessage | null {
    const handler = this.handlers[subject] as ((e: EventOf<S>) => ProgressMessage | null) | undefined;
    const message = handler ? handler(event) : null;
    if (message) for (const l of this.listeners) l(message);
    return message;
  }

  get(reportId: string): ReportProgress | null {
    return this.reports.get(reportId) ?? null;
  }

  /** Most recently updated first. */
  all(): ReportProgress[] {
    return [...this.reports.values()].reverse();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(
    reportId: string,
    change: (
      p: ReportProgress,
      seen: { classified: Set<string>; estimated: Set<string>; alerts: Set<string> },
    ) => void,
  ): ProgressMessage {
    const p = this.reports.get(reportId) ?? emptyProgress(reportId);
    let seen = this.seen.get(reportId);
    if (!seen)
      this.seen.set(reportId, (seen = { classified: new Set(), estimated: new Set(), alerts: new Set() }));
    change(p, seen);
    p.updatedAt = new Date().toISOString();
    p.steps = stepsOf(p);
    // Re-inserting keeps the Map in order of last activity, so the oldest entry is the first to go.
    this.reports.delete(reportId);
    this.reports.set(reportId, p);
    while (this.reports.size > this.capacity) {
      const oldest = this.reports.keys().next().value as string;
      this.reports.delete(oldest);
      this.seen.delete(oldest);
    }
    return { type: 'report', progress: structuredClone(p) };
  }
}

function emptyProgress(reportId: string): ReportProgress {
  return {
    reportId,
    updatedAt: new Date().toISOString(),
    fetched: null,
    extracted: null,
    rejected: null,
    classified: null,
    estimated: null,
    alerts: { sent: 0, failed: 0 },
    steps: { fetch: 'waiting', extract: 'waiting', classify: 'waiting', estimate: 'waiting' },
  };
}

const counted = (c: { count: number; total: number } | null, before: boolean): StepStatus =>
  c && c.count >= c.total ? 'done' : c ? 'running' : before ? 'running' : 'waiting';

/** A later step having happened means the earlier ones did, even when their events were not seen here. */
export function stepsOf(p: ReportProgress): ReportProgress['steps'] {
  const extractedOk = p.extracted !== null;
  const classify = p.rejected ? 'waiting' : counted(p.classified, extractedOk);
  const estimate = p.rejected
    ? 'waiting'
    : counted(p.estimated, classify === 'done' || p.classified !== null);
  const extract: StepStatus = p.rejected
    ? 'failed'
    : extractedOk || p.classified
      ? 'done'
      : p.fetched
        ? 'running'
        : 'waiting';
  return { fetch: p.fetched || extract !== 'waiting' ? 'done' : 'waiting', extract, classify, estimate };
}
