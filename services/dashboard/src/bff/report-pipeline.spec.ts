import {
  UpstreamUnavailableError,
  type Upstream,
  type UpstreamClient,
  type UpstreamResponse,
} from '../upstream/upstream.client';
import type { ClassifiedReport } from '../views/upstream-shapes';
import { ReportPipelineReader } from './report-pipeline';

const reportId = 'ab'.repeat(32);
const classified: ClassifiedReport = {
  report: {
    reportId,
    period: { start: '2017-01-28', end: '2017-02-03' },
    previousReportId: null,
    jurisdictionCount: 0,
    unresolvedCount: 1,
    classifiedAt: '2026-11-24T12:00:00.000Z',
  },
  jurisdictions: [],
  unresolved: [{ raw: 'Nowhere County', section: 'II', state: 'ZZ', reason: 'no match' }],
  dropped: [],
};

/** The classifier answers; the grant-exposure service is down until `up` is set. */
class OneServiceDown implements UpstreamClient {
  up = false;
  calls = 0;
  async call<T>(upstream: Upstream, path: string): Promise<UpstreamResponse<T>> {
    this.calls++;
    if (upstream === 'jurisdiction-classifier') return { status: 200, body: classified as T };
    if (!this.up)
      throw new UpstreamUnavailableError(upstream, 'GET', path, 'unreachable', 'connect ECONNREFUSED');
    return { status: 200, body: { reportId, note: 'estimates', jurisdictions: [] } as T };
  }
}

describe('ReportPipelineReader', () => {
  it('gives what the classifier answered while the estimator is down, names the estimator, and caches nothing', async () => {
    const upstream = new OneServiceDown();
    const reader = new ReportPipelineReader(upstream);

    const down = await reader.summary(reportId);
    expect(down.summary.classified).toMatchObject({ jurisdictions: 0, unresolved: 1 });
    expect(down.summary.estimated).toBeNull();
    expect(down.unavailable.map((e) => [e.upstream, e.kind])).toEqual([['grant-exposure', 'unreachable']]);

    upstream.up = true;
    const back = await reader.summary(reportId);
    expect(back.unavailable).toEqual([]);
    // Both services were asked again: the answer given during the outage was not kept.
    expect(upstream.calls).toBe(4);
  });

  it('passes on an error that is not a missing answer', async () => {
    const reader = new ReportPipelineReader({
      call: async () => {
        throw new TypeError('a bug, not an outage');
      },
    });
    await expect(reader.read(reportId)).rejects.toThrow('a bug, not an outage');
  });
});
