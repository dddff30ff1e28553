import { configuredLock, goalpostFindings, krTrails, staleFindings, withWorkspaceFindings, type Finding } from '../../core/index';
import { suppressionLines } from '../../core/report/text';
import { UsageError } from '../../node/files';
import { findLock, readHistory } from '../../node/git/lock';
import { VersionAnalyses, versionsOf } from '../../node/git/trail';
import type { WorkspaceGroup } from '../../node/workspace';
import type { Command, Context } from '../command';
import type { Analysed } from '../format';
import { keyOf, shownKey, withRelatedPaths } from '../io';
import type { OptionSpec } from '../options';
import { formatOf } from '../output';
import { analyseAll, KEEP_TREES_CHARS, loadIndex, styleFor, WorkspaceRun, type ReadFile } from '../workspace';

const LIST_SUPPRESSIONS: OptionSpec = { name: 'list-suppressions', type: 'boolean', help: 'list every okr-lens-disable comment and its reason', goesWith: 'check and the text format' };

export const check: Command = {
  name: 'check',
  usage: 'check [paths…]',
  summary: 'lint and score OKR documents (files, or folders searched for OKR documents); exit 0 clean, 1 errors found, 2 bad usage',
  options: [
    LIST_SUPPRESSIONS,
    { name: 'no-history', type: 'boolean', help: 'do not read git history (moving-goalposts is skipped)' },
    {
      name: 'fix',
      type: 'boolean',
      help: 'apply every fix that needs no choice (missing columns and cells, sections) to the files, then report what is left; files are replaced atomically, line endings kept',
      goesWith: 'check',
    },
  ],
  targets: ['check'],
  validate(ctx) {
    if (ctx.flag('list-suppressions') && ctx.format !== 'text') throw new UsageError(`--list-suppressions goes with ${LIST_SUPPRESSIONS.goesWith}`);
  },
  async run(ctx) {
    const { io } = ctx;
    const run = new WorkspaceRun(ctx);
    const format = formatOf('check', ctx.format)!;
    const style = styleFor(ctx, format);
    const analysed: Analysed[] = [];
    const budget = { chars: ctx.flag('no-history') ? 0 : KEEP_TREES_CHARS };
    for (const group of run.groups) analysed.push(...(await checkGroup(ctx, group, run.read(group), budget)));
    run.finish();

    const errors = analysed.reduce((n, a) => n + a.analysis.findings.filter((f) => f.severity === 'error').length, 0);
    if (ctx.flag('list-suppressions')) {
      const lines = analysed.flatMap(({ shown, analysis }) => suppressionLines(shown, analysis));
      for (const line of lines) io.out(line);
      io.out(`${lines.length} suppression${lines.length === 1 ? '' : 's'} in ${analysed.length} document${analysed.length === 1 ? '' : 's'}`);
      return run.exit(errors);
    }
    for (const line of format.render({ files: analysed, style, today: ctx.today, cwd: io.cwd, root: run.groups[0]?.root ?? null })) io.out(line);
    return run.exit(errors);
  },
};

/**
 * The findings of one workspace's documents: each document analysed, then
 * (unless --no-history) its git-aware findings, moving-goalposts against its
 * version at the quarter's lock commit and stale-kr from its check-in trail,
 * then the workspace's findings (alignment links, IDs, cycles…).
 */
async function checkGroup(ctx: Context, group: WorkspaceGroup, read: readonly ReadFile[], budget: { chars: number }): Promise<Analysed[]> {
  const { io, today } = ctx;
  const { config } = group.loaded;
  const withHistory = !ctx.flag('no-history');
  // The git history of the first few documents (a pre-commit hook checks one or two) is read while they are parsed.
  const histories = new Map(withHistory ? read.slice(0, 4).map((r) => [r.file, readHistory(r.file)] as const) : []);
  const single = analyseAll(read, config, today, budget);

  // History (moving-goalposts): each document against its version at the quarter's lock commit, read from git.
  if (withHistory) {
    for (const entry of single) {
      const chunkTrees = entry.chunkTrees;
      entry.chunkTrees = undefined; // released with this document's history
      if (entry.analysis.document.kind !== 'okr' || entry.analysis.document.objectives.length === 0) continue;
      // One read of the file's history serves the lock and the check-in trail.
      const history = await (histories.get(entry.file) ?? readHistory(entry.file));
      const found = await findLock(entry.file, entry.analysis.document, history, configuredLock(config));
      if ('none' in found) {
        if (!found.quiet) io.err(`okr-lens: history: ${entry.shown}: ${found.none}`);
        continue;
      }
      const versions = new VersionAnalyses(config, today, chunkTrees).know(entry.analysis.lines.text, entry.analysis);
      const locked = versions.analyze(found.text).document;
      entry.analysis = withWorkspaceFindings(entry.analysis, goalpostFindings(entry.analysis, locked, found.lock, config));
      const trail = await versionsOf(entry.file, entry.analysis, config, today, history, versions);
      if ('versions' in trail) entry.analysis = withWorkspaceFindings(entry.analysis, staleFindings(entry.analysis, krTrails(trail.versions), today, config));
    }
  }

  const { index } = await loadIndex(ctx, group, single, []);
  const relatedShown = (f: Finding): Finding => withRelatedPaths(f, (key) => shownKey(io.cwd, key));
  return single.map((a) => {
    const extra = index.findings(keyOf(a.file));
    return { file: a.file, shown: a.shown, analysis: withWorkspaceFindings(a.analysis, { kept: extra.kept.map(relatedShown), suppressed: extra.suppressed.map((s) => ({ ...s, finding: relatedShown(s.finding) })) }) };
  });
}
