import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportExtract } from '@detainer-watch/contracts';
import {
  generateReport,
  iceLetterLandscape,
  syntheticContent,
  type Truth,
} from '@detainer-watch/ddor-fixtures';
import type { ReportAnalysis } from '@detainer-watch/report-analysis';

/**
 * Runs the built command (`node cli/bin/detainer-watch.js`) as a child process, as a user would. beforeAll builds it
 * with `tsc -b cli` (incremental: quick when nothing changed).
 */
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'cli', 'bin', 'detainer-watch.js');
const FIXTURES = join(ROOT, 'libs', 'ddor-fixtures', 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);
const truthOf = (name: string) => JSON.parse(readFileSync(fixture(`${name}.truth.json`), 'utf8')) as Truth;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Each test starts Node and reads a PDF; on a loaded 2-core machine that can take well over Jest's default 5 s.
jest.setTimeout(120_000);

let tmp: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'cli'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  tmp = mkdtempSync(join(tmpdir(), 'detainer-watch-cli-'));
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('detainer-watch extract', () => {
  const name = 'week2-letter-portrait-times';
  const truth = truthOf(name);

  it('--json prints the extract object with every row of the generated report', async () => {
    const { code, stdout, stderr } = await run('extract', fixture(`${name}.pdf`), '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const extract = JSON.parse(stdout) as ReportExtract;
    expect(extract.reportId).toMatch(/^[0-9a-f]{64}$/);
    expect(extract).toMatchObject({
      title: truth.title,
      periodStart: truth.periodStart,
      periodEnd: truth.periodEnd,
      detainersIssued: truth.detainersIssued,
      pageCount: truth.pageCount,
    });
    expect(extract.highestVolume).toEqual(truth.highestVolume);
    expect(extract.declined).toHaveLength(truth.declined.length);
    expect(extract.policies).toHaveLength(truth.policies.length);
  });

  it('--csv declined prints one CSV line per Section II row', async () => {
    const { code, stdout } = await run('extract', fixture(`${name}.pdf`), '--csv', 'declined');
    expect(code).toBe(0);
    const lines = stdout.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe(
      'row,state,county,facility,citizenship,notable_criminal_activity,detainer_issued,detainer_declined,page',
    );
    expect(lines).toHaveLength(truth.declined.length + 1);
    expect(lines[1].startsWith(`0,${truth.declined[0].state},${truth.declined[0].county},`)).toBe(true);
  });

  it('prints a readable summary by default', async () => {
    const { code, stdout } = await run('extract', fixture(`${name}.pdf`));
    expect(code).toBe(0);
    expect(stdout).toContain(`period:     ${truth.periodStart} to ${truth.periodEnd}`);
    expect(stdout).toContain(`Section II: recorded declined detainers (${truth.declined.length} rows`);
    expect(stdout).toContain('Travis County');
  });

  it('refuses --csv of a section that does not exist, with the choices', async () => {
    const { code, stderr } = await run('extract', fixture(`${name}.pdf`), '--csv', 'section-iv');
    expect(code).toBe(2);
    expect(stderr).toMatch(/highest-volume, declined, policies/);
  });
});

describe('detainer-watch analyze', () => {
  const name = 'week1-ice-letter-landscape';
  const truth = truthOf(name);
  const travisRows = truth.declined.filter((r) => r.state === 'TX' && r.county === 'Travis County').length;

  it('--json prints { report, jurisdictions, unresolved } that accounts for every Section II row', async () => {
    const { code, stdout, stderr } = await run('analyze', fixture(`${name}.pdf`), '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const analysis = JSON.parse(stdout) as ReportAnalysis;
    expect(Object.keys(analysis)).toEqual(['report', 'jurisdictions', 'unresolved']);
    expect(analysis.report.declined).toHaveLength(truth.declined.length);
    expect(analysis.report.highestVolume).toHaveLength(truth.highestVolume.length);
    expect(analysis.report.policies).toHaveLength(truth.policies.length);
    const travis = analysis.jurisdictions.find((j) => j.id === 'county:48453')!;
    expect(travis).toMatchObject({
      name: 'Travis County',
      state: 'TX',
      fips: '48453',
      declinedCount: travisRows,
    });
    expect(travis.exposure).toMatchObject({
      estimate: true,
      programs: ['JAG', 'SCAAP'],
      fiscalYears: [2017],
    });
    // No Section II name of this report is unresolved, so every row counts for exactly one jurisdiction.
    const sectionIINames = new Set(truth.declined.map((r) => r.county));
    expect(analysis.unresolved.filter((u) => sectionIINames.has(u.raw))).toEqual([]);
    expect(analysis.jurisdictions.reduce((s, j) => s + j.declinedCount, 0)).toBe(truth.declined.length);
    for (const j of analysis.jurisdictions) {
      for (const line of j.exposure.lines) {
        if (line.status === 'unknown') expect(line.amountCents).toBeNull();
        else expect(line.amountCents).toBeGreaterThan(0);
      }
    }
  });

  it('prints a readable summary naming Travis County with its declined rows and labelling estimates', async () => {
    const { code, stdout } = await run('analyze', fixture(`${name}.pdf`));
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`TX\\s+Travis County\\s+county\\s+0\\.9\\d\\s+${travisRows}\\s`));
    expect(stdout).toContain('Grant money at risk: ESTIMATES, not amounts withheld');
    expect(stdout).toMatch(/"San Miguel, New Mexico", Section III row \d+\n.*ambiguous/);
    expect(stdout).toContain('San Miguel County, NM (county:35047');
    expect(stdout).not.toMatch(/(?<!not )\$0\b/); // an unknown is never shown as $0
  });

  it('lists a county it cannot resolve in a generated report, with the rows kept out of the counts', async () => {
    const content = syntheticContent({ seed: 3, declinedRows: 8 });
    content.declined.push({
      ...content.declined[0],
      state: 'TX',
      county: 'Qwertyuiop County',
      facility: 'QWERTY JAIL',
    });
    const { pdf, truth: generated } = await generateReport(content, iceLetterLandscape);
    const file = join(tmp, 'generated.pdf');
    writeFileSync(file, pdf);
    const { code, stdout } = await run('analyze', file, '--json', '--programs', 'COPS', '--fy', '2016');
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout) as ReportAnalysis;
    expect(analysis.unresolved.map((u) => u.raw)).toContain('Qwertyuiop County');
    expect(analysis.jurisdictions.reduce((s, j) => s + j.declinedCount, 0)).toBe(
      generated.declined.length - 1,
    );
    expect(analysis.jurisdictions[0].exposure).toMatchObject({ programs: ['COPS'], fiscalYears: [2016] });
  });

  it('refuses an unknown program and a malformed fiscal year', async () => {
    const programs = await run('analyze', fixture(`${name}.pdf`), '--programs', 'JAG,FOO');
    expect(programs.code).toBe(2);
    expect(programs.stderr).toContain('unknown program "FOO"; choose from JAG, SCAAP, COPS');
    const fy = await run('analyze', fixture(`${name}.pdf`), '--fy', '17');
    expect(fy.code).toBe(2);
    expect(fy.stderr).toContain('"17" is not a fiscal year');
  });
});

describe('bad input', () => {
  it.each([
    ['extract', 'bad-zeroByte.pdf', /bad-zeroByte\.pdf: not extracted \(empty\): the file is empty/],
    ['extract', 'bad-encrypted.pdf', /bad-encrypted\.pdf: not extracted \(encrypted\): .*password/],
    ['analyze', 'bad-encrypted.pdf', /bad-encrypted\.pdf: not extracted \(encrypted\)/],
    ['extract', 'bad-notADdor.pdf', /not extracted \(not_a_ddor\)/],
    ['extract', 'bad-scanned.pdf', /not extracted \(no_text_layer\)/],
    ['analyze', 'bad-truncated.pdf', /not extracted \(corrupt\)/],
    ['extract', 'no-such-file.pdf', /no-such-file\.pdf: no such file/],
  ])('%s %s exits 1 and names the problem', async (command, file, message) => {
    const { code, stdout, stderr } = await run(command, fixture(file));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('says a file that is not a PDF at all is not one', async () => {
    const file = join(tmp, 'notes.pdf');
    writeFileSync(file, 'Travis County, 142 declined detainers\n');
    const { code, stderr } = await run('extract', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/notes\.pdf: not extracted \(corrupt\)/);
  });
});
