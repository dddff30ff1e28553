import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { desktopVsCode, launchChromium, root, startServer, workbenchUrl } from '../../src/tools/vscode';
import { runEndToEnd } from './e2e';

/**
 * Runs the integration suites (out/test/integration/index.js) inside a real VS
 * Code extension host:
 * - with @vscode/test-electron when a desktop VS Code is available (`code` on
 *   PATH, or VSCODE_EXECUTABLE_PATH);
 * - otherwise with the offline VS Code server (code-server 4.96.4, VS Code
 *   1.96.4) driven by headless Chromium, installed by install-code-server.sh
 *   into .vscode-test/ (see ../shared/REAL-VSCODE-OFFLINE.md).
 * The workspace is a temporary copy of examples/. Never skips: if neither can
 * run, it fails with the reason.
 */
const testsPath = path.join(root, 'out', 'test', 'integration', 'index.js');

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

async function withDesktop(executable: string, ws: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { OKR_LENS_RESULTS: results },
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
  // VS Code's git extension is off: OKR Lens reads history with git itself, and the history suite removes the
  // repository it made, which the git extension would go on polling ("Repository not initialized").
  const { port, server } = await startServer(userDataDir, { OKR_LENS_RESULTS: results }, [], { 'git.enabled': false });
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
      if (/^\s+at \S.*(:\d+:\d+\)?|\(native\))$/m.test(line)) traces.push(line.split('\n')[0]!);
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.goto(workbenchUrl(port, ws, testsPath));
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
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: run npm run build:integration`);
  fs.rmSync(results, { force: true });
  const ws = workspace();
  const desktop = desktopVsCode();
  console.log(desktop ? `integration: desktop VS Code at ${desktop}` : 'integration: offline VS Code server (code-server 4.96.4) with headless Chromium');
  const made = [path.dirname(ws)];
  const code = desktop ? await withDesktop(desktop, ws) : await withServer(ws, made);
  if (fs.existsSync(results)) console.log(`integration: measured ${fs.readFileSync(results, 'utf8').replace(/\s+/g, ' ')}`);
  if (code !== 0) finish(code, made);
  if (traces.length > 0) {
    console.error(
      `integration: the tests passed, but the extension host printed ${traces.length} stack trace${traces.length === 1 ? '' : 's'}, first: ${traces[0]}`,
    );
    finish(1, made);
  }
  if (process.env['OKR_LENS_IT_GREP']) {
    console.log('e2e: skipped, OKR_LENS_IT_GREP asked for a partial run');
    finish(0, made);
  }
  // The end-to-end test always drives the offline VS Code server's page (a desktop VS Code has no page to drive).
  console.log('e2e: the alignment tree through the offline VS Code server page, with Playwright');
  try {
    await runEndToEnd();
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
