import type { HighestVolumeRow } from '@detainer-watch/contracts';
import type { RawRow } from '../layout/table';
import { trailingState } from '../text/states';
import { cellText, requireText, stateCode, type CellContext } from './cells';
import type { HighestVolumeField } from './specs';

/** Section I rows. Without a State column, the state is read from the end of the jurisdiction ("Travis County, TX"). */
export function highestVolumeRows(
  raw: readonly RawRow<HighestVolumeField>[],
  ctx: CellContext,
): HighestVolumeRow[] {
  return raw.map((r, index) => {
    const where = `Section I row ${index + 1} (page ${r.page})`;
    let jurisdiction = requireText(ctx, cellText(ctx, r.cells.jurisdiction), 'Jurisdiction', where, r.page);
    let statePrinted = cellText(ctx, r.cells.state);
    if (r.cells.state === undefined) {
      const split = trailingState(jurisdiction);
      if (split) {
        jurisdiction = split.rest;
        statePrinted = split.code;
      }
    }
    const countText = cellText(ctx, r.cells.detainersIssued);
    const count = /^\d{1,3}(,\d{3})*$|^\d+$/.test(countText) ? Number(countText.replace(/,/g, '')) : null;
    if (count === null) {
      ctx.warnings.add(
        countText === '' ? 'MISSING_CELL' : 'UNPARSEABLE_NUMBER',
        `${where}: Detainers Issued ${countText === '' ? 'is empty' : `"${countText}" is not a whole number`}; recorded as null (unknown)`,
        ctx.section,
        r.page,
      );
    }
    return {
      jurisdiction,
      state: stateCode(ctx, statePrinted, where, r.page),
      detainersIssued: count ?? null,
      page: r.page,
    };
  });
}
