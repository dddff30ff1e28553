// `npm run package` (after `npm run build`): okr-lens-<version>.vsix with vsce.
// vsce runs with no terminal to answer its prompts (a missing LICENSE or
// repository asks "Do you want to continue?"), its output is echoed, and any
// warning or prompt fails the run, so a VSIX is only made from a clean check.
// .vscodeignore says what goes in; --no-dependencies because esbuild bundles
// every dependency into out/.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${name}-${version}.vsix`);
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

fs.rmSync(vsix, { force: true });
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
});
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
const output = `${run.stdout}\n${run.stderr}`;
const warnings = output.split('\n').filter((line) => /\bWARNING\b|Do you want to continue/i.test(line));

if (run.status !== 0 || warnings.length > 0 || !fs.existsSync(vsix)) {
  console.error(
    warnings.length > 0
      ? `\nnpm run package: vsce warned (${warnings.length}); fix the cause, the VSIX is not kept:\n${warnings.join('\n')}`
      : `\nnpm run package: vsce failed (exit ${run.status ?? run.signal})`,
  );
  fs.rmSync(vsix, { force: true });
  process.exit(1);
}

const files = /Packaged: .* \((\d+) files?,/.exec(output)?.[1] ?? '?';
const bytes = fs.statSync(vsix).size;
console.log(`${path.basename(vsix)}: ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes), ${files} files`);
