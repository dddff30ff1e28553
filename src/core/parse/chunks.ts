/**
 * Splits Markdown into top-level chunks that CommonMark parses independently:
 * parsing each chunk alone and shifting positions gives the same tree as
 * parsing the whole text. That is what makes a parse cheaper than one pass over
 * the whole document (GFM table resolution grows faster than linearly with the
 * size of the text it runs over), and it is the unit the editor re-parses.
 *
 * A boundary is placed only where no construct can continue across it:
 * - before an ATX heading at column 1, outside fenced code and HTML blocks;
 * - before a line at column 1 that follows a blank line, is not a list marker
 *   (which could continue a loose list), and is outside fenced code and the
 *   HTML blocks that span blank lines.
 * Link reference definitions are document-wide, so a text that may define one
 * is kept whole, as is text with bare CR line endings. Missing a boundary is
 * always safe; the tests compare chunked and whole parses on every fixture.
 */
export interface Chunk {
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
  /** 1-based line of `start`. */
  line: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])/;
const HTML_START = /^ {0,3}</;
const DEFINITION = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:/m;
const HTML_ENDS: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

export function splitChunks(text: string): Chunk[] {
  if (text.length === 0) return [{ start: 0, end: 0, line: 1 }];
  if (DEFINITION.test(text) || /\r(?!\n)/.test(text)) {
    return [{ start: 0, end: text.length, line: 1 }];
  }
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 1;
  let fence: { char: string; size: number } | null = null;
  let htmlEnd: RegExp | null = null;
  let htmlUntilBlank = false;
  let prevBlank = false;
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl === -1) nl = text.length;
    let lineText = text.slice(offset, nl);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    const blank = lineText.trim() === '';

    if (fence) {
      const close = FENCE.exec(lineText);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.size && close[2]!.trim() === '') {
        fence = null;
      }
    } else if (htmlEnd) {
      if (htmlEnd.test(lineText)) htmlEnd = null;
    } else if (htmlUntilBlank) {
      if (blank) htmlUntilBlank = false;
    } else {
      const first = lineText.charCodeAt(0);
      const atColumnOne = !blank && first !== 32 && first !== 9;
      const boundary =
        offset > chunkStart &&
        atColumnOne &&
        (ATX.test(lineText) || (prevBlank && !LIST_MARKER.test(lineText)));
      if (boundary) {
        chunks.push({ start: chunkStart, end: offset, line: chunkLine });
        chunkStart = offset;
        chunkLine = line;
      }
      const open = FENCE.exec(lineText);
      if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
        fence = { char: open[1]![0]!, size: open[1]!.length };
      } else if (HTML_START.test(lineText)) {
        const kind = HTML_ENDS.find(([startRe]) => startRe.test(lineText));
        if (kind) {
          // The end marker may sit on the opening line itself.
          const afterOpen = lineText.replace(kind[0], '');
          if (!kind[1].test(afterOpen)) htmlEnd = kind[1];
        } else {
          htmlUntilBlank = true;
        }
      }
    }
    prevBlank = blank;
    offset = nl + 1;
    line++;
  }
  chunks.push({ start: chunkStart, end: text.length, line: chunkLine });
  return chunks;
}
