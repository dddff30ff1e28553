import { krTrails, type Analysis, type ChunkTrees, type KrTrail, type LensConfig, type Version } from '../../core/index';
import { UsageError } from '../../node/files';
import { VersionAnalyses, versionsOf } from '../../node/git/trail';
import type { Command } from '../command';
import { formatOf } from '../output';
import { analyseAll, KEEP_TREES_CHARS, WorkspaceRun } from '../workspace';

export const history: Command = {
  name: 'history',
  usage: 'history <file>',
  summary: "each KR's current value, confidence and score over the document's commits (the check-in trail), from git",
  options: [],
  targets: ['history'],
  async run(ctx) {
    const run = new WorkspaceRun(ctx);
    const format = formatOf('history', ctx.format)!;
    if (run.groups.reduce((n, g) => n + g.files.length, 0) !== 1) throw new UsageError('history takes one OKR document');
    const budget = { chars: KEEP_TREES_CHARS };
    for (const group of run.groups) {
      const { config } = group.loaded;
      const [document] = analyseAll(run.read(group), config, ctx.today, budget);
      if (!document) continue; // it could not be read: said so
      const { file, shown, analysis, chunkTrees } = document;
      const { versions, trails } = await checkInTrail(file, shown, analysis, config, ctx.today, chunkTrees);
      for (const line of format.render({ title: analysis.document.title ?? shown, versions, trails })) ctx.io.out(line);
      return run.exit(0);
    }
    run.finish();
    return run.exit(0);
  },
};

/** A document's versions, each commit that changed it and then the working copy when it differs, and each KR's trail through them. */
async function checkInTrail(
  file: string,
  shown: string,
  analysis: Analysis,
  config: LensConfig,
  today: Date,
  chunkTrees: ChunkTrees | undefined,
): Promise<{ versions: Version[]; trails: KrTrail[] }> {
  const found = await versionsOf(file, analysis, config, today, undefined, new VersionAnalyses(config, today, chunkTrees).know(analysis.lines.text, analysis));
  if ('none' in found) throw new UsageError(`history of ${shown}: ${found.none}`);
  return { versions: found.versions, trails: krTrails(found.versions) };
}
