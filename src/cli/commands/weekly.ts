import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, mondayOf, previousUpdate, weeklyPathFor, weeklyUpdate, type WeeklyCandidate } from '../../core/index';
import { UsageError } from '../../node/files';
import { versionAtWeekStart, weeklyCandidates } from '../../node/weekly';
import type { Command } from '../command';
import { display, keyOf, readText } from '../io';
import { formatOf } from '../output';
import { WorkspaceRun } from '../workspace';

export const weekly: Command = {
  name: 'weekly',
  usage: 'weekly [paths…]',
  summary:
    "write this week's update of each quarterly document named: every KR with Last (the previous weekly update, else git at the start of the week), Now, Δ and confidence, a Top 3 and Blockers to fill; where the weeklyPath setting says",
  options: [
    { name: 'stdout', type: 'boolean', help: 'weekly: print the update instead of writing the file', goesWith: 'weekly' },
    { name: 'force', type: 'boolean', help: "weekly: replace this week's update when it exists", goesWith: 'weekly' },
  ],
  targets: ['weekly'],
  async run(ctx) {
    const { io, today } = ctx;
    const run = new WorkspaceRun(ctx);
    const format = formatOf('weekly', ctx.format)!;
    const monday = mondayOf(today);
    let written = 0;
    let failed = 0;
    let printed = 0;
    for (const group of run.groups) {
      const { config, base } = group.loaded;
      // Only the model is needed: no rule runs.
      const quarterlies = run
        .read(group)
        .map((r) => ({ ...r, analysis: analyze(r.text, { config, today, rules: [], validate: false }) }))
        .filter((d) => d.analysis.document.kind === 'okr' && d.analysis.document.objectives.some((o) => o.keyResults.length > 0));
      if (quarterlies.length === 0) continue;
      let candidates: WeeklyCandidate[] | null = null;
      for (const { file, shown, analysis } of quarterlies) {
        const document = analysis.document;
        const target = path.resolve(path.dirname(file), weeklyPathFor(config.weeklyPath, monday, document.team));
        candidates ??= weeklyCandidates(group.root, { base, include: config.include, exclude: config.exclude, detectExplicit: false }, config, today, (f) => {
          const text = readText(f);
          return typeof text === 'string' ? text : null;
        });
        const previous = previousUpdate(candidates, { key: keyOf(file), team: document.team }, monday, keyOf(path.dirname(target)));
        const update = weeklyUpdate({
          quarterly: document,
          quarterlyLink: path.relative(path.dirname(target), file).split(path.sep).join('/'),
          monday,
          previous: previous
            ? { document: previous.document, name: path.relative(path.dirname(target), previous.key.split('/').join(path.sep)).split(path.sep).join('/') }
            : null,
          history: await versionAtWeekStart(file, monday, config, today),
        });
        if (ctx.flag('stdout')) {
          if (printed++ > 0) io.out('');
          for (const line of format.render({ text: update.text })) io.out(line);
          continue;
        }
        const where = display(io.cwd, target);
        if (fs.existsSync(target) && !ctx.flag('force')) {
          io.err(`okr-lens: ${where} exists: this week's update of ${shown} is already there (--force replaces it, --stdout prints the new one)`);
          failed++;
          continue;
        }
        try {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, update.text, { flag: ctx.flag('force') ? 'w' : 'wx' });
        } catch (error) {
          io.err(`okr-lens: could not write ${where}: ${error instanceof Error ? error.message : String(error)}`);
          failed++;
          continue;
        }
        written++;
        const from = { previous: 0, history: 0, none: 0 };
        for (const row of update.rows) from[row.source]++;
        io.out(
          `wrote ${where}: ${update.rows.length} KR${update.rows.length === 1 ? '' : 's'} of ${shown}, Last from ${[
            previous && from.previous > 0 ? `the update of ${previous.document.date} (${from.previous})` : null,
            from.history > 0 ? `git at the start of the week (${from.history})` : null,
            from.none > 0 ? `nowhere (${from.none})` : null,
          ]
            .filter(Boolean)
            .join(', ')}`,
        );
      }
    }
    if (written === 0 && failed === 0 && printed === 0) {
      run.finish();
      if (run.exit(0) === 0)
        throw new UsageError("no quarterly OKR document with key results among the paths: weekly writes the update of a team's quarterly document");
    }
    return failed > 0 ? 2 : run.exit(0);
  },
};
