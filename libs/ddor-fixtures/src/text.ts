import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';

/** The standard-14 fonts the layouts use; both generators carry the same Adobe metrics for them. */
export type FontName =
  'Helvetica' | 'Helvetica-Bold' | 'Times-Roman' | 'Times-Bold' | 'Times-Italic' | 'Courier' | 'Courier-Bold';

const STANDARD: Record<FontName, StandardFonts> = {
  Helvetica: StandardFonts.Helvetica,
  'Helvetica-Bold': StandardFonts.HelveticaBold,
  'Times-Roman': StandardFonts.TimesRoman,
  'Times-Bold': StandardFonts.TimesRomanBold,
  'Times-Italic': StandardFonts.TimesRomanItalic,
  Courier: StandardFonts.Courier,
  'Courier-Bold': StandardFonts.CourierBold,
};

const embedders = new Map<FontName, StandardFontEmbedder>();

function embedder(font: FontName): StandardFontEmbedder {
  let e = embedders.get(font);
  if (!e) {
    // StandardFonts values are the embedder's font names; pdf-lib types them as two separate enums
    e = StandardFontEmbedder.for(STANDARD[font] as unknown as Parameters<typeof StandardFontEmbedder.for>[0]);
    embedders.set(font, e);
  }
  return e;
}

export function standardFont(font: FontName): StandardFonts {
  return STANDARD[font];
}

export function textWidth(text: string, font: FontName, size: number): number {
  return embedder(font).widthOfTextAtSize(text, size);
}

/** The standard fonts encode WinAnsi only; a character outside it would be dropped or crash a generator. */
export function assertEncodable(text: string, where: string): void {
  try {
    embedder('Helvetica').encodeText(text);
  } catch {
    throw new Error(`${where}: "${text}" has a character the standard PDF fonts cannot encode (WinAnsi)`);
  }
}

export interface WrapOptions {
  font: FontName;
  size: number;
  width: number;
  /** break a long word with a hyphen at the line end instead of moving all of it to the next line */
  hyphenate: boolean;
}

export interface Wrapped {
  lines: string[];
  /** words printed split over two lines with a hyphen, as whole words */
  hyphenated: string[];
}

const MIN_HYPHEN_WORD = 9;
const MIN_HYPHEN_PART = 4;

/**
 * Greedy word wrap at spaces. With `hyphenate`, a word of at least 9 letters that does not fit is split with "-"
 * when at least 4 letters fit on the line and at least 4 go to the next. A word wider than the column is cut.
 */
export function wrap(text: string, opts: WrapOptions): Wrapped {
  const words = keepDanglingHyphensAttached(text.split(/\s+/).filter((w) => w.length > 0));
  const lines: string[] = [];
  const hyphenated: string[] = [];
  const fits = (s: string): boolean => textWidth(s, opts.font, opts.size) <= opts.width;
  let line = '';
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (
      opts.hyphenate &&
      line &&
      /^[A-Za-z]+[,;.]?$/.test(word) &&
      word.replace(/[,;.]$/, '').length >= MIN_HYPHEN_WORD
    ) {
      const letters = word.replace(/[,;.]$/, '');
      let cut = 0;
      for (let k = letters.length - MIN_HYPHEN_PART; k >= MIN_HYPHEN_PART; k--) {
        if (fits(`${line} ${letters.slice(0, k)}-`)) {
          cut = k;
          break;
        }
      }
      if (cut > 0) {
        lines.push(`${line} ${word.slice(0, cut)}-`);
        hyphenated.push(letters);
        line = '';
        word = word.slice(cut);
      }
    }
    if (line) lines.push(line);
    line = '';
    while (!fits(word)) {
      let k = word.length - 1;
      while (k > 1 && !fits(word.slice(0, k))) k--;
      lines.push(word.slice(0, k));
      word = word.slice(k);
    }
    line = word;
  }
  if (line) lines.push(line);
  return { lines: lines.map((l) => l.replaceAll(GLUE, ' ')), hyphenated };
}

const GLUE = '\u00a0';

/**
 * A printed word that itself ends in "-" (source typos such as "8- 11-08") is glued to the next word. Broken after
 * it, the line would end in "-" exactly like a hyphenated word, and no reader, human or extractor, could tell which
 * it was; the ground truth would then be unknowable from the page.
 */
function keepDanglingHyphensAttached(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.endsWith('-')) out[out.length - 1] = `${prev}${GLUE}${w}`;
    else out.push(w);
  }
  return out;
}
