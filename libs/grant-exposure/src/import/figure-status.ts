import type { FigureStatus } from '@detainer-watch/contracts';

type PrintedStatus = Exclude<FigureStatus, 'unknown'>;

// A dollar figure in a note, with the qualifier in front of it: "about $2.6 million", "$1,745,037", "nearly $25 million".
const printedFigure =
  /(?:\b(about|nearly|approximately|approximate|roughly|around|more than|almost|over|some|an estimated)\s+)?\$\s?(\d[\d,]*(?:\.\d+)?)(?:\s*(million|billion)\b)?/gi;
// Notes that say the figure is rounded without quoting it ("printed in $ millions (rounded)", "approximate; …").
const roundedMarker = /\brounded\b|\bapproximate(?:ly)?\s*(?:[;.,)]|$)|\blower bound\b|\bin \$ ?millions\b/i;

/** Exact cents of a printed number and unit, by decimal arithmetic ("2.6", "million" → 260,000,000). */
function printedCents(number: string, unit: string | undefined): bigint | null {
  const [whole, fraction = ''] = number.replace(/,/g, '').split('.');
  const scale = unit?.toLowerCase() === 'billion' ? 9 : unit ? 6 : 0;
  if (fraction.length > scale + 2) return null;
  return BigInt(whole + fraction.padEnd(scale + 2, '0'));
}

/**
 * Whether a transcribed figure is exact or rounded, from the note quoting what the source printed: rounded when the
 * note says so, or when the figure itself was printed in millions or billions or behind "about", "nearly", "more
 * than"… Other figures in the note (another outlet's "about $940,000") do not count against this one.
 */
export function figureStatusFromNote(amountCents: number, note: string): PrintedStatus {
  if (roundedMarker.test(note)) return 'rounded';
  const target = BigInt(amountCents);
  for (const match of note.matchAll(printedFigure)) {
    const [, qualifier, number, unit] = match;
    if (printedCents(number, unit) !== target) continue;
    if (qualifier || unit) return 'rounded';
  }
  return 'exact';
}
