import type { DeclinedRow } from '@detainer-watch/contracts';
import type { RawRow } from '../layout/table';
import { cellText, requireText, stateCode, tableDate, type CellContext } from './cells';
import type { DeclinedField } from './specs';

/**
 * Section II rows. State and county printed once per group (merged cells) leave both cells empty on the group's
 * later rows: those rows take them from the row above. A row with only one of the two empty is a missing cell.
 */
export function declinedRows(raw: readonly RawRow<DeclinedField>[], ctx: CellContext): DeclinedRow[] {
  const rows: DeclinedRow[] = [];
  let previous: { state: string; county: string } | null = null;
  raw.forEach((r, index) => {
    const where = `Section II row ${index + 1} (page ${r.page})`;
    let statePrinted = cellText(ctx, r.cells.state);
    let county = cellText(ctx, r.cells.county);
    let state: string;
    if (statePrinted === '' && county === '' && previous) {
      state = previous.state;
      county = previous.county;
    } else {
      state = stateCode(ctx, statePrinted, where, r.page);
      statePrinted = '';
      requireText(ctx, county, 'County', where, r.page);
    }
    previous = { state, county };
    if (r.unmatchedText.length > 0) {
      ctx.warnings.add(
        'UNKNOWN_COLUMN',
        `${where}: text under a column header that names no Section II field: "${r.unmatchedText.join(' ')}"`,
        ctx.section,
        r.page,
      );
    }
    rows.push({
      state,
      county,
      facility: requireText(ctx, cellText(ctx, r.cells.facility), 'Facility', where, r.page),
      citizenship: requireText(ctx, cellText(ctx, r.cells.citizenship), 'Citizenship', where, r.page),
      notableCriminalActivity: cellText(ctx, r.cells.notableCriminalActivity),
      detainerIssued: tableDate(ctx, cellText(ctx, r.cells.detainerIssued), 'Detainer Issued', where, r.page),
      detainerDeclined: tableDate(
        ctx,
        cellText(ctx, r.cells.detainerDeclined),
        'Detainer Declined',
        where,
        r.page,
      ),
      page: r.page,
    });
  });
  return rows;
}
