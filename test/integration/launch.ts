import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { OUTPUTS } from '../../src/tools/build-state';
import { desktopVsCode, installVsix, launchChromium, root, startServer, workbenchUrl } from '../../src/tools/vscode';
import { runEndToEnd } from './e2e';

/**
 * Runs the integration suites against the extension as users install it: the
 * VSIX that `npm run package` built (okr-lens-<version>.vsix), installed into
 * a fresh extensions folder. The test runner is loaded beside it from an empty
 * extension of its own, so nothing of the extension comes from this folder.
 * - The suites (out/test/integration/index.js) run in VS Code's Node extension
 *   host: with @vscode/test-electron when a desktop VS Code is available (`code`
 *   on PATH, or VSCODE_EXECUTABLE_PATH), otherwise with the offline VS Code
 *   server (code-server 4.96.4, VS Code 1.96.4) driven by headless Chromium,
 *   installed by install-code-server.sh into .vscode-test/ (see
 *   ../shared/REAL-VSCODE-OFFLINE.md).
 * - The web suite (out/test/web/index.js) runs the same package's browser build
 *   in the web worker extension host of the server's page, as vscode.dev and
 *   github.dev do: the installed extension with `main` taken out of its
 *   manifest, which puts it in that host.
 * - The end-to-end test drives the installed extension in the page.
 * Each workspace is a temporary copy of examples/. Never skips: what cannot
 * run fails with the reason.
 */
const testsPath = path.join(root, 'out', 'test', 'integration', 'index.js');
const webTestsPath = path.join(root, 'out', 'test', 'web', 'index.js');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const vsix = path.join(root, `okr-lens-${version}.vsix`);

/**
 * The run's own temporary folder: TMPDIR for this process and everything it
 * starts (the VS Code server, Chromium, the extension host, git), removed at
 * the end. What OKR Lens's suites make there (`okr-lens-*`) they must remove
 * themselves; the run fails when some is left, so that `npm test` leaves
 * nothing in the system temporary folder.
 */
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-integration-run-'));
process.env['TMPDIR'] = runDir;

/** Exits with `code`, or with 1 when the run left `okr-lens-*` entries behind (listed). The run's folder goes either way. */
function finish(code: number, made: string[]): never {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const left = fs.readdirSync(runDir).filter((name) => name.startsWith('okr-lens-'));
  fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  if (left.length > 0) {
    console.error(`integration: the run left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temporary folder: ${left.join(', ')}`);
    process.exit(code || 1);
  }
  process.exit(code);
}
const results = path.join(root, 'out', 'test', 'integration', 'results.json');

/** The extension host's output lines that carry a stack trace: a passing run prints none. */
const traces: string[] = [];

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-it-'));
  const ws = path.join(dir, 'examples');
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  return ws;
}

/** What the suites find in their extension host's environment: where the results go, and this repository (its out/cli.js, docs/rules). */
const SUITE_ENV = { OKR_LENS_RESULTS: results, OKR_LENS_REPO: root };

/**
 * User settings of the suites' VS Code:
 * - VS Code's git extension is off: OKR Lens reads history with git itself, and the history suite removes the
 *   repository it made, which the git extension would go on polling ("Repository not initialized").
 * - Auto save is off. VS Code in the browser saves a changed file after a second by default; the suites keep
 *   edits unsaved (and undo them) to test what the editor shows before a save, and a save would leave a test's
 *   edit on disk for the suites after it.
 */
const SUITE_SETTINGS = { 'git.enabled': false, 'files.autoSave': 'off' };

/**
 * An empty extension that only carries the test runner: VS Code loads `extensionTestsPath` for an
 * extension under development, and the extension under test is the installed one.
 */
function runnerExtension(made: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-runner-'));
  made.push(dir);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'okr-lens-test-runner', publisher: 'okr-lens', version: '0.0.0', engines: { vscode: '^1.96.0' } }),
  );
  return dir;
}

async function withDesktop(executable: string, ws: string, made: string[]): Promise<number> {
  const { runTests, resolveCliArgsFromVSCodeExecutablePath } = await import('@vscode/test-electron');
  const extensions = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-extensions-'));
  made.push(extensions);
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
  execFileSync(cli!, [...cliArgs, '--extensions-dir', extensions, '--install-extension', vsix, '--force'], { stdio: 'inherit' });
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: runnerExtension(made),
      extensionTestsPath: testsPath,
      launchArgs: [ws, '--extensions-dir', extensions, '--disable-workspace-trust'],
      extensionTestsEnv: SUITE_ENV,
    });
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  }
}

async function withServer(ws: string, made: string[]): Promise<number> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-vscode-'));
  made.push(userDataDir);
  const { port, server } = await startServer(userDataDir, SUITE_ENV, [], SUITE_SETTINGS, vsix);
  return inPage(server, workbenchUrl(port, ws, testsPath, runnerExtension(made)));
}

/**
 * The web suite: the installed package with `main` taken out of its manifest, so that VS Code runs
 * its `browser` build in the page's web worker extension host, on a fresh copy of examples/ beside
 * `okr-lens check --format json` of the same files (okr-lens-check.json), which the suite compares with.
 */
