import type { ResolveReply, ResolveRequest } from '@detainer-watch/contracts';
import { GazetteerFileLoader, createResolver } from '@detainer-watch/jurisdictions';
import { SmtpSender } from '../delivery/smtp-sender';
import type { JurisdictionLookup } from '../jurisdiction/jurisdiction-lookup';
import { SmtpCapture, type Refusal } from '../testing/smtp-capture';
import { InMemoryWatchRepository } from '../watches/in-memory-watch.repository';
import { JurisdictionNotResolvedError, registerWatch } from './register-watch';
import { sendConfirmation } from './send-confirmation';

/** The real resolver over the shipped gazetteer, called in process instead of over the bus. */
function localLookup(): JurisdictionLookup {
  const loader = new GazetteerFileLoader();
  const resolver = createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
  return {
    async resolve(req: ResolveRequest): Promise<ResolveReply> {
      const r = resolver.resolve(req.q, { section: 'user', ...(req.state ? { state: req.state } : {}) });
      return { q: r.q, resolved: r.resolved, candidates: r.candidates, reason: r.reason };
    },
  };
}

describe('registerWatch and sendConfirmation over a real SMTP server', () => {
  const lookup = localLookup();
  let capture: SmtpCapture;
  let sender: SmtpSender;
  let refuse: Refusal | null;
  let clock: Date;

  beforeEach(async () => {
    refuse = null;
    clock = new Date('2024-05-01T00:00:00Z');
    capture = await SmtpCapture.start({ onRecipient: () => refuse });
    sender = new SmtpSender({
      smtp: {
        host: '127.0.0.1',
        port: capture.port,
        secure: false,
        startTls: 'never',
        auth: null,
        maxConnections: 1,
        timeoutMs: 5000,
      },
      from: 'alerts@watch.example.org',
      fromName: 'detainer-watch',
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
  });
  afterEach(async () => {
    await sender.close();
    await capture.stop();
  });

  const deps = (watches: InMemoryWatchRepository, requireConfirmation = true) => ({
    watches,
    sender,
    lookup,
    requireConfirmation,
    baseUrl: 'https://watch.example.org',
    messageIdDomain: 'watch.example.org',
    runRetry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    now: () => clock,
  });

  it('confirms at once and sends nothing when confirmation is switched off', async () => {
    const watches = new InMemoryWatchRepository();
    const { watch, confirmation } = await registerWatch(
      { email: 'a@example.org', jurisdiction: '0937000' },
      deps(watches, false),
    );
    expect(watch).toMatchObject({ status: 'confirmed', confirmedAt: clock.toISOString() });
    expect(watch.jurisdiction).toEqual({
      id: 'place:0937000',
      name: 'Hartford city',
      type: 'city',
      state: 'CT',
      fips: '0937000',
    });
    expect(confirmation.status).toBe('not_needed');
    expect(capture.recipientCommands).toBe(0);
  });

  it('refuses an ambiguous name with its candidates, storing nothing', async () => {
    const watches = new InMemoryWatchRepository();
    const error = await registerWatch(
      { email: 'a@example.org', jurisdiction: 'Franklin County' },
      deps(watches),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JurisdictionNotResolvedError);
    expect((error as JurisdictionNotResolvedError).candidates.length).toBeGreaterThan(1);
    expect((await watches.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('keeps a confirmation that failed temporarily pending, due after the backoff, then sends it', async () => {
    const watches = new InMemoryWatchRepository();
    refuse = { code: 421, message: 'Try again later' };
    const { watch, confirmation } = await registerWatch(
      { email: 'a@example.org', jurisdiction: 'Hartford, CT' },
      deps(watches),
    );
    expect(confirmation).toMatchObject({ status: 'pending', attempts: 1 });
    expect(confirmation.nextAt!.getTime() - clock.getTime()).toBeGreaterThanOrEqual(30_000);
    expect(await watches.dueConfirmations(clock, 10)).toEqual([]);
    expect(await watches.dueConfirmations(new Date(clock.getTime() + 60_000), 10)).toEqual([watch.id]);

    refuse = null;
    expect(await sendConfirmation(watch.id, deps(watches))).toMatchObject({ status: 'sent', attempts: 2 });
    expect(capture.messages).toHaveLength(1);
    expect(capture.messages[0]!.parsed!.messageId).toBe(`<confirm.${watch.id}@watch.example.org>`);
    // Already sent: a second sweep does not send it again.
    expect(await sendConfirmation(watch.id, deps(watches))).toMatchObject({ status: 'sent' });
    expect(capture.messages).toHaveLength(1);
  });

  it('records a 550 on the confirmation as failed, without retrying', async () => {
    const watches = new InMemoryWatchRepository();
    refuse = { code: 550, message: 'No such user' };
    const { watch, confirmation } = await registerWatch(
      { email: 'a@example.org', jurisdiction: 'Hartford, CT' },
      deps(watches),
    );
    expect(confirmation).toMatchObject({ status: 'failed', attempts: 1, nextAt: null });
    expect(await watches.dueConfirmations(new Date(clock.getTime() + 3_600_000), 10)).toEqual([]);
    expect(watch.status).toBe('pending_confirmation');
  });
});
