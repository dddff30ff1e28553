import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';

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
const root = path.resolve(__dirname, '..', '..', '..');
const testsPath = path.join(root, 'out', 'test', 'integration', 'index.js');
const serverEntry = path.join(root, '.vscode-test', 'code-server', 'package', 'out', 'node', 'entry.js');
const results = path.join(root, 'out', 'test', 'integration', 'results.json');

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-it-'));
  const ws = path.join(dir, 'examples');
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  return ws;
}

function which(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** The Electron executable of a desktop VS Code, from VSCODE_EXECUTABLE_PATH or the `code` launcher on PATH. */
export function desktopVsCode(): string | null {
  const explicit = process.env['VSCODE_EXECUTABLE_PATH'];
  if (explicit) return explicit;
  if (process.env['OKR_LENS_USE_SERVER'] === '1') return null;
  const launcher = which('code');
  if (!launcher) return null;
  const real = fs.realpathSync(launcher);
  const candidates = [
    path.resolve(path.dirname(real), '..', 'code'), // Linux: /usr/share/code/bin/code → /usr/share/code/code
    path.resolve(path.dirname(real), '..', '..', '..', 'MacOS', 'Electron'), // macOS app bundle
    path.resolve(path.dirname(real), '..', 'Code.exe'),
  ];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the VS Code server did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts the offline VS Code server on 127.0.0.1 and returns its port and process. */
export async function startServer(userDataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ port: number; server: ChildProcess }> {
  if (!fs.existsSync(serverEntry)) {
    execFileSync(path.join(root, 'test', 'integration', 'install-code-server.sh'), { stdio: 'inherit' });
  }
  const port = await freePort();
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'extensions.ignoreRecommendations': true, 'telemetry.telemetryLevel': 'off' }),
  );
  const server = spawn(
    process.execPath,
    [serverEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', path.join(userDataDir, 'ext')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let log = '';
  server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  } catch (error) {
    server.kill();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
  }
  return { port, server };
}

/** The workbench URL that opens `folder`, optionally running the test runner in the extension host. */
export function workbenchUrl(port: number, folder: string, tests: boolean): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload: Array<[string, string]> = [['extensionDevelopmentPath', remote(root)], ['skipWelcome', 'true']];
  if (tests) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => fs.existsSync(p));
  if (!executablePath) throw new Error('no Chromium found (apt-get install -y chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

async function withServer(ws: string): Promise<number> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-vscode-'));
  const { port, server } = await startServer(userDataDir, { OKR_LENS_RESULTS: results });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The extension host's console arrives as printf-style arguments (mocha's reporter uses %s and %d).
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (/open-vsx\.org|^\s+at .*workbench\.js/.test(line)) return; // the offline gallery, not ours
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.goto(workbenchUrl(port, ws, true));
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
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: run npm run build:integration`);
  fs.rmSync(results, { force: true });
  const ws = workspace();
  const desktop = desktopVsCode();
  console.log(desktop ? `integration: desktop VS Code at ${desktop}` : 'integration: offline VS Code server (code-server 4.96.4) with headless Chromium');
  const code = desktop ? await withDesktop(desktop, ws) : await withServer(ws);
  if (fs.existsSync(results)) console.log(`integration: measured ${fs.readFileSync(results, 'utf8').replace(/\s+/g, ' ')}`);
  process.exit(code);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
