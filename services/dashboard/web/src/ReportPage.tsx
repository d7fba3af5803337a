import { useCallback, useState } from 'react';
import { api, type ReportDetail, type ReportProgress } from './api';
import { atRiskText, count, money, period, shortId, when } from './format';
import { useReportProgress, useProgressFeed } from './live';
import { Link } from './router';
import { SortableTable, type Column } from './SortableTable';
import { Steps } from './Steps';
import { UsMap } from './UsMap';
import { useData, useThrottled } from './useData';

type Section = 'I' | 'II' | 'III';
type Row = Record<string, unknown> & { rowIndex: number; page: number };
type Jur = ReportDetail['jurisdictions'][number];

const SECTION_TITLES: Record<Section, string> = {
  I: 'Section I: jurisdictions with the most detainers issued',
  II: 'Section II: declined detainers',
  III: 'Section III: jurisdictions whose policies limit cooperation',
};

const text = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join('; ') : String(v);
const str = (k: string) => (r: Row) => (r[k] === null || r[k] === undefined ? null : String(r[k]));

function pageLink(sourceUrl: string | null, page: number) {
  return sourceUrl ? (
    <a href={`${sourceUrl}#page=${page}`} target="_blank" rel="noopener noreferrer">
      p. {page}
      <span className="visually-hidden"> of the PDF (opens the source)</span>
    </a>
  ) : (
    <span>p. {page}</span>
  );
}

function columnsFor(section: Section, sourceUrl: string | null): Column<Row>[] {
  const c = (key: string, label: string, extra: Partial<Column<Row>> = {}): Column<Row> => ({
    key,
    label,
    render: (r) => text(r[key]),
    sortValue: str(key),
    ...extra,
  });
  const page: Column<Row> = {
    key: 'page',
    label: 'PDF page',
    render: (r) => pageLink(sourceUrl, r.page),
    sortValue: (r) => r.page,
    numeric: true,
  };
  const num = (key: string, label: string) =>
    c(key, label, {
      numeric: true,
      render: (r) => count(r[key] as number | null),
      sortValue: (r) => (r[key] as number | null) ?? null,
    });
  if (section === 'I')
    return [
      c('jurisdiction', 'Jurisdiction'),
      c('state', 'State'),
      num('detainersIssued', 'Detainers issued'),
      page,
    ];
  if (section === 'II')
    return [
      c('county', 'County'),
      c('state', 'State'),
      c('facility', 'Jurisdiction or facility'),
      c('citizenship', 'Citizenship'),
      c('notableCriminalActivity', 'Notable criminal activity (as printed)', { className: 'long' }),
      c('detainerIssued', 'Detainer issued'),
      c('detainerDeclined', 'Detainer declined'),
      page,
    ];
  return [
    c('jurisdiction', 'Jurisdiction'),
    c('aor', 'ICE area of responsibility'),
    c('dateEnacted', 'Enacted'),
    c('policy', 'Policy (as printed)', { className: 'long' }),
    c('criteria', 'Criteria for honoring a detainer', { className: 'long' }),
    page,
  ];
}

function SectionRows({
  reportId,
  sourceUrl,
  counts,
}: {
  reportId: string;
  sourceUrl: string | null;
  counts: Record<Section, number | null>;
}) {
  const [section, setSection] = useState<Section>('II');
  const { data, error } = useData(() => api.rows(reportId, section), [reportId, section]);
  const sections: Section[] = ['I', 'II', 'III'];
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % 3 : e.key === 'ArrowLeft' ? (i + 2) % 3 : null;
    if (next === null) return;
    setSection(sections[next]);
    document.getElementById(`tab-${sections[next]}`)?.focus();
  };
  return (
    <section aria-labelledby="rows-title">
      <h2 id="rows-title">Rows as printed in the report</h2>
      <div role="tablist" aria-label="Report sections" className="tabs">
        {sections.map((s, i) => (
          <button
            key={s}
            id={`tab-${s}`}
            role="tab"
            type="button"
            aria-selected={section === s}
            aria-controls="rows-panel"
            tabIndex={section === s ? 0 : -1}
            onClick={() => setSection(s)}
            onKeyDown={(e) => onKey(e, i)}
          >
            Section {s} <span className="muted">({count(counts[s])})</span>
          </button>
        ))}
      </div>
      <div id="rows-panel" role="tabpanel" aria-labelledby={`tab-${section}`}>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {!data && !error && <p className="loading">Loading rows…</p>}
        {data && (
          <>
            <SortableTable<Row>
              caption={SECTION_TITLES[section]}
              columns={columnsFor(section, sourceUrl)}
              rows={data.rows as Row[]}
              rowKey={(r) => String(r.rowIndex)}
            />
            <p className="source">
              Source: {data.source}
              {sourceUrl
                ? `; page links open ${sourceUrl}`
                : '; uploaded file, no public URL to link pages to'}
              .
            </p>
          </>
        )}
      </div>
    </section>
  );
}

