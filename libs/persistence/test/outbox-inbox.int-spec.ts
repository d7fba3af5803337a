import { Subjects } from '@detainer-watch/contracts';
import type { DataSource } from 'typeorm';
import { Inbox, Outbox } from '../src';
import { alertSent } from './fixtures/events';
import { startDbHarness, type DbHarness } from './harness';
import { sleep, waitFor } from '@detainer-watch/testing';

jest.setTimeout(60_000);

describe('outbox and inbox (Postgres)', () => {
  let h: DbHarness;
  let ds: DataSource;
  let outbox: Outbox;
  const outboxIds = async (): Promise<string[]> =>
    (await ds.query('SELECT id FROM outbox ORDER BY created_at, id')).map((r: { id: string }) => r.id);
  const widgetCount = async (id: string): Promise<number | null> =>
    (await ds.query('SELECT count FROM widgets WHERE id = $1', [id]))[0]?.count ?? null;

  beforeAll(async () => {
    h = await startDbHarness();
    ds = await h.dataSource();
    outbox = new Outbox(h.schema);
  });
  afterAll(async () => {
    await h.close();
  });

  it('commits the state change and its outbox row together, with subject, envelope and report id', async () => {
    await ds.transaction(async (m) => {
      await m.query("INSERT INTO widgets (id, count) VALUES ('w-commit', 1)");
      expect(await outbox.enqueue(m, Subjects.AlertSent, alertSent('e-commit'))).toBe(true);
    });
    expect(await widgetCount('w-commit')).toBe(1);
    const [row] = await ds.query("SELECT * FROM outbox WHERE id = 'e-commit'");
    expect(row).toMatchObject({
      subject: 'alert.sent',
      report_id: alertSent('x').reportid,
      attempts: 0,
      last_error: null,
    });
    expect(row.envelope).toEqual(JSON.parse(JSON.stringify(alertSent('e-commit'))));
  });

  it('keeps neither when the transaction rolls back', async () => {
    await expect(
      ds.transaction(async (m) => {
        await m.query("INSERT INTO widgets (id, count) VALUES ('w-rollback', 1)");
        await outbox.enqueue(m, Subjects.AlertSent, alertSent('e-rollback'));
        throw new Error('handler failed after enqueue');
      }),
    ).rejects.toThrow('handler failed after enqueue');
    expect(await widgetCount('w-rollback')).toBeNull();
    expect(await outboxIds()).not.toContain('e-rollback');
  });

  it('ignores an event enqueued again (re-processing the same input)', async () => {
    const again = await ds.transaction((m) => outbox.enqueue(m, Subjects.AlertSent, alertSent('e-commit')));
    expect(again).toBe(false);
    expect((await outboxIds()).filter((id) => id === 'e-commit')).toHaveLength(1);
  });

  it('refuses to enqueue outside a transaction', async () => {
    await expect(outbox.enqueue(ds.manager, Subjects.AlertSent, alertSent('e-loose'))).rejects.toThrow(
      /called outside a transaction/,
    );
  });

  it('notifies the relay channel only when the transaction commits', async () => {
    const { Client } = await import('pg');
    const listener = new Client({ connectionString: h.infra.databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query(`LISTEN "outbox_${h.schema}"`);
    try {
      await ds
        .transaction(async (m) => {
          await outbox.enqueue(m, Subjects.AlertSent, alertSent('e-notify-rolled-back'));
          throw new Error('abort');
        })
        .catch(() => undefined);
      await ds.transaction((m) => outbox.enqueue(m, Subjects.AlertSent, alertSent('e-notify')));
      // Notifications arrive in commit order, so one from the rolled-back transaction would be heard first.
      await waitFor(() => heard.length > 0, {
        message: 'the NOTIFY of the committed row',
        timeoutMs: 10_000,
      });
      expect(heard).toEqual([`outbox_${h.schema}`]);
    } finally {
      await listener.end();
    }
  });

  it('inbox: a redelivered event is a no-op, and state, inbox row and outbox rows commit atomically', async () => {
    const handle = () =>
      Inbox.processOnce(ds, 'widget-counter', 'in-1', async (m) => {
        await m.query(
          "INSERT INTO widgets (id, count) VALUES ('w-inbox', 1) ON CONFLICT (id) DO UPDATE SET count = widgets.count + 1",
        );
        await outbox.enqueue(m, Subjects.AlertSent, alertSent('out-of-in-1'));
        return 'handled';
      });
    expect(await handle()).toEqual({ duplicate: false, value: 'handled' });
    expect(await handle()).toEqual({ duplicate: true });
    expect(await widgetCount('w-inbox')).toBe(1);
    // Another consumer has its own record of the same event.
    const other = await Inbox.processOnce(ds, 'other-consumer', 'in-1', async () => 'also');
    expect(other).toEqual({ duplicate: false, value: 'also' });
  });

  it('inbox: a failed handler leaves no record, so the redelivery runs it again', async () => {
    await expect(
      Inbox.processOnce(ds, 'widget-counter', 'in-2', async (m) => {
        await m.query("INSERT INTO widgets (id, count) VALUES ('w-fail', 1)");
        await outbox.enqueue(m, Subjects.AlertSent, alertSent('out-of-in-2'));
        throw new Error('transient');
      }),
    ).rejects.toThrow('transient');
    expect(await widgetCount('w-fail')).toBeNull();
    expect(await outboxIds()).not.toContain('out-of-in-2');
    const retry = await Inbox.processOnce(ds, 'widget-counter', 'in-2', async (m) => {
      await m.query("INSERT INTO widgets (id, count) VALUES ('w-fail', 1)");
      return 'ok';
    });
    expect(retry).toEqual({ duplicate: false, value: 'ok' });
  });

  it('inbox: two concurrent deliveries of one event run the handler once', async () => {
    let runs = 0;
    const deliver = () =>
      Inbox.processOnce(ds, 'widget-counter', 'in-3', async (m) => {
        runs++;
        await m.query("INSERT INTO widgets (id, count) VALUES ('w-race', 1)");
        await sleep(50);
        return 'ran';
      });
    const results = await Promise.all([deliver(), deliver(), deliver()]);
    expect(runs).toBe(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(2);
  });
});
