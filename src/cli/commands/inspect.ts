import type { Command } from '../command';
import { formatOf } from '../output';
import { analyseAll, WorkspaceRun } from '../workspace';

export const inspect: Command = {
  name: 'inspect',
  usage: 'inspect [paths…]',
  summary: 'what was read: each objective and KR with its line, values, owner, score and the layout reader that read it (docs/formats)',
  options: [],
  targets: ['inspect'],
  run(ctx) {
    const run = new WorkspaceRun(ctx);
    const format = formatOf('inspect', ctx.format)!;
    let printed = 0;
    for (const group of run.groups) {
      for (const document of analyseAll(run.read(group), group.loaded.config, ctx.today, { chars: 0 })) {
        if (printed++ > 0) ctx.io.out('');
        for (const line of format.render(document)) ctx.io.out(line);
      }
    }
    run.finish();
    return Promise.resolve(run.exit(0));
  },
};
