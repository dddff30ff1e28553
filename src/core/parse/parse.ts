import type { Root, RootContent } from 'mdast';
import { LineIndex } from '../types';
import { splitChunks, type Chunk } from './chunks';
import { splitFrontMatter, type FrontMatter } from './frontmatter';
import { mayHoldTable, processorFor } from './processor';

export interface ParsedMarkdown {
  /** The mdast of the whole document, positions relative to the full text. */
  root: Root;
  frontMatter: FrontMatter | null;
  /** The independent pieces the text was parsed in (see `splitChunks` and `groupChunks`). */
  chunks: Chunk[];
  lines: LineIndex;
}

/**
 * Parses a Markdown document into mdast: front matter is read and blanked,
 * then each independent chunk is parsed with unified + remark-parse (+ GFM
 * tables where a `|` occurs) and its positions shifted into place.
 */
export function parseMarkdown(text: string, tuning: ChunkTuning = DEFAULT_TUNING): ParsedMarkdown {
  const { frontMatter, body } = splitFrontMatter(text);
  const lines = new LineIndex(text);
  // Text that cannot hold a table is one plain parse, exactly as a bare parse. Otherwise the
  // chunks that may hold tables are parsed apart from the prose, which then goes without the
  // table extension; short texts merge all neighbours of a kind, longer ones up to minChunk.
  const chunks: Chunk[] = !mayHoldTable(body) ? [{ start: 0, end: body.length, line: 1 }] : groupChunks(body, splitChunks(body), body.length < tuning.wholeBelow ? Infinity : tuning.minChunk);
  const children: RootContent[] = [];
  for (const chunk of chunks) {
    const slice = body.slice(chunk.start, chunk.end);
    const tree = processorFor(slice).parse(slice);
    if (chunk.start > 0) shift(tree, chunk.line - 1, chunk.start);
    for (const child of tree.children) children.push(child);
  }
  const root: Root = {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: lines.point(text.length) },
  };
  return { root, frontMatter, chunks, lines };
}

/**
 * Each parse call has a fixed cost (micromark combines its extensions, the
 * compiler its handlers), so neighbouring chunks of a kind (may hold a table,
 * or not) are parsed together up to about this many characters; larger texts
 * still avoid the superlinear cost of one whole parse.
 */
export interface ChunkTuning {
  /** Texts shorter than this merge all neighbouring chunks of a kind (the superlinear cost is negligible there). */
  wholeBelow: number;
  /** Otherwise neighbouring chunks of a kind are parsed together until a piece has this many characters. */
  minChunk: number;
}

const DEFAULT_TUNING: ChunkTuning = { wholeBelow: 8192, minChunk: 2048 };

/** Joins consecutive chunks of the same kind (may hold a table, or not) until each holds at least `min` characters. */
export function groupChunks(body: string, chunks: Chunk[], min: number): Chunk[] {
  const out: Array<Chunk & { table: boolean }> = [];
  for (const c of chunks) {
    const table = mayHoldTable(body.slice(c.start, c.end));
    const last = out[out.length - 1];
    if (last && last.table === table && last.end - last.start < min) out[out.length - 1] = { start: last.start, end: c.end, line: last.line, table };
    else out.push({ ...c, table });
  }
  return out.map(({ start, end, line }) => ({ start, end, line }));
}

interface Positioned {
  position?: { start: { line: number; offset?: number }; end: { line: number; offset?: number } };
  children?: Positioned[];
}

function shift(node: Positioned, lines: number, offset: number): void {
  const stack: Positioned[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const p = n.position;
    if (p) {
      p.start.line += lines;
      p.end.line += lines;
      if (p.start.offset !== undefined) p.start.offset += offset;
      if (p.end.offset !== undefined) p.end.offset += offset;
    }
    if (n.children) for (const c of n.children) stack.push(c);
  }
}
