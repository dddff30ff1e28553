import type { Root, RootContent } from 'mdast';
import { LineIndex } from '../types';
import { splitChunks, type Chunk } from './chunks';
import { splitFrontMatter, type FrontMatter } from './frontmatter';
import { plainProcessor, tableProcessor } from './processor';

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
  // Short texts gain nothing from chunks: one parse call, exactly as a bare parse.
  const chunks =
    body.length < tuning.wholeBelow ? [{ start: 0, end: body.length, line: 1 }] : groupChunks(splitChunks(body), tuning.minChunk);
  const children: RootContent[] = [];
  for (const chunk of chunks) {
    const slice = body.slice(chunk.start, chunk.end);
    const processor = slice.includes('|') ? tableProcessor : plainProcessor;
    const tree = processor.parse(slice);
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
 * compiler its handlers), so neighbouring chunks are parsed together up to
 * about this many characters; larger texts still avoid the superlinear cost of
 * one whole parse.
 */
export interface ChunkTuning {
  /** Texts shorter than this are parsed in one piece (the superlinear cost is negligible there). */
  wholeBelow: number;
  /** Neighbouring chunks are parsed together until a piece has this many characters. */
  minChunk: number;
}

const DEFAULT_TUNING: ChunkTuning = { wholeBelow: 8192, minChunk: 2048 };

/** Joins consecutive chunks until each holds at least `min` characters. */
export function groupChunks(chunks: Chunk[], min: number): Chunk[] {
  const out: Chunk[] = [];
  for (const c of chunks) {
    const last = out[out.length - 1];
    if (last && last.end - last.start < min) out[out.length - 1] = { start: last.start, end: c.end, line: last.line };
    else out.push(c);
  }
  return out;
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
