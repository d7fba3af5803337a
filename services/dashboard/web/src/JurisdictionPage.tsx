import { api, type JurisdictionDetail } from './api';
import { count, money, period, shortId } from './format';
import { Link } from './router';
import { SortableTable, type Column } from './SortableTable';
import { useData } from './useData';

type History = NonNullable<JurisdictionDetail['history']>;
type Appearance = History['appearances'][number];
type Line = NonNullable<JurisdictionDetail['exposure']>['exposure']['lines'][number];

const BASIS: Record<Line['basis'], string> = {
  direct: 'direct award',
  state_passthrough: 'state pass-through',
  clawback: 'clawback of money already paid',
};

export function JurisdictionPage({ id }: { id: string }) {
  const { data, error } = useData(() => api.jurisdiction(id), [id]);
  if (error)
    return (
      <p role="alert" className="error">
        Could not load {id}: {error}
      </p>
    );
  if (!data) return <p className="loading">Loading jurisdiction…</p>;
  const h = data.history;
  const x = data.exposure?.exposure;
  const entity = h?.entity ?? data.exposure?.jurisdiction.entity;
  const appearanceColumns: Column<Appearance>[] = [
    {
      key: 'report',
      label: 'Report',
      render: (a) => (
        <Link href={`/reports/${a.reportId}`}>{period({ start: a.periodStart, end: a.periodEnd })}</Link>
      ),
      sortValue: (a) => a.periodEnd,
    },
    {
      key: 'declined',
      label: 'Declined detainers',
      render: (a) => count(a.declinedCount),
      sortValue: (a) => a.declinedCount,
      numeric: true,
    },
    {
      key: 'issued',
      label: 'Detainers issued (Section I)',
      render: (a) => (a.highestVolumeCount === null ? 'not listed' : count(a.highestVolumeCount)),
      sortValue: (a) => a.highestVolumeCount,
      numeric: true,
    },
    {
      key: 'policy',
      label: 'Policy listed (III)',
      render: (a) => (a.policyListed ? 'yes' : 'no'),
      sortValue: (a) => (a.policyListed ? 1 : 0),
    },
    {
      key: 'new',
      label: 'New that report',
      render: (a) => (a.isNew ? 'new' : '—'),
      sortValue: (a) => (a.isNew ? 1 : 0),
    },
    { key: 'names', label: 'Printed as', render: (a) => a.rawNames.join('; ') },
  ];
  const lineColumns: Column<Line>[] = [
    {
      key: 'program',
      label: 'Program',
      render: (l) => `${l.program} (CFDA ${l.cfda})`,
      sortValue: (l) => l.program,
    },
    {
      key: 'fy',
      label: 'Fiscal year',
      render: (l) => `FY${l.fiscalYear}`,
      sortValue: (l) => l.fiscalYear,
      numeric: true,
    },
    { key: 'basis', label: 'Basis', render: (l) => BASIS[l.basis], sortValue: (l) => l.basis },
    {
      key: 'amount',
      label: 'Amount (estimate)',
      render: (l) => `${money(l.amountCents)}${l.status === 'rounded' ? ' (rounded by the source)' : ''}`,
      sortValue: (l) => l.amountCents,
      numeric: true,
    },
    {
      key: 'sources',
      label: 'Sources',
      render: (l) =>
        l.sources.length === 0 ? (
          'no source: figure unknown'
        ) : (
          <ul className="plain">
            {l.sources.map((s) => (
              <li key={s.ledgerRowId}>
                {s.url ? (
                  <a href={s.url} rel="noopener noreferrer" target="_blank">
                    {s.citation}
                  </a>
                ) : (
                  s.citation
                )}
                {s.note ? ` — ${s.note}` : ''}
              </li>
            ))}
          </ul>
        ),
    },
  ];
  return (
    <>
      <p className="crumbs">
        <Link href="/">All reports</Link>
      </p>
      <h1>{entity ? `${entity.name}, ${entity.state}` : id}</h1>
      {entity && (
        <p className="meta">
          {entity.type}
          {entity.fips ? ` · FIPS ${entity.fips}` : ''} · id {entity.id}
        </p>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">In the reports</h2>
        {data.historyProblem && <p className="warning">{data.historyProblem}</p>}
        {h && !h.listed && <p>No classified report has listed this jurisdiction.</p>}
        {h && h.listed && (
          <>
            <p>
              First listed in the report for{' '}
              {h.firstSeen ? (
                <Link href={`/reports/${h.firstSeen.reportId}`}>
                  {h.firstSeen.periodEnd ?? shortId(h.firstSeen.reportId)}
                </Link>
              ) : (
                'unknown'
              )}
              ; listed in {count(h.appearances.length)} report{h.appearances.length === 1 ? '' : 's'}.
            </p>
            <SortableTable
              caption="Every report that listed it"
              columns={appearanceColumns}
              rows={h.appearances}
              rowKey={(a) => a.reportId}
              initialSort={{ key: 'report', dir: 'descending' }}
            />
            {h.droppedIn.length > 0 && (
              <p>
                No longer listed in: {h.droppedIn.map((d) => d.periodEnd ?? shortId(d.reportId)).join(', ')}.
              </p>
            )}
          </>
        )}
        <p className="source">Source: {data.sources.history}.</p>
      </section>
      <section aria-labelledby="exposure-title">
        <h2 id="exposure-title">
          Grant money at risk <span className="badge">estimate</span>
        </h2>
        {data.exposureProblem && <p className="warning">{data.exposureProblem}</p>}
        {x && (
          <>
            <p className="big">
              Total: <strong>{x.totalCents === null ? 'unknown' : money(x.totalCents)}</strong>
              {x.totalStatus === 'partial' && ' (partial: some figures behind it are rounded or unknown)'}
            </p>
            <p className="note">{x.method} These are estimates of money at risk, not amounts withheld.</p>
            <SortableTable
              caption="By program and fiscal year"
              columns={lineColumns}
              rows={x.lines}
              rowKey={(l, i) => `${l.program}-${l.fiscalYear}-${l.basis}-${i}`}
              empty="No award lines for this jurisdiction."
            />
          </>
        )}
        <p className="source">Source: {data.sources.exposure}.</p>
      </section>
    </>
  );
}
