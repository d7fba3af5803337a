import { buildDeadLetter, deadLetterBody, deadLetterId, describeError } from './dead-letter';

describe('buildDeadLetter', () => {
  const base = {
    subject: 'report.fetched',
    durable: 'svc_report_fetched',
    deliveryCount: 5,
    kind: 'max_deliver' as const,
  };

  it('keeps a UTF-8 body as text with the error and headers', () => {
    const body = new TextEncoder().encode('{"id":"é"}');
    const dl = buildDeadLetter({
      ...base,
      error: 'Error: boom',
      body,
      headers: { 'Nats-Msg-Id': ['x'] },
      failedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(dl).toEqual({
      ...base,
      error: 'Error: boom',
      failedAt: '2026-01-02T03:04:05.000Z',
      original: '{"id":"é"}',
      originalEncoding: 'utf8',
      headers: { 'Nats-Msg-Id': ['x'] },
    });
    expect(deadLetterBody(dl)).toEqual(body);
  });

  it('falls back to base64 for bytes that are not UTF-8 and round-trips them', () => {
    const body = Uint8Array.from([0xff, 0xfe, 0x00, 0x41]);
    const dl = buildDeadLetter({ ...base, kind: 'contract_violation', error: 'not JSON', body });
    expect(dl.originalEncoding).toBe('base64');
    expect(dl.original).toBe('//4AQQ==');
    expect(Buffer.from(deadLetterBody(dl))).toEqual(Buffer.from(body));
  });
});

describe('deadLetterId / describeError', () => {
  it('is stable per consumer and stream sequence', () => {
    expect(deadLetterId('a_b', 42)).toBe('dead:a_b:42');
  });
  it('describes errors, strings and other values', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ code: 1 })).toBe('{"code":1}');
  });
});
