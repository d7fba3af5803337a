import {
  createEvent,
  Subjects,
  type EventOf,
  type JurisdictionEntity,
  type PolicyRow,
} from '@detainer-watch/contracts';

export const REPORT_ID = 'a'.repeat(64);

/** A jurisdiction.classified event as the classifier publishes it, for a report of the week of 28 January 2017. */
export function classifiedEvent(
  entity: JurisdictionEntity,
  index: number,
  total: number,
  reportId = REPORT_ID,
  policies: PolicyRow[] = [],
): EventOf<typeof Subjects.JurisdictionClassified> {
  return createEvent(Subjects.JurisdictionClassified, {
    id: `${reportId}:${entity.id}`,
    source: 'jurisdiction-classifier',
    reportId,
    subject: entity.id,
    data: {
      schemaVersion: 1,
      report: {
        reportId,
        sourceUrl: 'https://www.ice.gov/doclib/ddor/ddor2017_01-28to02-03.pdf',
        period: { start: '2017-01-28', end: '2017-02-03' },
      },
      position: { index, total },
      entity,
      confidence: 0.98,
      rawNames: [entity.name],
      declinedCount: 0,
      declinedRows: [],
      highestVolumeCount: null,
      policies,
      categories: [],
      isNew: true,
      previousReportId: null,
      unresolvedInReport: 0,
    },
  });
}

export const CONNECTICUT: JurisdictionEntity = {
  id: 'state:09',
  name: 'Connecticut',
  type: 'state',
  state: 'CT',
  fips: '09',
  parentId: null,
};
export const HARTFORD: JurisdictionEntity = {
  id: 'place:0937000',
  name: 'Hartford city',
  type: 'city',
  state: 'CT',
  fips: '0937000',
  parentId: 'county:09003',
};
/** Two Section III rows a report lists for one city (an older and a newer policy), as printed. */
export const TWO_POLICIES: PolicyRow[] = [
  {
    jurisdiction: 'Hartford, Connecticut',
    aor: 'Boston',
    dateEnacted: 'January 2017',
    policy: 'City Council Resolution',
    criteria: ['Will not honor ICE detainers without a judicial warrant'],
    page: 19,
  },
  {
    jurisdiction: 'Hartford, Connecticut',
    aor: 'Boston',
    dateEnacted: 'March 2014',
    policy: 'City Ordinance',
    criteria: ['Will honor ICE detainers for persons convicted of a felony'],
    page: 23,
  },
];
/** A county with no figure in the reference ledger. */
export const TOLLAND: JurisdictionEntity = {
  id: 'county:09013',
  name: 'Tolland County',
  type: 'county',
  state: 'CT',
  fips: '09013',
  parentId: 'state:09',
};
