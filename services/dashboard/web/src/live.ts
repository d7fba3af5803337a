import { useEffect, useState } from 'react';
import type { ProgressMessage, ReportProgress } from './api';

type Listener = (p: ReportProgress) => void;
const listeners = new Set<Listener>();
const latest = new Map<string, ReportProgress>();
let source: EventSource | null = null;
let connected = false;
const statusListeners = new Set<(c: boolean) => void>();

/** One EventSource for the whole page; the browser reconnects it by itself when it drops. */
function ensureSource() {
  if (source) return;
  source = new EventSource('/api/events');
  source.onopen = () => setConnected(true);
  source.onerror = () => setConnected(false);
  source.onmessage = (e: MessageEvent<string>) => {
    const m = JSON.parse(e.data) as ProgressMessage | { type: 'heartbeat' };
    if (m.type !== 'report') return;
    latest.set(m.progress.reportId, m.progress);
    for (const l of listeners) l(m.progress);
  };
}

function setConnected(c: boolean) {
  connected = c;
  for (const l of statusListeners) l(c);
}

/** Calls `on` for every progress change of any report. */
export function useProgressFeed(on: Listener) {
  useEffect(() => {
    ensureSource();
    listeners.add(on);
    return () => void listeners.delete(on);
  }, [on]);
}

/** The latest progress of one report from the live feed (null until an event about it arrives). */
export function useReportProgress(reportId: string, initial: ReportProgress | null): ReportProgress | null {
  const [p, setP] = useState<ReportProgress | null>(latest.get(reportId) ?? initial);
  useEffect(() => {
    ensureSource();
    const on: Listener = (x) => x.reportId === reportId && setP(x);
    listeners.add(on);
    return () => void listeners.delete(on);
  }, [reportId]);
  return p ?? initial;
}

export function useLiveStatus(): boolean {
  const [c, setC] = useState(connected);
  useEffect(() => {
    ensureSource();
    statusListeners.add(setC);
    return () => void statusListeners.delete(setC);
  }, []);
  return c;
}
