import type { Nodes, PhrasingContent } from 'mdast';
import type { LineIndex, Range } from '../types';

/** A run of flattened text and where it sits in the source. */
interface Segment {
  at: number;
  source: number;
  length: number;
  /** The run is a verbatim copy of the source (no escapes or entities). */
  exact: boolean;
}

/**
 * Plain text of Markdown content (emphasis, links and code marks removed),
 * with a map from every text index back to a source offset.
 */
export class Flat {
  private constructor(
    readonly text: string,
    private readonly segments: Segment[],
    private readonly fallback: number,
  ) {}

  /**
   * Flattens phrasing content (a paragraph's, heading's or cell's children).
   * With the document's `source` text, a text node whose lines lost their
   * indentation or trailing spaces is mapped line by line, so that a place in
   * its third line is found in the third line of the source.
   */
  static of(nodes: readonly Nodes[], fallbackOffset: number, source?: string): Flat {
    // Most cells and headings are a single text node.
    const only = nodes.length === 1 ? nodes[0]! : null;
    if (only?.type === 'text' && only.position?.start.offset !== undefined && only.position.end.offset !== undefined) {
      const start = only.position.start.offset;
      const exact = only.position.end.offset - start === only.value.length;
      if (exact || source === undefined || !only.value.includes('\n'))
        return new Flat(only.value, [{ at: 0, source: start, length: only.value.length, exact }], fallbackOffset);
    }
    const parts: string[] = [];
    const segments: Segment[] = [];
    let at = 0;
    const push = (value: string, node: Nodes, lead = 0): void => {
      if (value.length === 0) return;
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) {
        const exact = end - start - 2 * lead === value.length;
        if (!exact && source !== undefined && node.type === 'text' && value.includes('\n')) lineSegments(value, start, end, source, at, segments);
        else segments.push({ at, source: start + lead, length: value.length, exact });
      }
      parts.push(value);
      at += value.length;
    };
    const visit = (node: Nodes): void => {
      switch (node.type) {
        case 'text':
          push(node.value, node);
          return;
        case 'inlineCode': {
          const ticks = node.position ? guessTicks(node.value, node.position.end.offset! - node.position.start.offset!) : 1;
          push(node.value, node, ticks);
          return;
        }
        case 'html':
          // Inline HTML (`<br />`, `<TeamMember … />`) carries no OKR content.
          return;
        case 'break':
          // A hard line break ends a line: `**Due:** TBD` and `**Current:** 0.0` on two lines are two fields.
          parts.push('\n');
          at += 1;
          return;
        case 'image':
          push(node.alt ?? '', node);
          return;
        default:
          if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
      }
    };
    for (const n of nodes) visit(n);
    return new Flat(parts.join(''), segments, fallbackOffset);
  }

  /** A flat text of exact source text starting at `offset` (one line of an indented code block). */
  static synthetic(text: string, offset: number): Flat {
    return new Flat(text, [{ at: 0, source: offset, length: text.length, exact: true }], offset);
  }

  /** A flat text read from the source at `offset` but not copied from it verbatim (HTML with entities): every place maps to its start. */
  static approximate(text: string, offset: number): Flat {
    return new Flat(text, [{ at: 0, source: offset, length: text.length, exact: false }], offset);
  }

  /** The part [start, end) of this text, still mapped to the source. */
  slice(start: number, end: number): Flat {
    const segments: Segment[] = [];
    for (const s of this.segments) {
      const a = Math.max(s.at, start);
      const b = Math.min(s.at + s.length, end);
      if (b <= a) continue;
      segments.push({ at: a - start, source: s.exact ? s.source + (a - s.at) : s.source, length: b - a, exact: s.exact });
    }
    return new Flat(this.text.slice(start, end), segments, this.offset(start));
  }

  /** Source offset of a text index (the nearest mapped place when not exact). */
  offset(index: number): number {
    let best = this.fallback;
    for (const s of this.segments) {
      if (index < s.at) return s.exact ? best : s.source;
      if (index <= s.at + s.length) return s.exact ? s.source + (index - s.at) : s.source;
      best = s.source + s.length;
    }
    return best;
  }

  /** Source range of text indices [start, end). */
  range(lines: LineIndex, start: number, end: number): Range {
    const a = this.offset(start);
    const b = Math.max(a, this.offset(end));
    return lines.range(a, b);
  }
}

/** Segments for a text node spanning lines whose indentation was dropped: each line found in its source line. */
function lineSegments(value: string, start: number, end: number, source: string, at: number, segments: Segment[]): void {
  let cursor = start;
  let index = 0;
  for (const line of value.split('\n')) {
    const found = line.length > 0 ? source.indexOf(line, cursor) : -1;
    if (found >= 0 && found + line.length <= end) {
      segments.push({ at: at + index, source: found, length: line.length, exact: true });
      cursor = found + line.length;
    } else if (line.length > 0) {
      segments.push({ at: at + index, source: cursor, length: line.length, exact: false });
    }
    index += line.length + 1;
  }
}

function guessTicks(value: string, sourceLength: number): number {
  return Math.max(1, Math.floor((sourceLength - value.length) / 2));
}

/** Plain text of any node, for classification (no positions kept). */
export function plain(node: Nodes | readonly PhrasingContent[]): string {
  if (Array.isArray(node)) return (node as PhrasingContent[]).map((n) => plain(n)).join('');
  const n = node as Nodes;
  switch (n.type) {
    case 'text':
    case 'inlineCode':
      return n.value;
    case 'break':
      return ' ';
    case 'image':
      return n.alt ?? '';
    case 'html':
      return '';
    default:
      return 'children' in n ? (n.children as Nodes[]).map((c) => plain(c)).join('') : '';
  }
}

/** Collapses white space and trims. */
export function squash(text: string): string {
  return /\s\s|[\t\n\r\f\v\u00a0]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/**
 * The slug GitHub gives a heading: lower case, everything but letters,
 * numbers, `_`, `-` and spaces removed, spaces turned into `-`.
 */
export function githubSlug(text: string): string {
  const lower = text.toLowerCase();
  // ASCII needs no Unicode classes (they are slow); the result is the same.
  // eslint-disable-next-line no-control-regex -- the range is all of ASCII, control characters included
  const kept = /^[\x00-\x7f]*$/.test(lower) ? lower.replace(/[^a-z0-9_ -]/g, '') : lower.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '');
  return kept.replace(/ /g, '-');
}

/** GitHub slugs for a sequence of headings, with `-1`, `-2`… for repeats. */
export class Slugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): string {
    return this.slugOf(githubSlug(text));
  }

  /** The slug for a heading whose `githubSlug` is `base`. */
  slugOf(base: string): string {
    let slug = base;
    let n = this.seen.get(base) ?? 0;
    while (this.seen.has(slug)) slug = `${base}-${++n}`;
    this.seen.set(base, n);
    this.seen.set(slug, 0);
    return slug;
  }
}

/**
 * Memoizes a pure function of short strings (section labels, column headers),
 * which repeat throughout a document. The cache is cleared when it fills, so
 * memory stays bounded whatever the input.
 */
export function memoize<T>(fn: (key: string) => T, limit = 1024): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    if (cache.size >= limit) cache.clear();
    const value = fn(key);
    cache.set(key, value);
    return value;
  };
}
