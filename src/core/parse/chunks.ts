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
 * - before a table that interrupts a top-level paragraph (a `|` header line
 *   and a delimiter row of as many cells, after lines that can only be a
 *   paragraph), and before a bullet list that ends such a table. A table
 *   parsed together with the paragraph it interrupts costs about a quarter
 *   more than the two parsed apart, and OKR documents put a `Supports:` line
 *   right above nearly every KR table.
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
/** Starts of lines that open something other than a paragraph at the top level (see `paragraphLine`). */
const NOT_PARAGRAPH = /^(?:[ \t>#<]|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|`{3}|~{3}|=+[ \t]*$|-+[ \t]*$)/;
const THEMATIC_BREAK = /^([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
/** A line that could be a delimiter row: treated as unknown unless it is the one a table start was read with. */
const DELIMITER_CELLS_ONLY = /^\|?[ \t:|-]*-[ \t:|-]*$/;
/** A bullet list item with content at column 1: it ends a table. */
const BULLET_ITEM = /^[-+*][ \t]+\S/;
const DELIMITER_CELL = /^[ \t]*:?-+:?[ \t]*$/;
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
  // What the lines since the last blank line or ATX heading are known to be: nothing yet, a
  // top-level paragraph, a table split off such a paragraph, or anything else (no fine boundaries).
  let block: 'start' | 'paragraph' | 'table' | 'other' = 'start';
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl === -1) nl = text.length;
    let lineText = text.slice(offset, nl);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    const blank = lineText.trim() === '';

    if (fence || htmlEnd || htmlUntilBlank) block = 'other';
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
      const atx = atColumnOne && ATX.test(lineText);
      let fine = false;
      if (blank || atx) {
        block = 'start';
      } else if (block === 'start' || block === 'paragraph') {
        if (first === 124 && tableStart(lineText, nextLine(text, nl))) {
          fine = block === 'paragraph';
          block = 'table';
        } else {
          block = paragraphLine(lineText) ? 'paragraph' : 'other';
        }
      } else if (block === 'table' && !(first === 124 || paragraphLine(lineText))) {
        fine = BULLET_ITEM.test(lineText) && !THEMATIC_BREAK.test(lineText);
        block = 'other';
      }
      const boundary =
        offset > chunkStart &&
        (fine || (atColumnOne && (atx || (prevBlank && !LIST_MARKER.test(lineText)))));
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

/** The text of the line starting at `nl + 1`, without its line ending ('' past the end). */
function nextLine(text: string, nl: number): string {
  if (nl >= text.length) return '';
  let end = text.indexOf('\n', nl + 1);
  if (end === -1) end = text.length;
  return text.slice(nl + 1, end).replace(/\r$/, '');
}

/**
 * A line at column 1 that starts or continues a paragraph wherever it stands at the
 * top level: it cannot start a list, quote, fence, HTML block, heading, thematic
 * break or setext underline, and is not indented.
 */
function paragraphLine(line: string): boolean {
  return line !== '' && !NOT_PARAGRAPH.test(line) && !THEMATIC_BREAK.test(line) && !DELIMITER_CELLS_ONLY.test(line);
}

/**
 * A table head the splitter is sure of: a header line and a delimiter row, both
 * starting with `|` at column 1, with the same number of cells, and no code
 * span, escape or HTML that could change where cells end. Anything else is left
 * to the parser (no boundary).
 */
function tableStart(head: string, delimiter: string): boolean {
  // A head that could itself be a delimiter row may be the second line of a table whose head is the line above.
  if (head.charCodeAt(0) !== 124 || delimiter.charCodeAt(0) !== 124 || /[`\\<]/.test(head) || DELIMITER_CELLS_ONLY.test(head)) return false;
  const cells = rowCells(delimiter);
  if (cells.length === 0 || !cells.every((c) => DELIMITER_CELL.test(c))) return false;
  const headCells = rowCells(head);
  return headCells.length === cells.length && headCells.some((c) => c.trim() !== '');
}

/** The cells of a row that starts with `|`: split at every pipe, without the leading and a trailing one. */
function rowCells(row: string): string[] {
  const cells = row.trimEnd().slice(1).split('|');
  if (cells.length > 1 && cells[cells.length - 1]!.trim() === '') cells.pop();
  return cells;
}
