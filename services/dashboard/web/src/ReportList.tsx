import { useCallback } from 'react';
import { api, type ReportListItem, type ReportProgress } from './api';
import { atRiskText, count, period, shortId, when } from './format';
import { useProgressFeed } from './live';
import { Link } from './router';
import { Steps } from './Steps';
import { useData, useThrottled } from './useData';

function sourceText(r: ReportListItem) {
  const s = r.source;
  return s.kind
    ? `${s.kind}${s.url ? `: ${s.url}` : s.fileName ? `: ${s.fileName}` : ''}`
    : 'source not known';
}

function Change({ r }: { r: ReportListItem }) {
  const c = r.pipeline?.classified;
  if (!c) return <span className="muted">not classified yet</span>;
  if (!c.previousReportId)
    return <span>{count(c.jurisdictions)} jurisdictions (no earlier report to compare)</span>;
  return (
    <span>
      {count(c.jurisdictions)} jurisdictions: <strong>{count(c.newlyListed)} newly listed</strong>,{' '}
      {count(c.dropped)} no longer listed since{' '}
      <Link href={`/reports/${c.previousReportId}`}>the previous report</Link>
    </span>
  );
}

export function ReportList() {
  const { data, error, reload } = useData(api.reports, []);
  const throttledReload = useThrottled(reload, 1500);
  // A report that appears or moves to its next step makes the list reload (at most every 1.5 s).
  const onProgress = useCallback(
    (p: ReportProgress) => {
      const known = data?.reports.find((r) => r.reportId === p.reportId);
      if (!known || JSON.stringify(known.progress?.steps) !== JSON.stringify(p.steps)) throttledReload();
    },
    [data, throttledReload],
  );
  useProgressFeed(onProgress);

  return (
    <>
      <h1>Declined Detainer Reports</h1>
      <p className="lede">
        Each ICE Declined Detainer Outcome Report as this system read it: the period it covers, how many rows
        each section lists, what changed since the previous report, and the OJP grant money at risk in the
        listed jurisdictions. Money figures are <strong>estimates</strong> of money at risk, not amounts
        withheld.
      </p>
      {error && (
        <p role="alert" className="error">
          Could not load the reports: {error}
        </p>
      )}
      {data?.unavailable.length ? (
        <p className="warning">Partial list: {data.unavailable.join('; ')}.</p>
      ) : null}
      {!data && !error && <p className="loading">Loading reports…</p>}
      {data && data.reports.length === 0 && <p>No report has been fetched yet.</p>}
      <ul className="report-cards" aria-label="Reports, newest first">
        {data?.reports.map((r) => {
          const x = r.extraction;
          const est = r.pipeline?.estimated;
          return (
            <li key={r.reportId} className="card" data-report-id={r.reportId}>
              <h2>
                <Link href={`/reports/${r.reportId}`}>{r.title ?? `Report ${shortId(r.reportId)}`}</Link>
              </h2>
              <p className="meta">
                <span>Period: {period(r.period)}</span> · <span>Fetched {when(r.fetchedAt)}</span> ·{' '}
                <span className="wrap">Source: {sourceText(r)}</span>
              </p>
              <Steps
                live={r.progress}
                base={{
                  fetched: r.fetchedAt !== null,
                  extraction: x?.status ?? null,
                  classified: r.pipeline?.classified
                    ? {
                        count: r.pipeline.classified.jurisdictions,
                        total: r.pipeline.classified.jurisdictions,
                      }
                    : null,
                  estimated:
                    est && r.pipeline?.classified
                      ? { count: est.jurisdictions, total: r.pipeline.classified.jurisdictions }
                      : null,
                }}
              />
              {x?.status === 'rejected' && (
                <p className="error">
                  Not read: {x.rejection?.reason} — {x.rejection?.message}
                </p>
              )}
              {x?.status === 'extracted' && (
                <dl className="figures">
                  <div>
                    <dt>Section I rows</dt>
                    <dd>{count(x.rowCounts.I)}</dd>
                  </div>
                  <div>
                    <dt>Declined detainers (II)</dt>
                    <dd>{count(x.rowCounts.II)}</dd>
                  </div>
                  <div>
                    <dt>Policies (III)</dt>
                    <dd>{count(x.rowCounts.III)}</dd>
                  </div>
                  <div>
                    <dt>
                      Money at risk <span className="badge">estimate</span>
                    </dt>
                    <dd>{est ? atRiskText(est.atRisk) : 'not estimated yet'}</dd>
                  </div>
                </dl>
              )}
              <p className="change">
                <Change r={r} />
              </p>
              {x && x.warnings.length > 0 && (
                <details className="warnings">
                  <summary>
                    {x.warnings.length} extraction warning{x.warnings.length === 1 ? '' : 's'}
                  </summary>
                  <ul>
                    {x.warnings.map((w, i) => (
                      <li key={i}>
                        <code>{w.code}</code> {w.message}
                        {w.page ? ` (page ${w.page})` : ''}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      {data && data.sources.length > 0 && (
        <section aria-labelledby="sources-title">
          <h2 id="sources-title">Where reports come from</h2>
          <ul className="sources">
            {data.sources.map((s) => (
              <li key={s.id}>
                <strong>{s.id}</strong> ({s.kind}
                {s.where ? `: ${s.where}` : ''}){!s.enabled && ' — switched off'}
                {s.failing ? (
                  <span className="error"> — failing: {s.lastError}</span>
                ) : (
                  <span className="muted"> — last success {when(s.lastSuccessAt)}</span>
                )}
                {s.nextRunAt && <span className="muted">, next check {when(s.nextRunAt)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data && (
        <p className="source">
          Sources: report-fetcher GET /reports and /sources, pdf-extractor GET /reports,
          jurisdiction-classifier and grant-exposure-calculator per report. Updated {when(data.generatedAt)}.
        </p>
      )}
    </>
  );
}
