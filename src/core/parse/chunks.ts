/**
 * Splits Markdown into top-level chunks that CommonMark parses independently:
 * parsing each chunk alone and shifting positions gives the same tree as
 * parsing the whole text. That is what makes a parse cheaper than one pass over
 * the whole document (GFM table resolution grows faster than linearly with the
 * size of the text it runs over), and it is the unit the editor re-parses.
 *
 * A boundary is placed only where no construct can continue across it:
 * - before an ATX heading at column 1, outside fenced code and HTML blocks;
 * - before a line at column 1 that follows a blank line, does not start a list
 *   item (which could continue a loose list: a marker, then a blank or the end
 *   of the line), and is outside fenced code and the HTML blocks that span
 *   blank lines. So `**Key initiatives:**` under a KR table starts a chunk, and
 *   the prose after a table goes without the table extension.
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
/** The start of a list item: a bullet or ordered marker, then a blank or the end of the line. */
const LIST_ITEM = String.raw`(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)`;
const LIST_MARKER = new RegExp(`^${LIST_ITEM}`);
const HTML_START = /^ {0,3}</;
/** Starts of lines that open something other than a paragraph at the top level (see `paragraphLine`); \x60 is a backtick. */
const NOT_PARAGRAPH = new RegExp(String.raw`^(?:[ \t>#<]|${LIST_ITEM}|\x60{3}|~{3}|=+[ \t]*$|-+[ \t]*$)`);
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
  if (wholeOnly(text)) return [{ start: 0, end: text.length, line: 1 }];
  const chunks: Chunk[] = [];
  scan(text, 0, 1, chunks, null);
  return chunks;
}

/** Text that is kept in one chunk: it may define a link reference (document-wide), or has bare CR line endings. */
function wholeOnly(text: string): boolean {
  // `includes` first: a native scan, far quicker than the regular expressions on a long text without either.
  return (text.includes(']:') && DEFINITION.test(text)) || (text.includes('\r') && /\r(?!\n)/.test(text));
}

/** How many characters `a` and `b` share at the start (`fromEnd`: at the end), at most `limit`. */
function common(a: string, b: string, limit: number, fromEnd: boolean): number {
  // Whole blocks compared as strings (a native comparison), then characters.
  const block = 2048;
  let n = 0;
  const at = (s: string, i: number, len: number): string => (fromEnd ? s.slice(s.length - i - len, s.length - i) : s.slice(i, i + len));
  while (n + block <= limit && at(a, n, block) === at(b, n, block)) n += block;
  if (fromEnd) while (n < limit && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  else while (n < limit && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/**
 * The chunks of `text`, an edited version of `previous.text` whose chunks
 * were `previous.chunks`: equal to `splitChunks(text)`, but only the lines
 * between the last ATX heading above the edit and the first one below it are
 * scanned again. After an ATX heading at column 1 (outside code and HTML,
 * which a boundary there proves) the splitter's state is the same whatever
 * came before, so the chunks above the restart point stand, and once the scan
 * reaches a heading in the unchanged tail where the previous version had a
 * boundary too, the rest are the previous chunks moved. `origin`, when given,
 * receives for each chunk the index of the previous chunk with the same text
 * it was carried over from, or -1 for a chunk split again.
 */
export function resplitChunks(previous: { text: string; chunks: readonly Chunk[] }, text: string, origin?: number[]): Chunk[] {
  const old = previous.text;
  const before = previous.chunks;
  if (text.length === 0 || old.length === 0 || before.length < 2 || wholeOnly(text)) return splitChunks(text);
  const limit = Math.min(old.length, text.length);
  const prefix = common(old, text, limit, false);
  const suffix = common(old, text, limit - prefix, true);
  if (prefix === text.length && prefix === old.length) {
    before.forEach((_, i) => origin?.push(i));
    return before.slice();
  }
  // Restart at the last chunk that begins with an ATX heading whose whole line (newline included) is unchanged.
  let k = 0;
  for (let i = before.length - 1; i > 0; i--) {
    const c = before[i]!;
    if (c.start > prefix) continue;
    const nl = old.indexOf('\n', c.start);
    if (nl !== -1 && nl < prefix && ATX.test(old.slice(c.start, nl))) {
      k = i;
      break;
    }
  }
  const chunks = before.slice(0, k);
  for (let i = 0; i < k; i++) origin?.push(i);
  const delta = text.length - old.length;
  const tail = text.length - suffix;
  const oldStarts = new Map<number, number>();
  for (let i = k + 1; i < before.length; i++) if (before[i]!.start - delta > tail) oldStarts.set(before[i]!.start, i);
  let resumeAt = -1;
  let lines = 0;
  scan(text, before[k]!.start, before[k]!.line, chunks, (offset, line) => {
    if (offset <= tail) return false;
    const i = oldStarts.get(offset - delta);
    if (i === undefined) return false;
    resumeAt = i;
    lines = line - before[i]!.line;
    return true;
  });
  while (origin && origin.length < chunks.length) origin.push(-1);
  if (resumeAt >= 0) {
    for (let i = resumeAt; i < before.length; i++) {
      origin?.push(i);
      const c = before[i]!;
      chunks.push(delta === 0 && lines === 0 ? c : { start: c.start + delta, end: c.end + delta, line: c.line + lines });
    }
  }
  return chunks;
}

/**
 * Scans `text` from `from` (the start of line `fromLine`, in the state the
 * splitter has at the start of a text or after an ATX heading) and pushes the
 * chunks it finds. At each boundary before an ATX heading, `stop` may end the
 * scan: the chunk up to it is pushed and the rest is the caller's.
 */
function scan(text: string, from: number, fromLine: number, chunks: Chunk[], stop: ((offset: number, line: number) => boolean) | null): void {
  let chunkStart = from;
  let chunkLine = fromLine;
  let fence: { char: string; size: number } | null = null;
  let htmlEnd: RegExp | null = null;
  let htmlUntilBlank = false;
  let prevBlank = false;
  // What the lines since the last blank line or ATX heading are known to be: nothing yet, a
  // top-level paragraph, a table split off such a paragraph, or anything else (no fine boundaries).
  let block: 'start' | 'paragraph' | 'table' | 'other' = 'start';
  let offset = from;
  let line = fromLine;
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
      const first = lineText.length > 0 ? lineText.charCodeAt(0) : -1; // not past the end, which makes V8 deoptimise the scan
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
      const boundary = offset > chunkStart && (fine || (atColumnOne && (atx || (prevBlank && !LIST_MARKER.test(lineText)))));
      if (boundary) {
        chunks.push({ start: chunkStart, end: offset, line: chunkLine });
        if (atx && stop?.(offset, line)) return;
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
