import { useState, type FormEvent } from 'react';
import { api, ApiError, type Watch } from './api';
import { when } from './format';
import { Link } from './router';
import { useData } from './useData';

export function WatchesPage() {
  const { data, error, reload } = useData(api.watches, []);
  const [email, setEmail] = useState('');
  const [jurisdiction, setJurisdiction] = useState('');
  const [state, setState] = useState('');
  const [children, setChildren] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{
    kind: 'ok' | 'error';
    text: string;
    candidates?: { id: string; name: string; state: string }[];
  } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const w = await api.createWatch({
        email,
        jurisdiction,
        state: state || undefined,
        includeChildren: children,
      });
      setStatus({
        kind: 'ok',
        text: `Watching ${w.jurisdiction.name}, ${w.jurisdiction.state} (${w.status.replace(/_/g, ' ')}).`,
      });
      setJurisdiction('');
      reload();
    } catch (err) {
      const body =
        err instanceof ApiError
          ? (err.body as { candidates?: { id: string; name: string; state: string }[] })
          : null;
      setStatus({ kind: 'error', text: (err as Error).message, candidates: body?.candidates });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (w: Watch) => {
    if (!window.confirm(`Stop watching ${w.jurisdiction.name} for ${w.email}?`)) return;
    try {
      await api.deleteWatch(w.id);
      setStatus({ kind: 'ok', text: `Watch on ${w.jurisdiction.name} deleted.` });
      reload();
    } catch (err) {
      setStatus({ kind: 'error', text: (err as Error).message });
    }
  };

  return (
    <>
      <h1>Watches</h1>
      <p className="lede">
        A watch sends one email when a new report lists the jurisdiction, with what the report says and the
        estimated money at risk. Addresses are shown masked.
      </p>
      {error && (
        <p role="alert" className="error">
          Could not load watches: {error}
        </p>
      )}
      {data && !data.enabled && (
        <p className="warning">
          Watches cannot be managed from this dashboard: it has no notifier API key
          (DASHBOARD_NOTIFIER_API_KEY).
        </p>
      )}
      {data?.enabled && (
        <form onSubmit={submit} className="watch-form" aria-labelledby="new-watch">
          <h2 id="new-watch">New watch</h2>
          <div className="field">
            <label htmlFor="w-email">Email address</label>
            <input
              id="w-email"
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="w-jur">Jurisdiction</label>
            <input
              id="w-jur"
              required
              value={jurisdiction}
              onChange={(e) => setJurisdiction(e.target.value)}
              aria-describedby="w-jur-help"
            />
            <small id="w-jur-help">
              A name such as “Hartford, CT” or “Travis County, Texas”, an id (place:0937000) or a FIPS code.
            </small>
          </div>
          <div className="field small">
            <label htmlFor="w-state">State (optional)</label>
            <input
              id="w-state"
              maxLength={2}
              value={state}
              onChange={(e) => setState(e.target.value.toUpperCase())}
              aria-describedby="w-state-help"
            />
            <small id="w-state-help">Two-letter code, when the name does not say.</small>
          </div>
          <div className="field check">
            <input
              id="w-children"
              type="checkbox"
              checked={children}
              onChange={(e) => setChildren(e.target.checked)}
            />
            <label htmlFor="w-children">Also the counties, towns, cities and facilities inside it</label>
          </div>
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create watch'}
          </button>
        </form>
      )}
      <div role="status" aria-live="polite">
        {status && (
          <div className={status.kind === 'ok' ? 'ok' : 'error'}>
            <p>{status.text}</p>
            {status.candidates && status.candidates.length > 0 && (
              <>
                <p>Did you mean one of these? Use its id as the jurisdiction:</p>
                <ul>
                  {status.candidates.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="linkish" onClick={() => setJurisdiction(c.id)}>
                        {c.name}, {c.state} ({c.id})
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
      {data?.enabled && (
        <div className="table-wrap" role="region" aria-label="Watches" tabIndex={0}>
          <table>
            <caption>
              {data.total} watch{data.total === 1 ? '' : 'es'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Jurisdiction</th>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.watches.length === 0 && (
                <tr>
                  <td colSpan={5}>No watches yet.</td>
                </tr>
              )}
              {data.watches.map((w) => (
                <tr key={w.id} data-watch-id={w.id}>
                  <th scope="row">
                    <Link href={`/jurisdictions/${w.jurisdiction.id}`}>
                      {w.jurisdiction.name}, {w.jurisdiction.state}
                    </Link>
                    {w.includeChildren && <span className="muted"> and places inside it</span>}
                  </th>
                  <td>{w.email}</td>
                  <td>
                    {w.status.replace(/_/g, ' ')}
                    {w.confirmation !== 'not_needed' ? ` (confirmation ${w.confirmation})` : ''}
                  </td>
                  <td>{when(w.createdAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => remove(w)}
                      aria-label={`Delete the watch on ${w.jurisdiction.name} for ${w.email}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="source">
        Source: notifier GET /watches (through this dashboard; its API key stays on the server).
      </p>
    </>
  );
}
