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
 * tables where a `|` occurs) and its positions shifted into place. With
 * `trees`, a chunk whose text was parsed before is copied from there instead.
 */
export function parseMarkdown(text: string, tuning: ChunkTuning = DEFAULT_TUNING, trees?: ChunkTrees): ParsedMarkdown {
  const { frontMatter, body } = splitFrontMatter(text);
  const lines = new LineIndex(text);
  // Text that cannot hold a table is one plain parse, exactly as a bare parse. Otherwise the
  // chunks that may hold tables are parsed apart from the prose, which then goes without the
  // table extension; short texts merge all neighbours of a kind, longer ones up to minChunk.
  const chunks: Chunk[] = !mayHoldTable(body)
    ? [{ start: 0, end: body.length, line: 1 }]
    : groupChunks(body, splitChunks(body), body.length < tuning.wholeBelow ? Infinity : tuning.minChunk);
  const children: RootContent[] = [];
  for (const chunk of chunks) {
    const slice = body.slice(chunk.start, chunk.end);
    const lines = chunk.start > 0 ? chunk.line - 1 : 0;
    let tree = trees?.copy(slice, lines, chunk.start);
    if (!tree) {
      tree = processorFor(slice).parse(slice);
      if (chunk.start > 0) shift(tree, lines, chunk.start);
      trees?.keep(slice, tree, lines, chunk.start);
    }
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
 * The parse trees of the chunks of several versions of one document, by the
 * chunk's text: the command line analyses a document's working copy and its
 * committed versions (moving-goalposts, the check-in trail), which share most
 * chunks. A chunk seen before is deep-copied with its positions moved, which
 * costs a small part of parsing it; the kept tree itself is never handed out
 * again, so analyses do not share nodes.
 */
export class ChunkTrees {
  private readonly trees = new Map<string, { tree: Root; lines: number; offset: number }>();

  /** Keeps the tree of a chunk, as parsed and moved by `lines` and `offset`; only read from afterwards. */
  keep(slice: string, tree: Root, lines: number, offset: number): void {
    if (!this.trees.has(slice)) this.trees.set(slice, { tree, lines, offset });
  }

  /** A copy of the tree of a chunk with this text, moved to `lines` and `offset`, or undefined. */
  copy(slice: string, lines: number, offset: number): Root | undefined {
    const kept = this.trees.get(slice);
    return kept ? (copyMoved(kept.tree as Node, lines - kept.lines, offset - kept.offset) as Root) : undefined;
  }
}

type Point = { line: number; column: number; offset?: number };
type Node = { position?: { start: Point; end: Point }; children?: Node[] };

/**
 * A copy of an mdast node and its descendants with their positions moved. The
 * other fields are copied shallowly: nothing changes a tree's nodes after the
 * parse (what readers work out from a node is kept beside it, in WeakMaps).
 */
function copyMoved(node: Node, lines: number, offset: number): Node {
  const out: Node = { ...node };
  const p = node.position;
  if (p) out.position = { start: movedPoint(p.start, lines, offset), end: movedPoint(p.end, lines, offset) };
  if (node.children) out.children = node.children.map((c) => copyMoved(c, lines, offset));
  return out;
}

function movedPoint(q: Point, lines: number, offset: number): Point {
  return q.offset === undefined ? { line: q.line + lines, column: q.column } : { line: q.line + lines, column: q.column, offset: q.offset + offset };
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
