import * as path from 'node:path';
import { analyze, documentSeries, rollupDelta, teamReports, trailsOf, WorkspaceIndex, type DeltaRow, type ProgressSeries } from '../../core/index';
import { readGitHistory } from '../../node/history';
import { treeMessage, visibleIds } from '../../core/workspace/protocol';
import { isOkrText, UsageError } from '../../node/files';
import { documentsAtRef } from '../../node/git/at-ref';
import { repositoryRoot, resolveRef } from '../../node/git/git';
import type { SummaryCache } from '../../node/pool/summary-cache';
import { summarizeCached } from '../../node/pool/summary-pool';
import type { WorkspaceGroup } from '../../node/workspace';
import type { Command, Context } from '../command';
import { display, keyOf, shownKey } from '../io';
import { formatOf, formatsOf, listed } from '../output';
import { loadIndex, styleFor, WorkspaceRun, type ReadFile } from '../workspace';

export const rollup: Command = {
  name: 'rollup',
  usage: 'rollup [paths…]',
  summary: 'print the alignment tree (company → team → individual) with own and rolled-up scores and RAG',
  options: [
    {
      name: 'since',
      type: 'string',
      arg: '<ref>',
      help: 'how the working tree moves each score since a git ref (old → new, RAG changes, confidence drops, new and removed KRs)',
    },
    { name: 'staged', type: 'boolean', help: 'compare what is staged (the index) instead of the working tree; --since defaults to HEAD' },
  ],
  targets: ['rollup', 'since'],
  async run(ctx) {
    const { io } = ctx;
    const run = new WorkspaceRun(ctx);
    const format = formatOf('rollup', ctx.format);
    const style = styleFor(ctx, format);
    if (run.groups.length > 1 && format?.oneWorkspace) {
      throw new UsageError(
        `the paths lie in ${run.groups.length} workspaces (${run.groups.map((g) => display(io.cwd, g.root) || '.').join(', ')}): roll up one at a time for the ${ctx.format} format`,
      );
    }
    const delta = ctx.value('since') !== undefined || ctx.flag('staged');
    const show = (key: string): string => shownKey(io.cwd, key);
    let printed = 0;
    for (const group of run.groups) {
      const read = run.read(group);
      // Only the workspace summaries are needed, parsed on all cores.
      const { index, cache } = await loadIndex(ctx, group, [], read);

      if (delta) {
        const since = formatOf('since', ctx.format);
        if (!since)
          throw new UsageError(
            `--since goes with the ${listed(
              formatsOf('since').map((f) => f.name),
              'and',
            )} formats`,
          );
        const { rows, ref } = await deltaSince(ctx, group, run.targets, read, index, cache);
        if (printed++ > 0) io.out('');
        for (const line of since.render({ rows, since: ref, staged: ctx.flag('staged'), shownKey: show })) io.out(line);
        continue;
      }

      if (!format) throw new UsageError(`the ${ctx.format} format goes with --since`);
      const graph = index.graph();
      const visible = visibleIds(graph, new Set(read.map((a) => keyOf(a.file))));
      const { config } = group.loaded;
      // The page charts each node's progress over the quarter: read the shown documents' git history for it.
      const charts = format.name === 'html' ? await progressOf(ctx, group, read, index) : null;
      const message = (): ReturnType<typeof treeMessage> =>
        treeMessage(graph, index.version, config.ragBands, show, false, visible, {
          today: ctx.today,
          paceThreshold: config.paceThreshold,
          ...(charts ? { progress: (n) => charts.series.get(`${n.path}\n${n.kind}\n${n.line}`), history: charts.note } : {}),
        });
      const lines = format.render({ graph, visible, message, shownKey: show, today: ctx.today, style });
      if (printed++ > 0) io.out('');
      for (const line of lines) io.out(line);
    }
    run.finish();
    return run.exit(0);
  },
};

/**
 * Each objective's and KR's series over the quarter, by `key, kind, line`,
 * from the documents' git history and their teams' weekly updates (any in the
 * workspace index), and where the series come from in words for the page.
 */
