import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildNeeded } from './build-state';
import { desktopVsCode, root, startServer, workbenchUrl } from './vscode';

/**
 * `npm start`: builds the extension and the CLI when out/ is missing or the
 * sources changed since it was built, then opens examples/ in a desktop VS Code with the
 * extension loaded when `code` is on PATH; otherwise starts the offline VS
 * Code server on 127.0.0.1 and prints the URL to open. Then prints the CLI's
 * report and alignment rollup of the same folder. The server runs until Ctrl-C.
 */
async function main(): Promise<void> {
  const stale = buildNeeded(root);
  if (stale) {
    console.log(`Building the extension and the CLI (${stale})…`);
    const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const examples = path.join(root, 'examples');
  const report = (): void => {
    console.log('\n── okr-lens check examples/ ──────────────────────────────');
    spawnSync(process.execPath, [path.join(root, 'out', 'cli.js'), 'check', 'examples/'], { cwd: root, stdio: 'inherit' });
    console.log('\n── okr-lens rollup examples/ ─────────────────────────────');
    spawnSync(process.execPath, [path.join(root, 'out', 'cli.js'), 'rollup', 'examples/'], { cwd: root, stdio: 'inherit' });
  };
  const code = process.env['OKR_LENS_USE_SERVER'] === '1' ? null : desktopVsCode() ? 'code' : null;
  if (code) {
    console.log('Opening examples/ in VS Code with OKR Lens loaded from this folder…');
    spawn('code', ['--extensionDevelopmentPath', root, examples], { stdio: 'ignore', detached: true }).unref();
    report();
    return;
  }
  const userDataDir = path.join(os.tmpdir(), 'okr-lens-start');
  fs.mkdirSync(userDataDir, { recursive: true });
  // The server (and ripgrep for its search) when it is not installed yet; Chromium is only for the tests.
  const { port, server } = await startServer(userDataDir, {}, ['--server-only']);
  const url = workbenchUrl(port, examples, null);
  console.log(
    `No desktop VS Code on PATH: the offline VS Code server (1.96.4) is running.\n\nOpen this URL in a browser on this machine:\n\n  ${url}\n\n(OKR Lens is loaded from ${root}; Ctrl-C stops the server.)`,
  );
  report();
  const stop = (): void => {
    server.kill();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (c) => process.exit(c ?? 0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
