import type { Root, RootContent } from 'mdast';
import { analyzeParsed, limited, type AnalyzeOptions, type Analysis } from './analyze';
import { splitChunks, type Chunk } from './parse/chunks';
import { splitFrontMatter } from './parse/frontmatter';
import type { ParsedMarkdown } from './parse/parse';
import { processorFor } from './parse/processor';
import { LineIndex } from './types';

interface Positioned {
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
  children?: Positioned[];
}

/**
 * Analyses successive versions of one document, re-parsing only the top-level
 * chunks whose text changed (see `splitChunks`: chunks parse independently).
 * The parse trees of the previous version are kept by chunk text with the
 * place they were at, and reused with their positions moved in place. The
 * model shares position objects with the tree, so **each call invalidates the
 * positions of the Analysis the previous call returned**: callers keep only
 * the latest analysis of a document (the editor's engine does). The model, scores and findings are then computed as
 * `analyze()` computes them, so the result equals a full analysis of the same
 * text (the unit tests check that on random edits).
 */
interface Placed {
  tree: Root;
  /** Where the tree's positions put it: the 1-based line and 0-based offset of the chunk. */
  line: number;
  start: number;
}

export class IncrementalAnalyzer {
  private trees = new Map<string, Placed>();
  /** How many chunks the last call parsed, and how many it reused. */
  lastStats = { parsed: 0, reused: 0 };

  private readonly validated = new Set<string>();

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const capped = limited(text, options);
    if (capped) {
      this.trees.clear();
      return capped;
    }
    return analyzeParsed(this.parse(text), { ...options, validated: this.validated });
  }

  /** The mdast of `text`, equal to `parseMarkdown(text).root`. */
  parse(text: string): ParsedMarkdown {
    const { frontMatter, body } = splitFrontMatter(text);
    const lines = new LineIndex(text);
    const chunks: Chunk[] = splitChunks(body);
    const next = new Map<string, Placed>();
    const children: RootContent[] = [];
    let parsed = 0;
    for (const chunk of chunks) {
      const slice = body.slice(chunk.start, chunk.end);
      const known = next.get(slice) ?? this.trees.get(slice);
      let tree: Root;
      if (!known) {
        tree = processorFor(slice).parse(slice);
        shiftInPlace(tree, chunk.line - 1, chunk.start);
        parsed++;
      } else if (next.has(slice)) {
        tree = placed(known.tree, chunk.line - known.line, chunk.start - known.start) as Root; // the same text twice in one version
      } else {
        // Same text, maybe moved: the very same nodes, shifted in place. This invalidates the positions of the
        // previous Analysis this analyzer returned, which is superseded by this one (see the class comment).
        tree = known.tree;
        if (known.line !== chunk.line || known.start !== chunk.start) shiftInPlace(tree, chunk.line - known.line, chunk.start - known.start);
      }
      if (!next.has(slice)) next.set(slice, { tree, line: chunk.line, start: chunk.start });
      for (const child of tree.children) children.push(child);
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

/** Moves a freshly parsed tree (referenced by nothing else yet) into place. */
function shiftInPlace(node: Positioned, lines: number, offset: number): void {
  const p = node.position;
  if (p) {
    p.start.line += lines;
    p.end.line += lines;
    if (p.start.offset !== undefined) p.start.offset += offset;
    if (p.end.offset !== undefined) p.end.offset += offset;
  }
  if (node.children) for (const c of node.children) shiftInPlace(c, lines, offset);
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
