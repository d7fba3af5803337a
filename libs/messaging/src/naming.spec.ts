import { Subjects } from '@detainer-watch/contracts';
import { WireNames, durableName } from './naming';

describe('WireNames', () => {
  it('prefixes subjects, dead letters, streams and the bucket', () => {
    const n = new WireNames('t.run1.', 'T_run1_');
    expect(n.subject('report.fetched')).toBe('t.run1.report.fetched');
    expect(n.deadSubject('report.fetched')).toBe('t.run1.dead.report.fetched');
    expect(n.deadWildcard()).toBe('t.run1.dead.>');
    expect([n.eventsStream, n.deadStream, n.bucket]).toEqual([
      'T_run1_EVENTS',
      'T_run1_DEAD',
      't_run1_reports',
    ]);
    expect(n.eventSubjects()).toContain('t.run1.detainer.declined');
  });

  it('uses bare names without a prefix', () => {
    const n = new WireNames('', 'DETAINER_');
    expect(n.subject('alert.sent')).toBe('alert.sent');
    expect(n.bucket).toBe('detainer_reports');
  });

  it('rejects prefixes that would break subjects or stream names', () => {
    expect(() => new WireNames('t.run1', 'X')).toThrow(
      "subjectPrefix must be dot-separated tokens ending in '.'",
    );
    expect(() => new WireNames('', 'a.b')).toThrow("streamPrefix may only hold letters, digits, '_' and '-'");
  });
});

describe('durableName', () => {
  it('joins service and subject with underscores', () => {
    expect(durableName('notifier', Subjects.GrantExposureEstimated)).toBe(
      'notifier_grant_exposure_estimated',
    );
  });
});
