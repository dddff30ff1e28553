/**
 * Input limits: what OKR Lens refuses to parse, checked in one linear pass
 * before the parser runs. The Markdown parser's time grows faster than the
 * input on a few shapes (deeply nested containers, long runs of emphasis or
 * link openers in one paragraph), and a document past these limits could
 * hold the editor for seconds. docs/RELIABILITY.md records the measurements
 * behind the numbers.
 */
export interface Limits {
  /** Largest document analysed, in UTF-16 code units (about bytes for ASCII). */
  maxChars: number;
  /** Most lines analysed (a 5,000-row table takes the parser about 1.5 s). */
  maxLines: number;
  /** Deepest container prefix (indentation, `>`, list markers) of one line, in characters. */
  maxPrefix: number;
  /** Most emphasis, code and link markers (`* _ \` [ ] <`) in one paragraph. */
  maxInlineMarkers: number;
}

export const DEFAULT_LIMITS: Limits = { maxChars: 512 * 1024, maxLines: 5_000, maxPrefix: 200, maxInlineMarkers: 5_000 };

/** The limits under a configuration: the defaults, with its document size limit. */
export function limitsFor(config: { maxDocumentKB: number }): Limits {
  return { ...DEFAULT_LIMITS, maxChars: config.maxDocumentKB * 1024 };
}

/** Id of the finding reported instead of an analysis when a limit is hit. */
export const LIMIT_RULE_ID = 'okr-lens-limit';

export interface LimitHit {
  /** 1-based line where the limit was passed (1 for the size limit). */
  line: number;
  message: string;
}

function size(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(chars / 1024)} KB`;
}

/** The first limit the text passes, or null. Linear in the text, no regex backtracking. */
export function checkLimits(text: string, limits: Limits = DEFAULT_LIMITS): LimitHit | null {
  if (text.length > limits.maxChars) {
    return {
      line: 1,
      message: `OKR Lens did not analyse this document: it is ${size(text.length)}, over the ${size(limits.maxChars)} limit (setting maxDocumentKB). Split it into one document per team or quarter, or raise the limit.`,
    };
  }
  let markers = 0;
  let line = 0;
  for (let from = 0; from <= text.length;) {
    line++;
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    // The container prefix: indentation, `>` quotes and list markers (`-`, `*`, `+`, `1.` followed by a space).
    let i = from;
    let prefix = 0;
    let item = false;
    // Reads stay before `to` (a read past the end of the text would make V8 deoptimise this loop).
    for (;;) {
      const c = i < to ? text.charCodeAt(i) : -1;
      if (c === 32 || c === 62) {
        prefix++;
        i++;
      } else if (c === 9) {
        prefix += 4;
        i++;
      } else if ((c === 45 || c === 42 || c === 43) && i + 1 < to && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        prefix += 2;
        i += 2;
        item = true;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < to && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = j < to ? text.charCodeAt(j) : -1;
        if ((d !== 46 && d !== 41) || j + 1 >= to || (text.charCodeAt(j + 1) !== 32 && text.charCodeAt(j + 1) !== 9)) break;
        prefix += j - i + 2;
        i = j + 2;
        item = true;
      } else break;
      if (prefix > limits.maxPrefix) {
        return {
          line,
          message: `OKR Lens did not analyse this document: line ${line} is nested more than ${limits.maxPrefix} characters deep (indentation, quotes or list markers), which the Markdown parser cannot read in reasonable time. Flatten the nesting.`,
        };
      }
    }
    // A list item, heading or table row starts new inline content: only a paragraph's lines add up.
    if (item || (i < to && (text.charCodeAt(i) === 124 || text.charCodeAt(i) === 35))) markers = 0;
    let blank = true;
    for (let k = i; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 9 && c !== 13) blank = false;
      if (c === 42 || c === 95 || c === 96 || c === 91 || c === 93 || c === 60) {
        if (++markers > limits.maxInlineMarkers) {
          return {
            line,
            message: `OKR Lens did not analyse this document: the paragraph around line ${line} has more than ${limits.maxInlineMarkers} emphasis, code or link markers (* _ \` [ ] <), which the Markdown parser cannot read in reasonable time. Break the paragraph up.`,
          };
        }
      }
    }
    if (blank) markers = 0; // a blank line (or one of only container markers) ends the paragraph
    from = to + 1;
    if (line >= limits.maxLines && from < text.length) {
      return {
        line: 1,
        message: `OKR Lens did not analyse this document: it has more than ${limits.maxLines.toLocaleString('en-US')} lines, which would hold the editor for seconds. Split it into one document per team or quarter.`,
      };
    }
  }
  return null;
}