async function progressOf(
  ctx: Context,
  group: WorkspaceGroup,
  read: readonly ReadFile[],
  index: WorkspaceIndex,
): Promise<{ series: Map<string, ProgressSeries>; note: string }> {
  const { config } = group.loaded;
  const series = new Map<string, ProgressSeries>();
  const weekly = index.keys().flatMap((key) => {
    const w = index.get(key)?.weekly;
    return w ? [w] : [];
  });
  let tracked = 0;
  const updates = new Set<string>();
  for (const r of read) {
    // The charts need the model and its scores: no rule runs.
    const analysis = analyze(r.text, { config, today: ctx.today, rules: [], validate: false });
    if (analysis.document.kind !== 'okr' || analysis.document.objectives.length === 0) continue;
    const git = await readGitHistory(r.file, analysis, config, ctx.today);
    const trails = trailsOf(git.committed, analysis, ctx.today);
    if (trails) tracked++;
    const reports = teamReports(weekly, { key: keyOf(r.file), team: analysis.document.team }, config.weeklyPath);
    for (const w of reports) updates.add(w.key);
    for (const s of documentSeries(analysis, trails, ctx.today, reports)) series.set(`${keyOf(r.file)}\n${s.kind}\n${s.line}`, s.series);
  }
  const n = updates.size > 0 ? `${updates.size} weekly update${updates.size === 1 ? '' : 's'}` : null;
  const note =
    tracked === 0
      ? `no git history for these documents: each chart shows the working copy${n ? ` and ${n}` : ''} only`
      : `from the git history of ${tracked} document${tracked === 1 ? '' : 's'}${n ? `, ${n}` : ''} and the working copy`;
  return { series, note };
}

/**
 * How the scores of a workspace moved since a git ref (--since, HEAD by
 * default), in the working tree or in what is staged (--staged): the rows of
 * the documents asked about, of documents deleted since the ref under the
 * paths asked about, of the company level and of every document.
 */
async function deltaSince(
  ctx: Context,
  group: WorkspaceGroup,
  asked: readonly string[],
  read: readonly ReadFile[],
  index: WorkspaceIndex,
  cache: SummaryCache | null,
): Promise<{ rows: DeltaRow[]; ref: string }> {
  const { today } = ctx;
  const { config, base } = group.loaded;
  const staged = ctx.flag('staged');
  const since = ctx.value('since') ?? 'HEAD';
  let repo: string;
  try {
    repo = await repositoryRoot(group.root);
    await resolveRef(repo, since);
  } catch (error) {
    throw new UsageError(`--since ${since}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const before = new WorkspaceIndex(config, () => today);
  const after = staged ? new WorkspaceIndex(config, () => today) : index;
  const selection = { base, include: config.include, exclude: config.exclude, detectExplicit: false };
  const at = await documentsAtRef(repo, since, index.keys(), {
    staged,
    toFile: (key) => key.split('/').join(path.sep),
    toKey: keyOf,
    isOkr: (file, text) => isOkrText(file, selection, () => text.slice(0, 65_536)),
  });
  // Most documents are unchanged since the ref: with --cache their summaries come from it; the rest are parsed on all cores.
  const texts = (map: Map<string, string>): Array<{ key: string; text: string }> => [...map].map(([key, text]) => ({ key, text }));
  for (const summary of await summarizeCached(texts(at.before), config, today, cache)) before.set(summary);
  if (at.staged) for (const summary of await summarizeCached(texts(at.staged), config, today, cache)) after.set(summary);
  // Documents deleted since the ref count where they lay under the paths asked about.
  const under = (key: string): boolean =>
    asked.some((p) => {
      const rel = path.relative(p, key.split('/').join(path.sep));
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
  const gone = new Set([...at.before.keys()].filter((key) => !after.has(key) && under(key)));
  const rows = rollupDelta(before.graph(), after.graph()).filter(
    (r) => read.some((a) => keyOf(a.file) === r.path) || gone.has(r.path) || r.level === 'company' || r.kind === 'document',
  );
  return { rows, ref: since };
}
