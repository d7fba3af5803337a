import type { PolicyRow } from '@detainer-watch/contracts';
import type { RawRow } from '../layout/table';
import { joinCellLines, normalizeWhitespace } from '../text/normalize';
import { cellText, requireText, type CellContext } from './cells';
import type { PolicyField } from './specs';

const BULLET = /^(?:[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u00b7*]|-(?=\s))\s*/;

/** "Travis County, Texas (San Antonio)" → jurisdiction and area of responsibility. */
export function splitAor(text: string): { jurisdiction: string; aor: string | null } {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(text);
  return m ? { jurisdiction: m[1], aor: normalizeWhitespace(m[2]) } : { jurisdiction: text, aor: null };
}

/** One string per bullet; lines without a bullet continue the bullet above (or are one item when none has one). */
export function splitBullets(lines: readonly string[], hyphenated: ReadonlySet<string>): string[] {
  const items: string[][] = [];
  for (const raw of lines) {
    const line = normalizeWhitespace(raw);
    if (line === '') continue;
    if (BULLET.test(line) || items.length === 0) items.push([line.replace(BULLET, '')]);
    else items[items.length - 1].push(line);
  }
  return items.map((item) => joinCellLines(item, hyphenated)).filter((s) => s !== '');
}

export function policyRows(raw: readonly RawRow<PolicyField>[], ctx: CellContext): PolicyRow[] {
  return raw.map((r, index) => {
    const where = `Section III row ${index + 1} (page ${r.page})`;
    const { jurisdiction, aor } = splitAor(cellText(ctx, r.cells.jurisdiction));
    const dateEnacted = cellText(ctx, r.cells.dateEnacted);
    return {
      jurisdiction: requireText(ctx, jurisdiction, 'Jurisdiction (AOR)', where, r.page),
      aor,
      dateEnacted: dateEnacted === '' ? null : dateEnacted,
      policy: cellText(ctx, r.cells.policy),
      criteria: splitBullets(r.cells.criteria ?? [], ctx.hyphenated),
      page: r.page,
    };
  });
}
