import { allSubjects } from '@detainer-watch/contracts';

/**
 * Names on the wire. Logical subjects (`report.fetched`) get an optional prefix so several deployments or test runs
 * share one NATS server without seeing each other; streams and the object-store bucket get their own prefix for
 * the same reason.
 */
export class WireNames {
  readonly eventsStream: string;
  readonly deadStream: string;
  readonly bucket: string;

  constructor(
    readonly subjectPrefix: string,
    readonly streamPrefix: string,
  ) {
    if (subjectPrefix !== '' && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.$/.test(subjectPrefix)) {
      throw new Error(`subjectPrefix must be dot-separated tokens ending in '.', got '${subjectPrefix}'`);
    }
    if (!/^[A-Za-z0-9_-]*$/.test(streamPrefix)) {
      throw new Error(`streamPrefix may only hold letters, digits, '_' and '-', got '${streamPrefix}'`);
    }
    this.eventsStream = `${streamPrefix}EVENTS`;
    this.deadStream = `${streamPrefix}DEAD`;
    this.bucket = `${streamPrefix}reports`.toLowerCase();
  }

  subject(logical: string): string {
    return this.subjectPrefix + logical;
  }

  deadSubject(logical: string): string {
    return `${this.subjectPrefix}dead.${logical}`;
  }

  eventSubjects(): string[] {
    return allSubjects.map((s) => this.subject(s));
  }

  deadWildcard(): string {
    return `${this.subjectPrefix}dead.>`;
  }
}

/** Durable consumer name for a service and subject, as the Nest transport derives it: `notifier_alert_sent`. */
export const durableName = (service: string, subject: string): string =>
  `${service}_${subject.replace(/\./g, '_')}`.replace(/[^A-Za-z0-9_-]/g, '_');
