import type { ReportProgress } from './api';

type Status = 'waiting' | 'running' | 'done' | 'failed' | 'unknown';
const LABEL: Record<Status, string> = {
  waiting: 'waiting',
  running: 'in progress',
  done: 'done',
  failed: 'failed',
  unknown: 'not known',
};
const ICON: Record<Status, string> = { waiting: '○', running: '◐', done: '●', failed: '✕', unknown: '?' };

export interface StepInput {
  fetched: boolean;
  extraction: 'extracted' | 'rejected' | null;
  classified: { count: number; total: number } | null;
  estimated: { count: number; total: number } | null;
}

/** Pipeline steps from the services' records, overridden by live progress when it says more. */
export function stepStatuses(base: StepInput, live: ReportProgress | null) {
  const s = live?.steps;
  const fromCount = (c: { count: number; total: number } | null, prev: Status): Status =>
    c ? (c.count >= c.total ? 'done' : 'running') : prev === 'done' ? 'running' : 'waiting';
  const extract: Status =
    base.extraction === 'rejected'
      ? 'failed'
      : base.extraction
        ? 'done'
        : (s?.extract ?? (base.fetched ? 'running' : 'unknown'));
  const classified = live?.classified ?? base.classified;
  const estimated = live?.estimated ?? base.estimated;
  const classify: Status = extract === 'failed' ? 'waiting' : fromCount(classified, extract);
  const estimate: Status = extract === 'failed' ? 'waiting' : fromCount(estimated, classify);
  return [
    {
      key: 'fetch',
      name: 'Fetched',
      status: (base.fetched || s?.fetch === 'done' ? 'done' : 'unknown') as Status,
      detail: '',
    },
    { key: 'extract', name: 'Extracted', status: extract, detail: '' },
    {
      key: 'classify',
      name: 'Classified',
      status: classify,
      detail: classified ? `${classified.count}/${classified.total}` : '',
    },
    {
      key: 'estimate',
      name: 'Estimated',
      status: estimate,
      detail: estimated ? `${estimated.count}/${estimated.total}` : '',
    },
  ];
}

export function Steps({ base, live }: { base: StepInput; live: ReportProgress | null }) {
  const steps = stepStatuses(base, live);
  return (
    <ol className="steps" aria-label="Pipeline steps">
      {steps.map((s) => (
        <li key={s.key} className={`step step-${s.status}`} data-step={s.key} data-status={s.status}>
          <span aria-hidden="true">{ICON[s.status]}</span> {s.name}
          {s.detail && <span className="step-detail"> {s.detail}</span>}
          <span className="visually-hidden">: {LABEL[s.status]}</span>
        </li>
      ))}
    </ol>
  );
}
