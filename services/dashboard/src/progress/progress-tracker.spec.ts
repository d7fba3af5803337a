import { Subjects, type EventOf, type Subject } from '@detainer-watch/contracts';
import { ProgressTracker, type ProgressMessage } from './progress-tracker';

const R = 'a'.repeat(64);
// Only the fields the tracker reads; the envelopes themselves are validated by the bus before a handler runs.
const ev = <S extends Subject>(_s: S, data: unknown) => ({ id: 'x', data }) as unknown as EventOf<S>;
const classified = (entity: string, total: number) =>
  ev(Subjects.JurisdictionClassified, {
    report: { reportId: R },
    entity: { id: entity },
    position: { index: 0, total },
  });
const estimated = (entity: string, total: number) =>
  ev(Subjects.GrantExposureEstimated, {
    classification: { report: { reportId: R }, entity: { id: entity }, position: { index: 0, total } },
  });

describe('ProgressTracker', () => {
  it('follows a report through the steps and tells listeners', () => {
    const t = new ProgressTracker();
    const seen: ProgressMessage[] = [];
    t.subscribe((m) => seen.push(m));
    t.apply(
      Subjects.ReportFetched,
      ev(Subjects.ReportFetched, {
        reportId: R,
        sizeBytes: 10,
        fetchedAt: '2026-01-01T00:00:00Z',
        source: { id: 'upload', kind: 'upload', url: null, fileName: 'a.pdf' },
      }),
    );
    expect(t.get(R)?.steps).toEqual({
      fetch: 'done',
      extract: 'running',
      classify: 'waiting',
      estimate: 'waiting',
    });
    t.apply(
      Subjects.ReportExtracted,
      ev(Subjects.ReportExtracted, {
        reportId: R,
        extractedAt: '2026-01-01T00:00:01Z',
        extract: {
          highestVolume: [{}],
          declined: [{}, {}],
          policies: [],
          warnings: [],
          periodStart: null,
          periodEnd: null,
        },
      }),
    );
    expect(t.get(R)?.extracted?.rows).toEqual({ I: 1, II: 2, III: 0 });
    expect(t.get(R)?.steps.classify).toBe('running');
    t.apply(Subjects.JurisdictionClassified, classified('place:1', 2));
    t.apply(Subjects.JurisdictionClassified, classified('place:1', 2)); // a redelivery counts once
    expect(t.get(R)?.classified).toEqual({ count: 1, total: 2 });
    t.apply(Subjects.JurisdictionClassified, classified('county:2', 2));
    t.apply(Subjects.GrantExposureEstimated, estimated('place:1', 2));
    t.apply(Subjects.GrantExposureEstimated, estimated('county:2', 2));
    expect(t.get(R)?.steps).toEqual({ fetch: 'done', extract: 'done', classify: 'done', estimate: 'done' });
    expect(seen).toHaveLength(7);
  });

  it('marks a rejected report as failed at extraction', () => {
    const t = new ProgressTracker();
    t.apply(
      Subjects.ReportRejected,
      ev(Subjects.ReportRejected, {
        reportId: R,
        reason: 'encrypted',
        message: 'x',
        rejectedAt: '2026-01-01T00:00:00Z',
      }),
    );
    expect(t.get(R)?.steps).toEqual({
      fetch: 'done',
      extract: 'failed',
      classify: 'waiting',
      estimate: 'waiting',
    });
  });

  it('forgets the least recently active report beyond its capacity', () => {
    const t = new ProgressTracker(2);
    for (const id of ['1', '2', '3'])
      t.apply(
        Subjects.JurisdictionClassified,
        ev(Subjects.JurisdictionClassified, {
          report: { reportId: id.repeat(64) },
          entity: { id: 'e' },
          position: { index: 0, total: 1 },
        }),
      );
    expect(t.all().map((p) => p.reportId[0])).toEqual(['3', '2']);
    expect(t.get('1'.repeat(64))).toBeNull();
  });
});