async function withWebWorker(made: string[]): Promise<number> {
  const installed = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-vscode-'));
  made.push(installed);
  // The installed folder itself is loaded, as an extension under development, by a server with a profile of its own.
  const web = installVsix(installed, vsix);
  const manifest = JSON.parse(fs.readFileSync(path.join(web, 'package.json'), 'utf8')) as { main?: string; browser?: string };
  if (!manifest.browser) throw new Error(`the packaged manifest has no browser entry: ${path.join(web, 'package.json')}`);
  delete manifest.main;
  fs.writeFileSync(path.join(web, 'package.json'), JSON.stringify(manifest, null, 2));
  // VS Code runs a test runner in the extension host of the extension whose folder holds it.
  const runner = path.join(web, 'web-test-runner', 'index.js');
  fs.mkdirSync(path.dirname(runner));
  fs.copyFileSync(webTestsPath, runner);
  const ws = workspace();
  made.push(path.dirname(ws));
  const check = spawnSync(process.execPath, [path.join(root, 'out', 'cli.js'), 'check', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
  if (!check.stdout.startsWith('{')) throw new Error(`okr-lens check printed no report (exit ${check.status}): ${check.stderr}`);
  fs.writeFileSync(path.join(ws, 'okr-lens-check.json'), check.stdout);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-vscode-'));
  made.push(userDataDir);
  const { port, server } = await startServer(userDataDir, {}, [], SUITE_SETTINGS);
  return inPage(server, workbenchUrl(port, ws, runner, web));
}

/** Opens `url` (a workbench running a test runner) and resolves with the runner's exit code; closes the page and stops the server. */
async function inPage(server: ChildProcess, url: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The extension host's console arrives as printf-style arguments (mocha's reporter uses %s and %d).
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (/open-vsx\.org|^\s+at .*workbench\.js|potential listener LEAK detected/.test(line)) return; // the offline gallery and the workbench's own warnings, not ours
      // A stack trace whose every frame is the workbench's own (a file read raced by a revert) is not ours.
      const frames = line.split('\n').filter((l) => /^\s+at \S.*(:\d+:\d+\)?|\(native\))$/.test(l));
      if (frames.length > 0 && !frames.every((f) => /\/workbench\.js:\d+/.test(f))) traces.push(line.split('\n')[0]!);
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.goto(url);
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        console.error('integration tests: no result after 10 minutes');
        resolve(1);
      }, 600_000).unref(),
    );
    return await Promise.race([exit, timeout]);
  } finally {
    await browser.close();
    server.kill();
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
  }
}

async function main(): Promise<void> {
  for (const file of [testsPath, webTestsPath]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build:integration`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run npm run package`);
  // The suites test what ships: a package older than the build would test something else.
  for (const output of OUTPUTS)
    if (fs.statSync(path.join(root, output)).mtimeMs > fs.statSync(vsix).mtimeMs)
      throw new Error(`${output} is newer than ${path.basename(vsix)}: run npm run package`);
  // README states the package's size; it must stay within 5% of what ships.
  const stated = /The VSIX is ([\d,]+) KiB/.exec(fs.readFileSync(path.join(root, 'README.md'), 'utf8'))?.[1];
  const kib = fs.statSync(vsix).size / 1024;
  if (!stated || Math.abs(Number(stated.replace(/,/g, '')) - kib) > kib * 0.05)
    throw new Error(`README.md says the VSIX is ${stated ?? '(no figure)'} KiB; ${path.basename(vsix)} is ${Math.round(kib)} KiB`);
  fs.rmSync(results, { force: true });
  // OKR_LENS_IT_ONLY=web runs only the web suite, for a quick look while developing (npm test never sets it).
  const only = process.env['OKR_LENS_IT_ONLY'];
  const made: string[] = [];
  console.log(`integration: ${path.relative(root, vsix)} (${Math.round(fs.statSync(vsix).size / 1024)} KB), installed`);
  if (only !== 'web') {
    const ws = workspace();
    made.push(path.dirname(ws));
    const desktop = desktopVsCode();
    console.log(desktop ? `integration: desktop VS Code at ${desktop}` : 'integration: offline VS Code server (code-server 4.96.4) with headless Chromium');
    const code = desktop ? await withDesktop(desktop, ws, made) : await withServer(ws, made);
    if (fs.existsSync(results)) console.log(`integration: measured ${fs.readFileSync(results, 'utf8').replace(/\s+/g, ' ')}`);
    if (code !== 0) finish(code, made);
  }
  console.log('integration: the web suite, in the web worker extension host of the offline VS Code server page');
  const web = await withWebWorker(made);
  if (web !== 0) finish(web, made);
  if (traces.length > 0) {
    console.error(
      `integration: the tests passed, but the extension host printed ${traces.length} stack trace${traces.length === 1 ? '' : 's'}, first: ${traces[0]}`,
    );
    finish(1, made);
  }
  if (process.env['OKR_LENS_IT_GREP'] || only) {
    console.log('e2e: skipped, OKR_LENS_IT_GREP or OKR_LENS_IT_ONLY asked for a partial run');
    finish(0, made);
  }
  // The end-to-end test always drives the offline VS Code server's page (a desktop VS Code has no page to drive).
  console.log('e2e: the alignment tree through the offline VS Code server page, with Playwright');
  try {
    await runEndToEnd(undefined, true, vsix);
  } catch (error) {
    console.error(`e2e failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    finish(1, made);
  }
  finish(0, made);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
