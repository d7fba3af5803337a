/**
 * A run of text as placed on the page, in page coordinates with the origin at the top left and y growing downwards
 * (the page's rotation already applied). `y` is the baseline.
 */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

/** The positioned text of one page, with its size after rotation. */
export interface PageText {
  page: number;
  width: number;
  height: number;
  runs: TextRun[];
}

/** Runs that share a baseline, left to right. Runs that were printed touching each other are merged. */
export interface Line {
  page: number;
  y: number;
  fontSize: number;
  runs: TextRun[];
  /** The runs joined with single spaces, whitespace normalized. */
  text: string;
  /** Left edge of the first run and right edge of the last one. */
  x0: number;
  x1: number;
  /** Height of the page the line is on, so a line's position can be judged relative to the page. */
  pageHeight: number;
}
