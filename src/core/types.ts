/**
 * Source positions used everywhere in core. Like unist, lines and columns are
 * 1-based; columns and offsets count UTF-16 code units (as VS Code does), and
 * `offset` is 0-based. Conversion to editor ranges happens once, at the edge.
 */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span of source text: `start` is inclusive, `end` exclusive. */
export interface Range {
  start: Point;
  end: Point;
}

/** Severity of a finding. `off` only exists in configuration. */
export type Severity = 'error' | 'warning' | 'info';

/** A copy of a range moved down by whole lines and `offset` characters (columns hold). */
export function movedRange(r: Range, lines: number, offset: number): Range {
  return {
    start: { line: r.start.line + lines, column: r.start.column, offset: r.start.offset + offset },
    end: { line: r.end.line + lines, column: r.end.column, offset: r.end.offset + offset },
  };
}

/** Maps offsets to points for one text. Built once per analysed document. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    this.starts = starts;
  }

  /** Number of lines (a trailing newline opens one more, empty line). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The point of a 0-based offset, clamped into the text. */
  point(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1, offset: o };
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.point(startOffset), end: this.point(endOffset) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }

  /** Offset just past the last character of a 1-based line, before its line ending. */
  lineEnd(line: number): number {
    const start = this.lineStart(line);
    let end = line < this.starts.length ? this.starts[line]! : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Text of a 1-based line without its line ending. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}
