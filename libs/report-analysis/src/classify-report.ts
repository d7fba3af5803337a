import type {
  DeclinedRow,
  JurisdictionClassification,
  JurisdictionEntity,
  PolicyRow,
  ReportExtract,
  ResolutionCandidate,
} from '@detainer-watch/contracts';
import type { Resolver } from '@detainer-watch/jurisdictions';
import { categoriesOf } from './policy';
import { ReportNames, type Outcome, type ReportSection } from './report-names';

export interface ClassifyOptions {
  /** Entity ids listed in the previous report of the series; without it every jurisdiction counts as new. */
  previous?: ReadonlySet<string>;
  previousReportId?: string | null;
  /** Where the PDF came from; null for uploads, inbox files and local files. */
  sourceUrl?: string | null;
}

/** A name that designates no single jurisdiction, with every row that printed it. Nothing is dropped. */
export interface UnresolvedName {
  /** As printed: the Section I or III jurisdiction, or the Section II county column (the facility when it is blank). */
  raw: string;
  section: ReportSection;
  /** The state column of Sections I and II; null for Section III, whose names carry their own state. */
  state: string | null;
  /** Section II: the facility column of the rows. */
  facility: string | null;
  /** 0-based indexes of the rows, within their section, that printed this name. */
  rows: number[];
  candidates: ResolutionCandidate[];
  reason: string;
}

export interface ReportClassification {
  /** One per resolved jurisdiction, ordered by state, then name (the order `position` numbers). */
  jurisdictions: JurisdictionClassification[];
  unresolved: UnresolvedName[];
  /** Per jurisdiction id, the ids of the Section II facilities it runs (for exposure: SCAAP pays for jails). */
  facilityIds: ReadonlyMap<string, readonly string[]>;
}

interface Accumulator {
  entity: JurisdictionEntity;
  confidence: number;
  rawNames: Set<string>;
  declinedRows: (DeclinedRow & { rowIndex: number })[];
  highestVolumeCount: number | null;
  highestVolumeUnknown: boolean;
  policies: PolicyRow[];
  facilityIds: Set<string>;
}

/**
 * What one report says about each jurisdiction it names. Every Section I, II and III row either counts for resolved
 * jurisdictions or is listed under `unresolved`: Section I counts are summed when several rows name one entity
 * (unknown, null, when one of them could not be read), Section II rows count for the jurisdiction their county column names (see ReportNames.declinedRow), a Section III
 * row such as "Iowa City/Johnson County" applies to both entities. An entity's confidence is the lowest confidence of
 * the names attributed to it.
 */
export function classifyReport(
  extract: ReportExtract,
  resolver: Resolver,
  opts: ClassifyOptions = {},
): ReportClassification {
  const names = new ReportNames(resolver);
  const entities = new Map<string, Accumulator>();
  const unresolved = new Map<string, UnresolvedName>();

  const record = (
    outcome: Outcome,
    miss: Omit<UnresolvedName, 'rows' | 'candidates' | 'reason'>,
    rowIndex: number,
    add: (acc: Accumulator) => void,
  ): void => {
    if ('miss' in outcome) {
      const key = [miss.section, miss.state, miss.raw, miss.facility].join('\u001f');
      const prior = unresolved.get(key);
      if (prior) prior.rows.push(rowIndex);
      else unresolved.set(key, { ...miss, rows: [rowIndex], ...outcome.miss });
      return;
    }
    for (const a of outcome.attributions) {
      let acc = entities.get(a.entity.id);
      if (!acc) {
        acc = {
          entity: a.entity,
          confidence: a.confidence,
          rawNames: new Set(),
          declinedRows: [],
          highestVolumeCount: null,
          highestVolumeUnknown: false,
          policies: [],
          facilityIds: new Set(),
        };
        entities.set(a.entity.id, acc);
      }
      acc.confidence = Math.min(acc.confidence, a.confidence);
      for (const n of a.rawNames) acc.rawNames.add(n);
      for (const f of a.facilityIds) acc.facilityIds.add(f);
      add(acc);
    }
  };

  extract.highestVolume.forEach((row, i) =>
    record(
      names.name(row.jurisdiction, 'I', row.state),
      { raw: row.jurisdiction, section: 'I', state: row.state, facility: null },
      i,
      (acc) => {
        // A listed row whose count could not be read makes the sum unknown: a partial sum would understate it.
        if (row.detainersIssued === null) acc.highestVolumeUnknown = true;
        else acc.highestVolumeCount = (acc.highestVolumeCount ?? 0) + row.detainersIssued;
      },
    ),
  );
  extract.declined.forEach((row, i) =>
    record(
      names.declinedRow(row),
      { raw: row.county.trim() || row.facility, section: 'II', state: row.state, facility: row.facility },
      i,
      (acc) => acc.declinedRows.push({ ...row, rowIndex: i }),
    ),
  );
  extract.policies.forEach((row, i) =>
    record(
      names.name(row.jurisdiction, 'III'),
      { raw: row.jurisdiction, section: 'III', state: null, facility: null },
      i,
      (acc) => acc.policies.push(row),
    ),
  );

  const ordered = [...entities.values()].sort(
    (a, b) =>
      a.entity.state.localeCompare(b.entity.state) ||
      a.entity.name.localeCompare(b.entity.name) ||
      a.entity.id.localeCompare(b.entity.id),
  );
  const report = {
    reportId: extract.reportId,
    sourceUrl: opts.sourceUrl ?? null,
    period: { start: extract.periodStart, end: extract.periodEnd },
  };
  const jurisdictions = ordered.map((acc, index): JurisdictionClassification => ({
    report,
    position: { index, total: ordered.length },
    entity: acc.entity,
    confidence: acc.confidence,
    rawNames: [...acc.rawNames],
    declinedCount: acc.declinedRows.length,
    declinedRows: acc.declinedRows,
    highestVolumeCount: acc.highestVolumeUnknown ? null : acc.highestVolumeCount,
    policies: acc.policies,
    categories: categoriesOf(acc.policies),
    isNew: !(opts.previous?.has(acc.entity.id) ?? false),
    previousReportId: opts.previousReportId ?? null,
    unresolvedInReport: unresolved.size,
  }));
  return {
    jurisdictions,
    unresolved: [...unresolved.values()],
    facilityIds: new Map(ordered.map((acc) => [acc.entity.id, [...acc.facilityIds]])),
  };
}
