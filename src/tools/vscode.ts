import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * Running the extension in a real VS Code on these machines (see
 * ../shared/REAL-VSCODE-OFFLINE.md): a desktop VS Code when one is installed,
 * otherwise the offline VS Code server (code-server 4.96.4 = VS Code 1.96.4,
 * installed into .vscode-test/ by test/integration/install-code-server.sh)
 * and headless Chromium. Used by the integration launcher, `npm start` and
 * the screenshot script.
 */
export const root = findRoot(__dirname);

/** The repository root: the nearest folder upwards whose package.json is okr-lens's (bundles live at different depths under out/). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'okr-lens') return dir;
    if (path.dirname(dir) === dir) throw new Error(`not inside the okr-lens repository: ${from}`);
  }
}
const serverEntry = path.join(root, '.vscode-test', 'code-server', 'package', 'out', 'node', 'entry.js');

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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
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

/**
 * Starts the offline VS Code server on 127.0.0.1 and returns its port and
 * process, installing it first when it is not there (`installArgs` go to
 * install-code-server.sh, which says what it installs before it does).
 * `settings` are added to the user settings of `userDataDir`; `vsix`, a
 * packaged extension, is installed into its extensions folder first, as a
 * user installs it.
 */
export async function startServer(
  userDataDir: string,
  env: NodeJS.ProcessEnv = {},
  installArgs: string[] = [],
  settings: Record<string, unknown> = {},
  vsix: string | null = null,
): Promise<{ port: number; server: ChildProcess }> {
  if (!fs.existsSync(serverEntry)) {
    execFileSync(path.join(root, 'test', 'integration', 'install-code-server.sh'), installArgs, { stdio: 'inherit' });
  }
  if (vsix) installVsix(userDataDir, vsix);
  const port = await freePort();
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': 'Default Light Modern',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      ...settings,
    }),
  );
  const server = spawn(
    process.execPath,
    [
      serverEntry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      path.join(userDataDir, 'ext'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let log = '';
  server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  } catch (error) {
    server.kill();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`, { cause: error });
  }
  return { port, server };
}

/** The extensions folder of a server started with `userDataDir`. */
export function extensionsDir(userDataDir: string): string {
  return path.join(userDataDir, 'ext');
}

/** Installs a packaged extension (.vsix) into the extensions folder of `userDataDir`, as `code --install-extension` does; returns the folder it went to. */
export function installVsix(userDataDir: string, vsix: string): string {
  const before = new Set(fs.existsSync(extensionsDir(userDataDir)) ? fs.readdirSync(extensionsDir(userDataDir)) : []);
  const out = execFileSync(
    process.execPath,
    [serverEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir(userDataDir), '--install-extension', vsix, '--force'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (!/was successfully installed/.test(out)) throw new Error(`installing ${path.basename(vsix)} failed:\n${out}`);
  const added = fs.readdirSync(extensionsDir(userDataDir)).filter((name) => !before.has(name) && !name.startsWith('.') && !name.endsWith('.json'));
  if (added.length !== 1) throw new Error(`installing ${path.basename(vsix)} added ${added.join(', ') || 'no folder'} to ${extensionsDir(userDataDir)}`);
  return path.join(extensionsDir(userDataDir), added[0]!);
}

/**
 * The workbench URL that opens `folder`, optionally running the test runner in the extension host.
 * `extension`: the extension folder to load as under development (default this repository; null: only installed extensions).
 */
export function workbenchUrl(port: number, folder: string, testsPath: string | null, extension: string | null = root): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload: Array<[string, string]> = [['skipWelcome', 'true']];
  if (extension) payload.unshift(['extensionDevelopmentPath', remote(extension)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => fs.existsSync(p));
  if (!executablePath) throw new Error('no Chromium found (apt-get install -y chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Opens the workbench page on `folder` and waits until it is up; `extension` as for workbenchUrl. */
export async function openWorkbench(page: import('playwright-core').Page, port: number, folder: string, extension: string | null = root): Promise<void> {
  await page.goto(workbenchUrl(port, folder, null, extension));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(2_000);
}

/** Opens a file with Quick Open (Ctrl+P) and waits for OKR Lens's lenses on it. */
export async function quickOpen(page: import('playwright-core').Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(file);
  await page.waitForTimeout(1_500);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.codelens-decoration', { timeout: 60_000 });
}

/** Dismisses the workbench's own notifications (the theme prompt) so they do not cover what a screenshot shows. */
export async function dismissNotifications(page: import('playwright-core').Page): Promise<void> {
  for (const toast of await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').all())
    await toast.click().catch(() => undefined);
  await page
    .getByRole('button', { name: 'Cancel' })
    .click({ timeout: 2_000 })
    .catch(() => undefined);
}
