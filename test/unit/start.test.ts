import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildNeeded, OUTPUTS } from '../../src/tools/build-state';
import { repoRoot, tempDir } from './helpers';

/**
 * `npm start` on a fresh clone: `npm install` does not build, so start builds
 * out/ when it is missing and afterwards only when something changed; and what
 * the offline VS Code server's install puts on the machine is said before it
 * happens.
 */
describe('npm start: one build, and installs announced', () => {
  const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('npm start builds when out/ is missing or stale, and not again when it is current', () => {
    assert.doesNotMatch(scripts['start']!, /npm run build(?!:)/, 'npm start builds out/ only when buildNeeded says so');
    const dir = tempDir('start-');
    const write = (rel: string, when: number): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), '');
      fs.utimesSync(path.join(dir, rel), when, when);
    };
    const t = Date.now() / 1000 - 1000;
    write('package.json', t);
    write('src/cli/main.ts', t);
    for (const out of OUTPUTS) write(out, t + 10);
    assert.equal(buildNeeded(dir), null);
    write('src/cli/main.ts', t + 20);
    assert.equal(buildNeeded(dir), 'src/cli/main.ts changed since the last build');
    fs.rmSync(path.join(dir, 'out', 'cli.js'));
    assert.equal(buildNeeded(dir), 'out/cli.js is missing');
  });

  /** Runs a copy of install-code-server.sh as root with apt-get, chromium and ripgrep absent, npm failing; stdout and stderr in order. */
  function installAsRoot(args: string[]): string {
    const dir = tempDir('install-');
    fs.mkdirSync(path.join(dir, 'test', 'integration'), { recursive: true });
    const script = path.join(dir, 'test', 'integration', 'install-code-server.sh');
    fs.copyFileSync(path.join(repoRoot, 'test', 'integration', 'install-code-server.sh'), script);
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const stub = (name: string, body: string): void => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    stub('id', 'echo 0');
    stub('apt-get', 'echo "apt-get $*" >&2');
    stub('npm', 'echo "npm $*" >&2; exit 1');
    for (const tool of ['dirname', 'mkdir', 'rm'])
      fs.symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), path.join(bin, tool));
    const run = spawnSync('/bin/sh', ['-c', `/bin/bash "${script}" ${args.join(' ')} 2>&1`], { encoding: 'utf8', env: { PATH: bin } });
    return run.stdout;
  }

  it('as root, says which system packages it installs with apt-get and what for, before installing them', () => {
    const out = installAsRoot([]);
    const said = out.indexOf('installing chromium ripgrep with apt-get');
    const apt = out.indexOf('apt-get install');
    assert.ok(said >= 0 && apt > said, out);
    assert.match(out.slice(said, apt), /chromium: the headless browser the integration tests and screenshots drive/);
    assert.match(out.slice(said, apt), /ripgrep: search and quick open in the VS Code server/);
    assert.match(out, /installing the offline VS Code server .* from the npm registry/);
  });

  it('for npm start (--server-only), installs ripgrep but not Chromium, which only the tests drive', () => {
    const out = installAsRoot(['--server-only']);
    assert.match(out, /apt-get install -y -qq ripgrep\n/);
    assert.doesNotMatch(out, /chromium/);
  });
});
