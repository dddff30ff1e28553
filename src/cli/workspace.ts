import * as path from 'node:path';
import { analyze, ChunkTrees, formatProblem, WorkspaceIndex, type LensConfig } from '../core/index';
import { ansiStyle, plainStyle, type Style } from '../core/report/text';
import { SummaryCache } from '../node/pool/summary-cache';
import { loadWorkspace, workspaceGroups, type WorkspaceGroup } from '../node/workspace';
import type { Context } from './command';
import type { Analysed } from './format';
import { display, fixFile, keyOf, readText } from './io';

/** A document read from disk: its file, its path as shown, its text. */
export interface ReadFile {
  file: string;
  shown: string;
  text: string;
}

/**
 * A command's run over the workspaces of the paths asked about. Each
 * workspace is checked on its own, with its own configuration. A bad
 * configuration key falls back to its default and the run goes on, but exits
 * 2 (SPEC §6), as it does when a file cannot be read or fixed.
 */
export class WorkspaceRun {
  /** The paths asked about, absolute (the current folder when none). */
  readonly targets: string[];
  readonly groups: WorkspaceGroup[];
  private readonly problems: number;
  private unreadable = 0;
  private documents = 0;

  constructor(private readonly ctx: Context) {
    const { io } = ctx;
    const config = ctx.value('config');
    const workspace = ctx.value('workspace');
    this.targets = (ctx.paths.length > 0 ? ctx.paths : ['.']).map((p) => path.resolve(io.cwd, p));
    const groups = workspaceGroups(this.targets, {
      config: config !== undefined ? path.resolve(io.cwd, config) : null,
      workspace: workspace !== undefined ? path.resolve(io.cwd, workspace) : null,
      detectExplicit: ctx.flag('detect'),
      shown: (f) => display(io.cwd, f),
    });
    for (const problem of groups.problems) io.err(`okr-lens: config: ${formatProblem(problem)}`);
    this.problems = groups.problems.length;
    this.groups = groups.list;
  }

  /**
   * The documents of a workspace, read (and with --fix, fixed). A file that
   * cannot be read (permissions, binary content) is reported and skipped; the
   * others are still checked.
   */
  read(group: WorkspaceGroup): ReadFile[] {
    const { io, today } = this.ctx;
    const fix = this.ctx.flag('fix');
    const read = group.files.flatMap((file): ReadFile[] => {
      const shown = display(io.cwd, file);
      const text = readText(file);
      if (typeof text !== 'string') {
        io.err(`okr-lens: skipped ${shown}: ${text.problem}`);
        this.unreadable++;
        return [];
      }
      if (fix) {
        const fixed = fixFile(file, text, group.loaded.config, today);
        if (typeof fixed === 'string') {
          io.err(`okr-lens: could not write ${shown}: ${fixed}; it was left as it was`);
          this.unreadable++;
        } else if (fixed.count > 0) {
          io.err(`okr-lens: fixed ${fixed.count} problem${fixed.count === 1 ? '' : 's'} in ${shown}`);
          return [{ file, shown, text: fixed.text }];
        }
      }
      return [{ file, shown, text }];
    });
    this.documents += read.length;
    return read;
  }

  /** After the last workspace: says so when no OKR document was found. */
  finish(): void {
    if (this.documents === 0) this.ctx.io.err('okr-lens: no OKR documents found (SPEC §1: *okr*.md, front matter `okr: true`, or an H1 naming OKRs)');
  }

  /** The exit code: 2 for a bad configuration key or a file not read or not fixed, else 1 when errors were found, else 0. */
  exit(errors: number): number {
    return this.problems > 0 || this.unreadable > 0 ? 2 : errors > 0 ? 1 : 0;
  }
}

/**
 * Each checked document's parse trees serve its committed versions too (git
 * history), which mostly share its chunks. They are kept until then, so only
 * for the first 2 million characters of documents (a tree takes about 34 bytes
 * a character); the committed versions of the others still share chunks with
 * each other.
 */
export const KEEP_TREES_CHARS = 2_000_000;

/** A document analysed in full, with its parse trees while the budget lasted. */
export interface AnalysedDocument extends Analysed {
  chunkTrees: ChunkTrees | undefined;
}

/** Analyses each document in full; `budget.chars` is what is left of the characters whose parse trees are kept (see {@link KEEP_TREES_CHARS}). */
export function analyseAll(read: readonly ReadFile[], config: LensConfig, today: Date, budget: { chars: number }): AnalysedDocument[] {
  return read.map((r) => {
    const chunkTrees = budget.chars > 0 ? new ChunkTrees() : undefined;
    budget.chars -= r.text.length;
    return { file: r.file, shown: r.shown, chunkTrees, analysis: analyze(r.text, { config, today, chunkTrees }) };
  });
}

/**
 * The workspace of a group: the analysed documents, every other OKR document
 * under the workspace root, and the files links point to. `texts` are
 * documents already read, to be summarised (on all cores) rather than read
 * again. With --cache, summaries of unchanged documents come from the cache,
 * which is then saved.
 */
export async function loadIndex(
  ctx: Context,
  group: WorkspaceGroup,
  analysed: readonly Analysed[],
  texts: readonly ReadFile[],
): Promise<{ index: WorkspaceIndex; cache: SummaryCache | null }> {
  const { io, today } = ctx;
  const { config, base } = group.loaded;
  const index = new WorkspaceIndex(config, () => today);
  for (const { file, analysis } of analysed) index.setAnalysis(keyOf(file), analysis);
  const location = ctx.value('cache-location');
  const cache =
    ctx.flag('cache') || location !== undefined
      ? SummaryCache.load(path.resolve(io.cwd, location ?? path.join(group.root, '.okr-lens-cache.json')), config)
      : null;
  const loaded = await loadWorkspace(index, group.root, { base, include: config.include, exclude: config.exclude, detectExplicit: false }, keyOf, {
    config,
    today,
    cache,
    texts: texts.map((r) => ({ key: keyOf(r.file), text: r.text })),
  });
  for (const problem of loaded) io.err(`okr-lens: ${problem}`);
  const cacheProblem = cache?.save();
  if (cacheProblem) io.err(`okr-lens: could not write the cache ${display(io.cwd, cache!.file)}: ${cacheProblem}`);
  return { index, cache };
}

/** The style of a format's text: ANSI colours when it has them and --color asks, or on a terminal unless --no-color or NO_COLOR. */
export function styleFor(ctx: Context, format: { color?: boolean } | undefined): Style {
  const { io } = ctx;
  return format?.color === true && (ctx.flag('color') || (!ctx.flag('no-color') && io.isTTY && !io.env['NO_COLOR'])) ? ansiStyle : plainStyle;
}
