import { reportWorkspace, type DocumentHistory, type Finding } from '../../core/index';
import { suppressionLines } from '../../core/report/text';
import { UsageError } from '../../node/files';
import { readHistory } from '../../node/git/lock';
import { VersionAnalyses } from '../../node/git/trail';
import { documentHistory, readGitHistory } from '../../node/history';
import type { WorkspaceGroup } from '../../node/workspace';
import type { Command, Context } from '../command';
import type { Analysed } from '../format';
import { keyOf, shownKey, withRelatedPaths } from '../io';
import type { OptionSpec } from '../options';
import { formatOf } from '../output';
import { analyseAll, KEEP_TREES_CHARS, loadIndex, styleFor, WorkspaceRun, type ReadFile } from '../workspace';

const LIST_SUPPRESSIONS: OptionSpec = {
  name: 'list-suppressions',
  type: 'boolean',
  help: 'list every okr-lens-disable comment and its reason',
  goesWith: 'check and the text format',
};

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
 * The report of one workspace's documents: each document analysed, what git
 * knows of it (unless --no-history: its version at the quarter's lock and its
 * check-in trail), then the full report the editor shows too, with the
 * workspace's findings and the quality scored on everything.
 */
async function checkGroup(ctx: Context, group: WorkspaceGroup, read: readonly ReadFile[], budget: { chars: number }): Promise<Analysed[]> {
  const { io, today } = ctx;
  const { config } = group.loaded;
  const withHistory = !ctx.flag('no-history');
  // The git history of the first few documents (a pre-commit hook checks one or two) is read while they are parsed.
  const histories = new Map(withHistory ? read.slice(0, 4).map((r) => [r.file, readHistory(r.file)] as const) : []);
  const single = analyseAll(read, config, today, budget);

  const git = new Map<string, DocumentHistory>();
  if (withHistory) {
    for (const entry of single) {
      const chunkTrees = entry.chunkTrees;
      entry.chunkTrees = undefined; // released with this document's history
      if (entry.analysis.document.kind !== 'okr' || entry.analysis.document.objectives.length === 0) continue;
      // The committed versions copy the parse trees of the chunks they share with the working copy.
      const analyses = new VersionAnalyses(config, today, chunkTrees).know(entry.analysis.lines.text, entry.analysis);
      const found = await readGitHistory(entry.file, entry.analysis, config, today, { history: histories.get(entry.file), analyses });
      for (const note of found.notes) io.err(`okr-lens: history: ${entry.shown}: ${note}`);
      git.set(entry.file, documentHistory(found, entry.analysis, today));
    }
  }

  const { index } = await loadIndex(ctx, group, single, []);
  const result = reportWorkspace(
    index,
    single.map((a) => ({ key: keyOf(a.file), analysis: a.analysis, history: git.get(a.file) ?? null })),
    { config, today },
  );
  const relatedShown = (f: Finding): Finding => withRelatedPaths(f, (key) => shownKey(io.cwd, key));
  return result.documents.map(({ report }, i) => ({
    file: single[i]!.file,
    shown: single[i]!.shown,
    analysis: {
      ...report,
      findings: report.findings.map(relatedShown),
      suppressed: report.suppressed.map((s) => ({ ...s, finding: relatedShown(s.finding) })),
    },
  }));
}
