import type { Root, RootContent } from 'mdast';
import { analyzeParsed, type AnalyzeOptions, type Analysis } from './analyze';
import { splitChunks, type Chunk } from './parse/chunks';
import { splitFrontMatter } from './parse/frontmatter';
import type { ParsedMarkdown } from './parse/parse';
import { plainProcessor, tableProcessor } from './parse/processor';
import { LineIndex } from './types';

interface Positioned {
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
  children?: Positioned[];
}

/**
 * Analyses successive versions of one document, re-parsing only the top-level
 * chunks whose text changed (see `splitChunks`: chunks parse independently).
 * The parse trees of the previous version are kept by chunk text, with
 * positions relative to the chunk; a reused tree is copied into place, never
 * shifted in place, because the model of an earlier analysis shares position
 * objects with its tree. The model, scores and findings are then computed as
 * `analyze()` computes them, so the result equals a full analysis of the same
 * text (the unit tests check that on random edits).
 */
export class IncrementalAnalyzer {
  private trees = new Map<string, Root>();
  /** How many chunks the last call parsed, and how many it reused. */
  lastStats = { parsed: 0, reused: 0 };

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    return analyzeParsed(this.parse(text), options);
  }

  /** The mdast of `text`, equal to `parseMarkdown(text).root`. */
  parse(text: string): ParsedMarkdown {
    const { frontMatter, body } = splitFrontMatter(text);
    const lines = new LineIndex(text);
    const chunks: Chunk[] = splitChunks(body);
    const next = new Map<string, Root>();
    const children: RootContent[] = [];
    let parsed = 0;
    for (const chunk of chunks) {
      const slice = body.slice(chunk.start, chunk.end);
      let tree = next.get(slice) ?? this.trees.get(slice);
      if (!tree) {
        tree = (slice.includes('|') ? tableProcessor : plainProcessor).parse(slice);
        parsed++;
      }
      next.set(slice, tree);
      for (const child of tree.children) children.push(placed(child, chunk.line - 1, chunk.start) as RootContent);
    }
    this.trees = next;
    this.lastStats = { parsed, reused: chunks.length - parsed };
    const root: Root = {
      type: 'root',
      children,
      position: { start: { line: 1, column: 1, offset: 0 }, end: lines.point(text.length) },
    };
    return { root, frontMatter, chunks, lines };
  }
}

/** A deep copy of a node with its positions moved down by `lines` lines and `offset` characters. */
function placed(node: Positioned, lines: number, offset: number): Positioned {
  const copy: Positioned = { ...node };
  const p = node.position;
  if (p) {
    copy.position = {
      start: { line: p.start.line + lines, column: p.start.column, ...(p.start.offset !== undefined ? { offset: p.start.offset + offset } : {}) },
      end: { line: p.end.line + lines, column: p.end.column, ...(p.end.offset !== undefined ? { offset: p.end.offset + offset } : {}) },
    };
  }
  if (node.children) copy.children = node.children.map((c) => placed(c, lines, offset));
  return copy;
}
