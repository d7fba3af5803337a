import { useEffect, useRef } from 'react';
import { JurisdictionPage } from './JurisdictionPage';
import { useLiveStatus } from './live';
import { ReportList } from './ReportList';
import { ReportPage } from './ReportPage';
import { Link, usePath } from './router';
import { WatchesPage } from './WatchesPage';

function route(path: string) {
  const report = /^\/reports\/([0-9a-f]{64})\/?$/.exec(path);
  if (report) return { title: 'Report', view: <ReportPage id={report[1]} /> };
  const jur = /^\/jurisdictions\/([^/]+)\/?$/.exec(path);
  if (jur) return { title: 'Jurisdiction', view: <JurisdictionPage id={decodeURIComponent(jur[1])} /> };
  if (path === '/watches') return { title: 'Watches', view: <WatchesPage /> };
  if (path === '/' || path === '/reports') return { title: 'Reports', view: <ReportList /> };
  return {
    title: 'Not found',
    view: (
      <>
        <h1>Page not found</h1>
        <p>
          <Link href="/">All reports</Link>
        </p>
      </>
    ),
  };
}

export function App() {
  const path = usePath();
  const live = useLiveStatus();
  const main = useRef<HTMLElement>(null);
  const { title, view } = route(path);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${title} · detainer-watch`;
    // After a page change (not on first load), move focus to the content so screen readers announce it.
    if (!first.current) main.current?.focus();
    first.current = false;
  }, [path, title]);
  const current = (p: string) =>
    path === p || (p === '/' && path.startsWith('/reports')) ? 'page' : undefined;
  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <header className="site">
        <Link href="/" className="brand">
          detainer-watch
        </Link>
        <nav aria-label="Main">
          <Link href="/" aria-current={current('/')}>
            Reports
          </Link>
          <Link href="/watches" aria-current={current('/watches')}>
            Watches
          </Link>
        </nav>
        <span className={`live ${live ? 'on' : 'off'}`} role="status">
          {live ? 'Live updates on' : 'Live updates off'}
        </span>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {view}
      </main>
      <footer className="site">
        Figures come from ICE's Declined Detainer Outcome Reports as printed, and from public OJP award data.
        Money at risk is an estimate, not an amount withheld; an unknown figure is shown as unknown, never as
        $0.
      </footer>
    </>
  );
}
