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
 * The parse trees of the previous version are kept with its chunks, and a
 * chunk with the same text reuses its tree, positions moved in place. The
 * model shares position objects with the tree, so **each call invalidates the
 * positions of the Analysis the previous call returned**: callers keep only
 * the latest analysis of a document (the editor's engine does). The model is
 * then built as `analyze()` builds it, except that unchanged KR tables are
 * replayed; the scores and the objective-scoped findings of each objective
 * whose text is unchanged come from the last version, moved with it (see
 * `AnalysisMemory`). The result equals a full analysis of the same text (the
 * unit tests check that on random edits).
 */
export class IncrementalAnalyzer {
  /** The last version's body, its chunks, and the tree of each chunk (its positions where that chunk is). */
  private last: { text: string; chunks: Chunk[]; trees: Root[] } | null = null;
  /** How many chunks the last call parsed, and how many it reused. */
  lastStats = { parsed: 0, reused: 0 };

  private readonly memory = newAnalysisMemory();

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const capped = limited(text, options);
    if (capped) {
      this.last = null;
      return capped;
    }
    return analyzeParsed(this.parse(text), { ...options, memory: this.memory });
  }

  /** The mdast of `text`, equal to `parseMarkdown(text).root`. */
  parse(text: string): ParsedMarkdown {
    const { frontMatter, body } = splitFrontMatter(text);
    const lines = new LineIndex(text);
    const last = this.last;
    // Only the lines around the edit are split again (resplitChunks gives what splitChunks would), and it says
    // which chunks are the last version's, unchanged: those take their own tree without being looked up by text.
    const origin: number[] = [];
    const chunks: Chunk[] = last ? resplitChunks(last, body, origin) : splitChunks(body);
    // The trees of the last version's other chunks, by text, in document order, for the chunks split again.
    let spare: Map<string, number[]> | null = null;
    const spareFor = (slice: string): number | undefined => {
      if (!spare) {
        spare = new Map();
        const carried = new Set(origin);
        last?.chunks.forEach((c, j) => {
          if (carried.has(j)) return;
          const key = last.text.slice(c.start, c.end);
          const list = spare!.get(key);
          if (list) list.push(j);
          else spare!.set(key, [j]);
        });
      }
      return spare.get(slice)?.shift();
    };
    const trees: Root[] = [];
    const children: RootContent[] = [];
    let parsed = 0;
    chunks.forEach((chunk, i) => {
      // Each tree of the last version serves at most once: its very nodes are shifted in place. This invalidates
      // the positions of the previous Analysis, which this one supersedes (see the class comment).
      let j = origin[i] ?? -1;
      let slice: string | null = null;
      if (j < 0) j = spareFor((slice = body.slice(chunk.start, chunk.end))) ?? -1;
      let tree: Root;
      if (j >= 0) {
        tree = last!.trees[j]!;
        const was = last!.chunks[j]!;
        if (was.line !== chunk.line || was.start !== chunk.start) shiftInPlace(tree, chunk.line - was.line, chunk.start - was.start);
      } else {
        tree = processorFor(slice!).parse(slice!);
        shiftInPlace(tree, chunk.line - 1, chunk.start);
        parsed++;
      }
      trees.push(tree);
      for (const child of tree.children) children.push(child);
    });
    this.last = { text: body, chunks, trees };
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
