import { run } from './run';

export { run };

// The process of `okr-lens`. The command line itself is in run.ts, so that a
// bundle importing it (the GitHub Action's) does not run this too: in a
// bundle, `module` is the bundle's own.
if (require.main === module) {
  // `okr-lens rollup | head`: a closed pipe ends the output, not in a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void run(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
