/**
 * The one list of NATS subject names. Everything that publishes or subscribes refers to these constants, so a
 * subject is renamed in exactly one place. On the wire a deployment may prepend a namespace (see messaging's
 * `subjectPrefix`), which is how test runs share one NATS server without seeing each other's events.
 */
export const Subjects = {
  ReportFetched: 'report.fetched',
  ReportFetchFailed: 'report.fetch_failed',
  ReportExtracted: 'report.extracted',
  ReportRejected: 'report.rejected',
  DetainerDeclined: 'detainer.declined',
  JurisdictionClassified: 'jurisdiction.classified',
  GrantExposureEstimated: 'grant.exposure.estimated',
  AlertSent: 'alert.sent',
  AlertFailed: 'alert.failed',
} as const;

export type Subject = (typeof Subjects)[keyof typeof Subjects];
export const allSubjects: readonly Subject[] = Object.values(Subjects);

/** Request/reply subjects (core NATS, not persisted): synchronous look-ups between services. */
export const RpcSubjects = {
  /** Resolve a raw jurisdiction name or id to a canonical entity (served by jurisdiction-classifier). */
  ResolveJurisdiction: 'rpc.jurisdiction.resolve',
} as const;

export type RpcSubject = (typeof RpcSubjects)[keyof typeof RpcSubjects];

/** Where a message goes after it has failed `maxDeliver` times: `dead.<original subject>`. */
export const deadLetterSubject = (subject: string): string => `dead.${subject}`;
