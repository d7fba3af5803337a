import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { EmlFileSender } from './eml-file-sender';

describe('EmlFileSender', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notifier-eml-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one parseable .eml per message, replacing it when the same delivery is sent again', async () => {
    const sender = new EmlFileSender(join(dir, 'outbox'), 'alerts@watch.example.org', 'detainer-watch');
    const mail = {
      to: 'reader@example.org',
      subject: 'Alert: Hartford city, CT',
      text: 'plain part',
      html: '<p>html &lt;part&gt;</p>',
      headers: { 'List-Unsubscribe': '<https://watch.example.org/u>' },
      messageId: '<alert.0123abcd@watch.example.org>',
    };
    const first = await sender.send(mail);
    const second = await sender.send(mail);
    await sender.close();
    expect(first).toMatchObject({
      accepted: true,
      attempts: 1,
      messageId: '<alert.0123abcd@watch.example.org>',
    });
    expect(second.accepted).toBe(true);
    const files = await readdir(join(dir, 'outbox'));
    expect(files).toEqual(['alert.0123abcd@watch.example.org.eml']);
    const raw = await readFile(join(dir, 'outbox', files[0]!));
    expect(raw.includes('\r\n')).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Alert: Hartford city, CT');
    expect(parsed.text?.trim()).toBe('plain part');
    expect(parsed.html).toContain('<p>html &lt;part&gt;</p>');
    expect(parsed.headers.get('list')).toEqual({ unsubscribe: { url: 'https://watch.example.org/u' } });
  });

  it('reports a folder it can not write as a failed delivery, not a thrown error', async () => {
    // A folder below a regular file can never be created.
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    const sender = new EmlFileSender(join(file, 'outbox'), 'alerts@watch.example.org', 'dw');
    const result = await sender.send({
      to: 'reader@example.org',
      subject: 's',
      text: 't',
      html: '<p>t</p>',
      headers: {},
      messageId: '<x@y.org>',
    });
    expect(result).toMatchObject({ accepted: false, attempts: 1, permanent: false });
    expect(result.reason).toMatch(/ENOTDIR/);
    await sender.close();
  });
});
