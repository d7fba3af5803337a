import { REPORT, confirmedWatch, entities, estimateFor, exposureLine } from '../testing/fixtures';
import { renderAlertEmail, renderConfirmationEmail } from './render';

const baseUrl = 'https://watch.example.org';
const ct = confirmedWatch('ana@example.org', entities.connecticut, true);

describe('renderAlertEmail', () => {
  it('escapes report text in HTML and keeps the subject on one line', () => {
    const evil = { ...entities.hartford, name: 'Hartford <script>alert(1)</script>\r\nBcc: x@example.com' };
    const e = estimateFor(evil, { index: 0, total: 1, rawName: '<img src=x onerror=alert(1)>' });
    const r = renderAlertEmail(ct, [e], baseUrl);
    expect(r.html).not.toContain('<script>');
    expect(r.html).not.toContain('<img');
    expect(r.html).toContain('Hartford &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.subject).toContain('Hartford <script>alert(1)</script> Bcc: x@example.com, CT');
  });

  it('says what the report says, with labels, dates and pages', () => {
    const r = renderAlertEmail(
      ct,
      [estimateFor(entities.eastHaven, { index: 0, total: 1, declined: 2 })],
      baseUrl,
    );
    for (const body of [r.text, r.html]) {
      expect(body).toContain('January 28, 2017 to February 3, 2017');
      expect(body).toContain('East Haven town, CT');
      expect(body).toContain(
        '42 detainers issued (listed among the jurisdictions that received the most detainers)',
      );
      expect(body).toContain('2 declined detainer(s) listed');
      expect(body).toContain('Assault; Driving Under the Influence');
      expect(body).toContain('January 30, 2017');
      expect(body).toContain('Will not honor ICE detainers unless accompanied by a judicial warrant.');
      expect(body).toContain('Judicial warrant');
      expect(body).toContain('Honors detainers only with a judicial warrant or order');
      expect(body).toContain('New: not listed in the previous report.');
      expect(body).toContain(REPORT.sourceUrl);
    }
    expect(r.subject).toBe(
      'ICE declined detainer report (January 28, 2017 to February 3, 2017): East Haven town, CT',
    );
  });

  it('prints every Section III row the report lists for a jurisdiction, in report order, each with its page', () => {
    const travisRows = [
      {
        jurisdiction: 'Travis County, Texas',
        aor: 'San Antonio',
        dateEnacted: 'January 2017',
        policy: "County Sheriff's Office Policy",
        criteria: ['Will honor ICE detainers accompanied by a judicial warrant or court order'],
        page: 20,
      },
      {
        jurisdiction: 'Travis County, Texas',
        aor: 'San Antonio',
        dateEnacted: 'July 2014',
        policy: "County Sheriff's Office Decision",
        criteria: ['Will not honor ICE detainer without another accompanying criminal charge'],
        page: 24,
      },
    ];
    const r = renderAlertEmail(
      ct,
      [estimateFor(entities.travis, { index: 0, total: 1, policies: travisRows })],
      baseUrl,
    );
    const esc = (s: string) => s.replace(/'/g, '&#x27;');
    const inOrder = (body: string, parts: string[]) => {
      const at = parts.map((p) => body.indexOf(p));
      expect(at.every((i) => i >= 0) ? at : parts).toEqual([...at].sort((a, b) => a - b));
    };
    inOrder(r.text, [
      'Section III: listed as a jurisdiction whose policy limits cooperation with ICE (2 rows, in report order).',
      'Listed as: Travis County, Texas [San Antonio] (report page 20)',
      'Date enacted (as printed): January 2017',
      "Policy (as printed): County Sheriff's Office Policy",
      '* Will honor ICE detainers accompanied by a judicial warrant or court order',
      'Listed as: Travis County, Texas [San Antonio] (report page 24)',
      'Date enacted (as printed): July 2014',
      "Policy (as printed): County Sheriff's Office Decision",
      '* Will not honor ICE detainer without another accompanying criminal charge',
    ]);
    inOrder(r.html, [
      '(2 rows, in report order)',
      'Listed as: Travis County, Texas [San Antonio] (report page 20); date enacted (as printed): January 2017',
      esc("County Sheriff's Office Policy"),
      '<li>Will honor ICE detainers accompanied by a judicial warrant or court order</li>',
      'Listed as: Travis County, Texas [San Antonio] (report page 24); date enacted (as printed): July 2014',
      esc("County Sheriff's Office Decision"),
      '<li>Will not honor ICE detainer without another accompanying criminal charge</li>',
    ]);
    expect(r.text).not.toContain('Section III: not listed');
  });

  it('says "not listed" for a jurisdiction Section III does not name, and prints one row as one row', () => {
    const none = renderAlertEmail(
      ct,
      [estimateFor(entities.hartford, { index: 0, total: 1, withPolicy: false })],
      baseUrl,
    );
    expect(none.text).toContain('Section III: not listed.');
    expect(none.html).toContain('<strong>Section III:</strong> not listed.');
    expect(none.text).not.toContain('Listed as:');
    const one = renderAlertEmail(ct, [estimateFor(entities.hartford, { index: 0, total: 1 })], baseUrl);
    expect(one.text).toContain('limits cooperation with ICE (1 row).');
    expect(one.text).toContain('(report page 30)');
    expect(one.html).toContain('(report page 30)');
  });

  it('prints estimates exactly, labelled as estimates, with status and sources, and unknown never as $0', () => {
    const r = renderAlertEmail(ct, [estimateFor(entities.hartford, { index: 0, total: 1 })], baseUrl);
    for (const body of [r.text, r.html]) {
      expect(body).toMatch(/estimate/i);
      expect(body).toContain('$1,745,037.00');
      expect(body).toContain('$260,000.00');
      expect(body).toContain('the source printed a rounded figure');
      expect(body).toContain('unknown: no figure in the sources');
      expect(body).toContain('Estimated total: ');
      expect(body).toContain('$2,005,037.00');
      expect(body).toContain('partial: some lines are rounded or unknown');
      expect(body).toContain('USAspending.gov award 2016-DJ-BX-0001, row 12');
      expect(body).not.toContain('$0.00');
    }
    expect(r.text).toMatch(/JAG \(CFDA 16\.738\), FY 2017, direct award: unknown/);
  });

  it('says unknown for a total with no known line', () => {
    const lines = [exposureLine({ amountCents: null, status: 'unknown', sources: [] })];
    const r = renderAlertEmail(ct, [estimateFor(entities.hartford, { index: 0, total: 1, lines })], baseUrl);
    expect(r.text).toContain('Estimated total: unknown (unknown: no line has a figure)');
    expect(r.html).not.toContain('$0');
  });

  it('links only http(s) sources', () => {
    const lines = [
      exposureLine({
        sources: [{ ledgerRowId: 'x', citation: 'Evil', url: 'javascript:alert(1)', note: null }],
      }),
    ];
    const r = renderAlertEmail(ct, [estimateFor(entities.hartford, { index: 0, total: 1, lines })], baseUrl);
    expect(r.html).not.toContain('href="javascript');
    expect(r.html).toContain(`href="${REPORT.sourceUrl}"`);
  });

  it('carries an unsubscribe link in both parts and in List-Unsubscribe', () => {
    const r = renderAlertEmail(ct, [estimateFor(entities.hartford, { index: 0, total: 1 })], baseUrl);
    const url = `${baseUrl}/watches/${ct.id}/unsubscribe?token=${ct.unsubscribeToken}`;
    expect(r.text).toContain(url);
    expect(r.html).toContain(`href="${url.replace(/=/g, '&#x3D;')}"`);
    expect(r.headers['List-Unsubscribe']).toBe(`<${url}>`);
    expect(r.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('names up to three jurisdictions in the subject', () => {
    const many = [entities.eastHaven, entities.hartford, entities.travis, entities.connecticut].map((e, i) =>
      estimateFor(e, { index: i, total: 4 }),
    );
    expect(renderAlertEmail(ct, many, baseUrl).subject).toMatch(
      /: East Haven town, CT; Hartford city, CT; Travis County, TX and 1 more$/,
    );
  });

  it('refuses to render an alert with nothing matched', () => {
    expect(() => renderAlertEmail(ct, [], baseUrl)).toThrow(/no matched jurisdiction/);
  });
});

describe('renderConfirmationEmail', () => {
  it('contains the confirm link', () => {
    const r = renderConfirmationEmail(ct, baseUrl);
    expect(r.subject).toBe('Confirm your detainer-watch alert for Connecticut');
    expect(r.text).toContain(`${baseUrl}/watches/${ct.id}/confirm?token=${ct.confirmToken}`);
    expect(r.html).toContain('Confirm this alert');
  });
});
