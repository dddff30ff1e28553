import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { examplesDir, repoRoot, tempDir } from './helpers';
import { bundleLoads, devOnly } from './package-files';

/**
 * The npm package is the okr-lens CLI: `npm pack` gives a tarball that
 * installs with `npm install -g` on a machine with only Node (no build, no
 * install scripts, no dev dependencies), and whose `okr-lens` command answers
 * exactly as `node out/cli.js` does. Runs after `npm run build`; packs with
 * --ignore-scripts (prepack would build again).
 */
describe('the npm package (the CLI)', function () {
  this.timeout(180_000);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    bin: Record<string, string>;
    scripts: Record<string, string>;
  };
  const bin = path.posix.normalize(manifest.bin['okr-lens']!);
  // npm's own environment (npm_config_*, set when the suite runs under `npm test`) must not steer the nested npm.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const run = (command: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
    spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });

  let work: string;
  let tarball: string;
  let packed: string[];
  before(() => {
    work = tempDir('npm-package-');
    const pack = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(work, info!.filename);
    packed = info!.files.map((f) => f.path).sort();
  });

  it('is okr-lens-<version>.tgz and holds the CLI and every file it loads at run time, and nothing else', () => {
    assert.equal(path.basename(tarball), `okr-lens-${manifest.version}.tgz`);
    const loads = bundleLoads(bin, []);
    for (const f of ['out/summary-worker.js', 'out/summary-host.js', 'media/tree.js', 'media/tree.css'])
      assert.ok(loads.includes(f), `the bundle scan finds ${f} (found: ${loads.join(', ')})`);
    const wanted = [bin, ...loads, 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
    assert.deepEqual(
      wanted.filter((f) => !packed.includes(f)),
      [],
      'missing from the tarball',
    );
    assert.deepEqual(
      packed.filter((f) => !wanted.includes(f)),
      [],
      'in the tarball but not needed by the CLI',
    );
    assert.deepEqual(devOnly(packed), []);
  });

  it('npm pack prints only the tarball name while prepack builds, as pre-commit reads it', () => {
    // pre-commit installs a node hook with `npm install -g $(npm pack)`: the
    // repository's .npmrc keeps the prepack build's echo off stdout. A package
    // whose prepack prints, packed with and without that .npmrc:
    assert.match(manifest.scripts['prepack'] ?? '', /\bbuild\b/, 'prepack builds what the tarball holds');
    const pack = (withNpmrc: boolean): string => {
      const dir = tempDir('npm-package-prepack-');
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'prepack-echo', version: '1.0.0', scripts: { prepack: 'node -e "console.log(42)"' } }),
      );
      if (withNpmrc) fs.copyFileSync(path.join(repoRoot, '.npmrc'), path.join(dir, '.npmrc'));
      const r = run(npm, ['pack'], dir);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    assert.notEqual(pack(false), 'prepack-echo-1.0.0.tgz\n', 'without the .npmrc, npm echoes the script on stdout');
    assert.equal(pack(true), 'prepack-echo-1.0.0.tgz\n');
  });

  it('runs no script when installed', () => {
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts[s], undefined, `package.json has no ${s} script`);
  });

  it('installs with npm install -g, and okr-lens check and rollup answer as node out/cli.js does', () => {
    const prefix = path.join(work, 'prefix');
    const install = run(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
    assert.equal(install.status, 0, install.stderr);
    const installed = process.platform === 'win32' ? path.join(prefix, 'okr-lens.cmd') : path.join(prefix, 'bin', 'okr-lens');
    assert.ok(fs.existsSync(installed), `${installed} exists`);
    // The installed copy is the packed one, with no build output beyond it.
    const home = process.platform === 'win32' ? path.join(prefix, 'node_modules', 'okr-lens') : path.join(prefix, 'lib', 'node_modules', 'okr-lens');
    assert.ok(!fs.existsSync(path.join(home, 'src')) && !fs.existsSync(path.join(home, 'out', 'extension.js')));

    fs.cpSync(examplesDir, path.join(work, 'examples'), { recursive: true });
    const nonce = (s: string): string => s.replace(/'nonce-[^']+'|nonce="[^"]+"/g, 'nonce');
    for (const args of [
      ['check', 'examples/'],
      ['rollup', 'examples/'],
      ['rollup', 'examples/', '--format', 'html'],
      ['check', 'examples/', '--format', 'json'],
    ]) {
      const got = run(installed, args, work);
      const want = run(process.execPath, [path.join(repoRoot, bin), ...args], work);
      assert.equal(want.error, undefined);
      assert.ok(want.stdout.length > 200, `node out/cli.js ${args.join(' ')} prints a report`);
      assert.equal(got.status, want.status, `okr-lens ${args.join(' ')}: exit code\n${got.stderr}`);
      assert.equal(nonce(got.stdout), nonce(want.stdout), `okr-lens ${args.join(' ')}: output`);
      assert.equal(got.stderr, want.stderr, `okr-lens ${args.join(' ')}: errors`);
    }
  });
});
