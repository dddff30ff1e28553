import type { Root, RootContent } from 'mdast';
import { analyzeParsed, limited, newAnalysisMemory, type AnalyzeOptions, type Analysis } from './analyze';
import { resplitChunks, splitChunks, type Chunk } from './parse/chunks';
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
 * the latest analysis of a document (the editor's engine does). The model is
 * then built as `analyze()` builds it, except that unchanged KR tables are
 * replayed; the scores and the objective-scoped findings of each objective
 * whose text is unchanged come from the last version, moved with it (see
 * `AnalysisMemory`). The result equals a full analysis of the same text (the
 * unit tests check that on random edits).
 */
interface Placed {
  tree: Root;
  /** Where the tree's positions put it: the 1-based line and 0-based offset of the chunk. */
  line: number;
  start: number;
}

export class IncrementalAnalyzer {
  /** The trees of the last version by chunk text: one per occurrence of that text, in document order. */
  private trees = new Map<string, Placed[]>();
  /** The last version's body and its chunks. */
  private split: { text: string; chunks: Chunk[] } | null = null;
  /** How many chunks the last call parsed, and how many it reused. */
  lastStats = { parsed: 0, reused: 0 };

  private readonly memory = newAnalysisMemory();

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const capped = limited(text, options);
    if (capped) {
      this.trees.clear();
      this.split = null;
      return capped;
    }
    return analyzeParsed(this.parse(text), { ...options, memory: this.memory });
  }

  /** The mdast of `text`, equal to `parseMarkdown(text).root`. */
  parse(text: string): ParsedMarkdown {
    const { frontMatter, body } = splitFrontMatter(text);
    const lines = new LineIndex(text);
    // Only the lines around the edit are split again (resplitChunks gives what splitChunks would).
    const chunks: Chunk[] = this.split ? resplitChunks(this.split, body) : splitChunks(body);
    this.split = { text: body, chunks };
    const next = new Map<string, Placed[]>();
    const children: RootContent[] = [];
    let parsed = 0;
    for (const chunk of chunks) {
      const slice = body.slice(chunk.start, chunk.end);
      let here = next.get(slice);
      if (!here) next.set(slice, (here = []));
      // The n-th occurrence of a text takes the n-th tree the last version had for it (the same nodes, shifted in
      // place: this invalidates the positions of the previous Analysis, which this one supersedes; see the class
      // comment). A text that occurs more often than before copies its first tree, or is parsed.
      const known = this.trees.get(slice)?.[here.length];
      let tree: Root;
      if (known) {
        tree = known.tree;
        if (known.line !== chunk.line || known.start !== chunk.start) shiftInPlace(tree, chunk.line - known.line, chunk.start - known.start);
      } else if (here.length > 0) {
        tree = placed(here[0]!.tree, chunk.line - here[0]!.line, chunk.start - here[0]!.start) as Root;
      } else {
        tree = processorFor(slice).parse(slice);
        shiftInPlace(tree, chunk.line - 1, chunk.start);
        parsed++;
      }
      here.push({ tree, line: chunk.line, start: chunk.start });
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
