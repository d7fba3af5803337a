/**
 * A USAspending-format assistance-transactions CSV for the grant benchmarks: `rows` transactions spread over `places`
 * recipients named `BENCH CITY <n>, INC`, each recipient in turn getting a transaction of every program (one of them
 * out of scope) in every fiscal year 2010–2018.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const HEADER =
  'assistance_transaction_unique_key,assistance_award_unique_key,award_id_fain,modification_number,federal_action_obligation,total_obligated_amount,action_date,action_date_fiscal_year,awarding_agency_name,recipient_name,recipient_city_name,prime_award_transaction_recipient_county_fips_code,recipient_county_name,recipient_state_code,cfda_number,cfda_title,business_types_description,correction_delete_indicator_code';
const CFDA = [
  ['16.738', 'EDWARD BYRNE MEMORIAL JUSTICE ASSISTANCE GRANT PROGRAM'],
  ['16.606', 'STATE CRIMINAL ALIEN ASSISTANCE PROGRAM'],
  ['16.710', 'PUBLIC SAFETY PARTNERSHIP AND COMMUNITY POLICING GRANTS'],
  ['16.575', 'CRIME VICTIM ASSISTANCE'],
];

/** The recipient number in a generated recipient name, or null for any other name. */
export const benchPlaceOf = (recipientName: string): string | null =>
  /^BENCH CITY (\d+)/.exec(recipientName)?.[1] ?? null;

export async function writeUsaspendingCsv(path: string, rows: number, places: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(HEADER + '\n');
  for (let i = 0; i < rows; i += 1) {
    const place = i % places;
    const round = Math.floor(i / places);
    const [cfda, title] = CFDA[round % CFDA.length]!;
    const year = 2010 + (Math.floor(round / CFDA.length) % 9);
    const cents = (i * 7919) % 50_000_000;
    const dollars = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const line = `BENCH_TX_${i},ASST_NON_BENCH${place}_${year},BENCH${place}Y${year},${i % 5},${dollars},${dollars},${year - 1}-11-15,${year},Department of Justice,"BENCH CITY ${place}, INC",BENCH CITY ${place},09003,HARTFORD,CT,${cfda},${title},CITY OR TOWNSHIP GOVERNMENT,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
