import type { ReportsController } from '../../src/bff/reports.controller';
import type { JurisdictionsController } from '../../src/bff/jurisdictions.controller';
import type { WatchesController } from '../../src/bff/watches.controller';
import type { ProgressMessage, ReportProgress } from '../../src/progress/progress-tracker';
import type { ReportMap, MapArea, AtRisk } from '../../src/views/report-map';

// The BFF's answers, typed from its controllers so the two sides cannot drift apart.
export type ReportList = Awaited<ReturnType<ReportsController['list']>>;
export type ReportListItem = ReportList['reports'][number];
export type ReportDetail = Awaited<ReturnType<ReportsController['one']>>;
export type JurisdictionDetail = Awaited<ReturnType<JurisdictionsController['one']>>;
export type WatchList = Awaited<ReturnType<WatchesController['list']>>;
export type Watch = WatchList['watches'][number];
export type { ProgressMessage, ReportProgress, ReportMap, MapArea, AtRisk };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) },
  });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const m = (body as { message?: unknown } | null)?.message;
    throw new ApiError(res.status, typeof m === 'string' ? m : `the dashboard answered ${res.status}`, body);
  }
  return body as T;
}

export const api = {
  reports: () => request<ReportList>('/api/reports?limit=30'),
  report: (id: string) => request<ReportDetail>(`/api/reports/${id}`),
  rows: (id: string, section: 'I' | 'II' | 'III') =>
    request<{ rows: Record<string, unknown>[]; source: string }>(
      `/api/reports/${id}/rows?section=${section}`,
    ),
  jurisdiction: (id: string) => request<JurisdictionDetail>(`/api/jurisdictions/${encodeURIComponent(id)}`),
  watches: () => request<WatchList>('/api/watches'),
  createWatch: (body: { email: string; jurisdiction: string; state?: string; includeChildren?: boolean }) =>
    request<Watch>('/api/watches', { method: 'POST', body: JSON.stringify(body) }),
  deleteWatch: (id: string) => request<null>(`/api/watches/${id}`, { method: 'DELETE' }),
};
