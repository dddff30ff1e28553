import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../../src/core/rules';
import { repoRoot } from './helpers';
import { bundleLoads, devOnly, relativeLinks, vsixFiles } from './package-files';

/**
 * The VSIX `npm run package` builds holds every file the extension loads at
 * run time and nothing a user does not need. The list comes from `vsce ls`
 * (the same .vscodeignore rules `vsce package` applies), so this runs after
 * `npm run build` without packaging.
 */
describe('the VSIX', function () {
  this.timeout(60_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown> & { contributes: unknown };
  let files: string[];
  before(() => {
    files = vsixFiles();
  });
  const missing = (wanted: readonly string[]): string[] => wanted.filter((f) => !files.includes(f));

  /** Every file path the manifest names: main, browser, icon, and the icons, paths and local URLs under contributes (views, snippets, grammars, jsonValidation…). */
  function manifestFiles(): string[] {
    const named: string[] = [];
    const add = (p: unknown): void => {
      if (typeof p === 'string' && !p.startsWith('$(') && !/^[a-z][a-z0-9+.-]*:/i.test(p)) named.push(path.posix.normalize(p));
    };
    for (const key of ['main', 'browser', 'icon']) add(manifest[key]);
    const walk = (node: unknown, key: string): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n, key));
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
      else if (['path', 'icon', 'url', 'light', 'dark'].includes(key)) add(node);
    };
    walk(manifest.contributes, '');
    return named;
  }

  it('holds every file the manifest names', () => {
    const named = manifestFiles();
    for (const f of ['out/extension.js', 'media/icon.png', 'media/tree-icon.svg', 'snippets/okr.code-snippets', 'syntaxes/okr.injection.tmLanguage.json'])
      assert.ok(named.includes(f), `the manifest scan finds ${f} (found: ${named.join(', ')})`);
    if (typeof manifest['browser'] === 'string') assert.ok(named.includes(path.posix.normalize(manifest['browser'])));
    assert.deepEqual(missing(named), [], 'named in package.json but not in the VSIX');
    for (const f of named) assert.ok(fs.existsSync(path.join(repoRoot, f)), `${f} is named in package.json and exists after npm run build`);
  });

  it('holds every file the bundles load at run time', () => {
    const ids = rules.map((r) => r.id);
    const loads = [...new Set(['out/extension.js', 'out/runtime.js'].flatMap((b) => bundleLoads(b, ids)))].sort();
    // The scan must see the loads it is here for: the lazily required runtime, the worker pool, the webview and the rule pages.
    for (const f of ['out/runtime.js', 'out/summary-worker.js', 'out/summary-host.js', 'media/tree.js', 'media/tree.css', 'docs/rules/kr-vague.md'])
      assert.ok(loads.includes(f), `the bundle scan finds ${f} (found: ${loads.join(', ')})`);
    assert.ok(loads.filter((f) => f.startsWith('docs/rules/')).length === ids.length, 'one rule page per rule');
    assert.deepEqual(missing(loads), [], 'loaded at run time but not in the VSIX');
    // The bundles they load load nothing else that is missing.
    const second = loads.filter((f) => f.endsWith('.js') && f.startsWith('out/')).flatMap((b) => bundleLoads(b, ids));
    assert.deepEqual(missing(second), [], 'loaded by a loaded bundle but not in the VSIX');
  });

  it('packs the web build once it is built', () => {
    const web = fs.existsSync(path.join(repoRoot, 'out', 'web')) ? fs.readdirSync(path.join(repoRoot, 'out', 'web')).filter((f) => f.endsWith('.js')) : [];
    assert.deepEqual(missing(web.map((f) => `out/web/${f}`)), []);
  });

  it('holds the license, the changelog and the readme', () => {
    assert.deepEqual(missing(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']), []);
    assert.match(fs.readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 The OKR Lens authors\n/);
  });

  it('holds no sources, maps, tests, fixtures, examples or benchmarks, and no development files', () => {
    assert.deepEqual(devOnly(files), []);
    const extra = files.filter((f) => /^(out\/(test|tools|bench)\/|\.|tsconfig|eslint|package-lock)/.test(f) || f === 'out/cli.js');
    assert.deepEqual(extra, [], 'the CLI, tools, tests and config are not part of the extension');
  });

  it('every relative link of a packed page leads to a packed file', () => {
    // README.md and CHANGELOG.md are left out: vsce rewrites their relative links to the repository on GitHub.
    const broken = files
      .filter((f) => f.endsWith('.md') && f.includes('/'))
      .flatMap((f) =>
        relativeLinks(fs.readFileSync(path.join(repoRoot, f), 'utf8'))
          .map((l) => path.posix.normalize(path.posix.join(path.posix.dirname(f), decodeURI(l))))
          .filter((target) => !files.includes(target))
          .map((target) => `${f} → ${target}`),
      );
    assert.deepEqual(broken, []);
  });
});
