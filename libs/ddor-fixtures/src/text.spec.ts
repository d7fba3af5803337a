import { textWidth, wrap } from './text';

describe('wrap', () => {
  const opts = { font: 'Helvetica' as const, size: 10, width: 80, hyphenate: false };

  it('keeps every line within the width and every word in order', () => {
    const text = 'POSS CS PG1<1G (FS), DRIVING WHILE INTOXICATED 3RD OR MORE, AGG ASSLT W/DEADLY WEAPON';
    const { lines } = wrap(text, opts);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, 'Helvetica', 10)).toBeLessThanOrEqual(80);
    expect(lines.join(' ')).toBe(text);
  });

  it('hyphenates a long word at the line end and reports it whole', () => {
    const { lines, hyphenated } = wrap('Assault of an Intoxicated Unauthorized Individual', {
      ...opts,
      hyphenate: true,
    });
    expect(hyphenated.length).toBeGreaterThan(0);
    const broken = lines.findIndex((l) => l.endsWith('-'));
    expect(broken).toBeGreaterThanOrEqual(0);
    const joined = lines[broken].slice(0, -1).split(' ').pop()! + lines[broken + 1].split(' ')[0];
    expect(hyphenated).toContain(joined);
  });

  it('does not hyphenate without the option', () => {
    const { lines, hyphenated } = wrap('Assault of an Intoxicated Unauthorized Individual', opts);
    expect(hyphenated).toEqual([]);
    expect(lines.some((l) => l.endsWith('-'))).toBe(false);
  });
});
