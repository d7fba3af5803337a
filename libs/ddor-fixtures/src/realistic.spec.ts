import { generateReport } from './generate';
import { defaultLayout } from './layouts';
import { readPdfPages } from './pdf-text';
import {
  buildRealisticContent,
  citizenshipFromBirthplace,
  countyFromFacility,
  enactedAsPrinted,
} from './realistic';
import { sharedDataAvailable, sharedDataDir } from './source-data';

describe('source value mapping', () => {
  it('reduces a place of birth to a country', () => {
    expect(citizenshipFromBirthplace('Mexico (Use only when state is unknown)')).toBe('Mexico');
    expect(citizenshipFromBirthplace('Guanajuato, Mexico')).toBe('Mexico');
    expect(citizenshipFromBirthplace('Cuba, Republic of')).toBe('Cuba');
    expect(citizenshipFromBirthplace('Texas')).toBeNull();
  });

  it('prints CIS dates as the DDOR does', () => {
    expect(enactedAsPrinted('Sep-14').text).toBe('September 2014');
    expect(enactedAsPrinted('2015-08-14').text).toBe('August 2015');
    expect(() => enactedAsPrinted('sometime')).toThrow(/Date Enacted/);
  });

  it('reads the county from a facility name', () => {
    expect(countyFromFacility('CONTRA COSTA CO. JAIL')).toBe('Contra Costa County');
    expect(countyFromFacility('CLARK COUNTY DET.CENTER')).toBe('Clark County');
    expect(countyFromFacility('SANTA RITA JAIL')).toBeNull();
  });
});

const available = sharedDataAvailable();
if (!available) console.warn(`skipping realistic DDOR content tests: no data in ${sharedDataDir()}`);
const describeData = available ? describe : describe.skip;

describeData('realistic content from shared/data/ddor', () => {
  it('builds week 1 with 206 rows, 142 from Travis County, 16 states and about 35 pages', async () => {
    const content = await buildRealisticContent({ seed: 1, week: 1 });
    expect(content.declined).toHaveLength(206);
    const travis = content.declined.filter((r) => r.county === 'Travis County' && r.state === 'TX');
    expect(travis).toHaveLength(142);
    expect(travis.filter((r) => r.detainerDeclined !== '2017-02-01').length).toBeLessThanOrEqual(3);
    expect(new Set(content.declined.map((r) => r.state)).size).toBe(16);
    expect(content.policies.length).toBe(170);
    expect(content.policies[0].jurisdiction).toBe('Ithaca, New York');
    expect(content.policies.every((p) => p.criteria.length > 0)).toBe(true);
    expect(content.highestVolume.map((h) => h.jurisdiction)[3]).toBe('Montgomery County');
    const report = await generateReport(content, defaultLayout);
    expect(report.truth.pageCount).toBeGreaterThanOrEqual(32);
    expect(report.truth.pageCount).toBeLessThanOrEqual(38);
  });

  it('is reproducible from its seed and differs between seeds', async () => {
    const a = await buildRealisticContent({ seed: 5, week: 2 });
    expect(await buildRealisticContent({ seed: 5, week: 2 })).toEqual(a);
    expect(await buildRealisticContent({ seed: 6, week: 2 })).not.toEqual(a);
    expect(a.declined).toHaveLength(47);
    expect((await buildRealisticContent({ seed: 5, week: 3, declinedRows: 12 })).declined).toHaveLength(12);
  });

  it('carries no names or booking numbers from the source files into the PDF or the truth', async () => {
    const content = await buildRealisticContent({ seed: 1, week: 1 });
    const report = await generateReport(content, defaultLayout);
    const text = (await readPdfPages(report.pdf)).join('\n') + JSON.stringify(report.truth);
    expect(text).not.toMatch(/B0\d{5}/);
    expect(text).not.toMatch(/REDACTED/i);
    expect(text).not.toMatch(/Booking/i);
  });
});