function JurisdictionTable({ rows }: { rows: Jur[] }) {
  const columns: Column<Jur>[] = [
    {
      key: 'name',
      label: 'Jurisdiction',
      render: (j) => <Link href={`/jurisdictions/${j.entity.id}`}>{j.entity.name}</Link>,
      sortValue: (j) => j.entity.name,
    },
    { key: 'state', label: 'State', render: (j) => j.entity.state, sortValue: (j) => j.entity.state },
    { key: 'type', label: 'Type', render: (j) => j.entity.type, sortValue: (j) => j.entity.type },
    {
      key: 'declined',
      label: 'Declined detainers',
      render: (j) => count(j.declined),
      sortValue: (j) => j.declined,
      numeric: true,
    },
    {
      key: 'issued',
      label: 'Detainers issued (Section I)',
      render: (j) => (j.highestVolume === null ? 'not listed' : count(j.highestVolume)),
      sortValue: (j) => j.highestVolume,
      numeric: true,
    },
    {
      key: 'policy',
      label: 'Policy listed (III)',
      render: (j) => (j.policyListed ? 'yes' : 'no'),
      sortValue: (j) => (j.policyListed ? 1 : 0),
    },
    {
      key: 'new',
      label: 'New since previous report',
      render: (j) => (j.isNew ? 'new' : '—'),
      sortValue: (j) => (j.isNew ? 1 : 0),
    },
    {
      key: 'risk',
      label: 'Money at risk (estimate)',
      render: (j) =>
        !j.exposure
          ? 'no estimate'
          : j.exposure.totalCents === null
            ? 'unknown'
            : `${money(j.exposure.totalCents)}${j.exposure.totalStatus === 'exact' ? '' : ' (partial)'}`,
      sortValue: (j) => j.exposure?.totalCents ?? null,
      numeric: true,
    },
  ];
  return (
    <SortableTable
      caption="Jurisdictions listed in this report"
      columns={columns}
      rows={rows}
      rowKey={(j) => j.entity.id}
      initialSort={{ key: 'declined', dir: 'descending' }}
      empty="No jurisdiction classified yet."
    />
  );
}

export function ReportPage({ id }: { id: string }) {
  const { data, error, reload } = useData(() => api.report(id), [id]);
  const progress = useReportProgress(id, data?.progress ?? null);
  const throttledReload = useThrottled(reload, 1500);
  useProgressFeed(
    useCallback((p: ReportProgress) => p.reportId === id && throttledReload(), [id, throttledReload]),
  );

  if (error)
    return (
      <p role="alert" className="error">
        Could not load report {shortId(id)}: {error}
      </p>
    );
  if (!data) return <p className="loading">Loading report…</p>;
  const x = data.extraction;
  const c = data.pipeline.classified;
  const est = data.pipeline.estimated;
  return (
    <>
      <p className="crumbs">
        <Link href="/">All reports</Link>
      </p>
      <h1>{data.title ?? `Report ${shortId(id)}`}</h1>
      <p className="meta">
        Period: {period(data.period)} · Fetched {when(data.fetchedAt)} ·{' '}
        {data.source.url ? (
          <a href={data.source.url} className="wrap">
            {data.source.url}
          </a>
        ) : (
          `${data.source.kind ?? 'unknown source'}${data.source.fileName ? `: ${data.source.fileName}` : ''}`
        )}
      </p>
      <div aria-live="polite" className="live-steps">
        <Steps
          live={progress}
          base={{
            fetched: data.fetchedAt !== null,
            extraction: x?.status ?? null,
            classified: c ? { count: c.jurisdictions, total: c.jurisdictions } : null,
            estimated: est && c ? { count: est.jurisdictions, total: c.jurisdictions } : null,
          }}
        />
      </div>
      {x?.status === 'rejected' && (
        <p className="error">
          This report was not read: {x.rejection?.reason} — {x.rejection?.message}
        </p>
      )}
      {x?.status === 'extracted' && (
        <dl className="figures">
          <div>
            <dt>Detainers issued nationally (as printed)</dt>
            <dd>{count(x.detainersIssued)}</dd>
          </div>
          <div>
            <dt>Declined detainers (Section II rows)</dt>
            <dd>{count(x.rowCounts.II)}</dd>
          </div>
          <div>
            <dt>Jurisdictions listed</dt>
            <dd>{c ? count(c.jurisdictions) : 'not classified yet'}</dd>
          </div>
          <div>
            <dt>Newly listed since the previous report</dt>
            <dd>{c ? (c.previousReportId ? count(c.newlyListed) : 'no earlier report') : '—'}</dd>
          </div>
          <div>
            <dt>
              Money at risk <span className="badge">estimate</span>
            </dt>
            <dd>{est ? atRiskText(est.atRisk) : 'not estimated yet'}</dd>
          </div>
        </dl>
      )}
      {data.exposureNote && (
        <p className="note">
          Money figures are estimates of grant money at risk, from public OJP award data
          (grant-exposure-calculator), not amounts withheld. A figure without a source is shown as unknown,
          never as $0.
        </p>
      )}
      {data.map && <UsMap map={data.map} />}
      {data.jurisdictions.length > 0 && (
        <section aria-labelledby="jur-title">
          <h2 id="jur-title">Jurisdictions</h2>
          <JurisdictionTable rows={data.jurisdictions} />
          {data.dropped.length > 0 && (
            <p>
              No longer listed since the previous report:{' '}
              {data.dropped.map((d) => `${d.name} (${d.state})`).join('; ')}.
            </p>
          )}
          {data.unresolved.length > 0 && (
            <details>
              <summary>{data.unresolved.length} names could not be matched to a place</summary>
              <ul>
                {data.unresolved.map((u, i) => (
                  <li key={i}>
                    {u.raw} (Section {u.section}): {u.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <p className="source">
            Source: jurisdiction-classifier GET /reports/{shortId(id)}…/jurisdictions;
            grant-exposure-calculator GET /exposure/report/{shortId(id)}… (estimates).
          </p>
        </section>
      )}
      {x?.status === 'extracted' && (
        <SectionRows reportId={id} sourceUrl={data.source.url} counts={x.rowCounts} />
      )}
    </>
  );
}
