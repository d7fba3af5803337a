import { readFileSync } from 'node:fs';
import {
  estimateExposure,
  parseReferenceLedger,
  REFERENCE_LEDGER_PATH,
} from '@detainer-watch/grant-exposure';
import { indexLedger, ledgerRecipientResolver } from './ledger';
import { shippedResolver } from './__fixtures__/shipped';

const resolver = shippedResolver();
const resolve = ledgerRecipientResolver(resolver);

describe('ledgerRecipientResolver', () => {
  it.each([
    ['Clark County (Las Vegas Metropolitan Police Department)', 'NV', 'county', 'county:32003'],
    ['New York (City) - FY2016 Byrne JAG subject to April 2017 DOJ letter', 'NY', 'city', 'place:3651000'],
    ['City of Santa Clara (Police Department) - eligible amount', 'CA', 'city', 'place:0669084'],
    ['New Orleans Police Department', 'LA', 'city', 'place:2255000'],
    ['Town of West Hartford', 'CT', 'town', 'cousub:0900382590'],
    ['New York State Division of Criminal Justice Services', 'NY', 'state', 'state:36'],
  ] as const)('%s (%s, %s) is %s', (name, state, type, id) => {
    expect(resolve(name, state, type)).toEqual({ id, fips: id.split(':')[1] });
  });

  it('leaves a recipient that is no single place, or of another type than the answer, unattributed', () => {
    expect(resolve('All JAG allocations (national total)', 'US', 'other')).toBeNull();
    expect(resolve('Qwertyuiop', 'TX', 'city')).toBeNull();
    expect(resolve('Travis County', 'TX', 'city')).toBeNull();
  });

  it('attributes every recipient-scope row of the shipped ledger, or says which it could not', async () => {
    const file = parseReferenceLedger(JSON.parse(readFileSync(REFERENCE_LEDGER_PATH, 'utf8')));
    const { index, unresolved } = await indexLedger(file.rows, resolver);
    expect(unresolved.map((u) => `${u.recipient} (${u.state})`)).toEqual([]);
    const hartford = estimateExposure(index, {
      jurisdiction: 'place:0937000',
      programs: ['COPS'],
      fiscalYears: [2016],
      clawbackYears: 0,
    });
    expect(hartford.lines[0]).toMatchObject({ amountCents: 350_000_000, status: 'rounded' });
  });
});
