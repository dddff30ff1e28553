import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { repoRoot, tempDir } from './helpers';

/** The fields of package.json the manifest test reads. */
interface Manifest {
  name: string;
  displayName: string;
  main: string;
  browser: string;
  bin: Record<string, string>;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  activationEvents: string[];
  contributes: { commands: Array<{ command: string }>; snippets: Array<{ path: string }>; grammars: Array<{ path: string }> };
  capabilities: { untrustedWorkspaces: { supported: string; description: string }; virtualWorkspaces: { supported: string } };
}

/**
 * The manifest and the configuration layer. Activation and every editor
 * feature are tested in a real VS Code by test/integration.
 */
describe('extension bundle', () => {
  it('matches the manifest: main, bin, activation and the contributed command', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    assert.equal(pkg.name, 'okr-lens');
    assert.equal(pkg.displayName, 'OKR Lens');
    assert.equal(pkg.engines.vscode, '^1.96.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.96.0');
    assert.deepEqual(pkg.activationEvents, [
      'onLanguage:markdown',
      'workspaceContains:**/*.okr.md',
      'workspaceContains:**/*okr*.md',
      'workspaceContains:**/*OKR*.md',
    ]);
    assert.ok(fs.existsSync(path.join(repoRoot, pkg.main)), pkg.main);
    assert.ok(fs.existsSync(path.join(repoRoot, pkg.browser)), pkg.browser);
    assert.ok(fs.existsSync(path.join(repoRoot, pkg.bin['okr-lens'])));
    assert.deepEqual(
      pkg.contributes.commands.map((c) => c.command),
      [
        'okrLens.showReport',
        'okrLens.newDocument',
        'okrLens.newWeeklyUpdate',
        'okrLens.openRuleDocs',
        'okrLens.showDetails',
        'okrLens.showAlignmentTree',
        'okrLens.previewRollup',
        'okrLens.openNode',
        'okrLens.gradeQuarter',
        'okrLens.rollOver',
        'okrLens.checkIn',
      ],
    );
    for (const file of [pkg.contributes.snippets[0].path, pkg.contributes.grammars[0].path]) assert.ok(fs.existsSync(path.join(repoRoot, file)), file);
    // Untrusted and virtual workspaces: limited support, said in the manifest (src/features/config.ts does what it says).
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /reads no \.okr-lens\.json\(c\) file and no workspace or folder okrLens\.\* settings/);
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
  });
});

describe('the web build (package.json browser)', () => {
  it('loads where only what a web worker has exists: no Node modules or globals, no DOM', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    // Any property of the fake vscode module is another fake, callable and constructible. esbuild's
    // interop copies a CommonJS module onto an object whose prototype is the module's: that one answers too.
    const anything: object = new Proxy({}, { get: () => fake });
    const fake: object = new Proxy(function () {}, {
      get: (_, key) => (key === '__esModule' ? false : fake),
      apply: () => fake,
      construct: () => fake,
      getPrototypeOf: () => anything,
    });
    const required: string[] = [];
    const module = { exports: {} as Record<string, unknown> };
    const worker = {
      module,
      exports: module.exports,
      require: (id: string) => {
        required.push(id);
        if (id === 'vscode') return fake;
        throw new Error(`the web build requires '${id}'`);
      },
      ...Object.fromEntries(
        [
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'queueMicrotask',
          'TextDecoder',
          'TextEncoder',
          'URL',
          'console',
          'crypto',
          'performance',
          'btoa',
          'atob',
        ].map((name) => [name, (globalThis as Record<string, unknown>)[name]]),
      ),
    };
    vm.runInNewContext(fs.readFileSync(path.join(repoRoot, pkg.browser), 'utf8'), worker, { filename: pkg.browser });
    assert.deepEqual([...new Set(required)], ['vscode']);
    assert.equal(typeof module.exports['activate'], 'function');
  });
});

describe('extension: configuration from okrLens.* settings and .okr-lens.json', () => {
  it('layers defaults, then settings, then the file, and reports bad keys', () => {
    const dir = tempDir('ext-');
    fs.writeFileSync(path.join(dir, '.okr-lens.json'), '{ "rules": { "kr-vague": "info", "too-many-krs": { "max": 0 } } }');
    const settings: Record<string, { globalValue?: unknown; workspaceValue?: unknown }> = {
      rules: { workspaceValue: { 'kr-vague': 'error', 'kr-binary': 'off' } },
      paceThreshold: { globalValue: 0.4 },
      confidenceScale: { workspaceValue: '0-10' },
    };
    const fake = {
      workspace: {
        isTrusted: true,
        getConfiguration: () => ({ inspect: (key: string) => settings[key] }),
        asRelativePath: (f: string) => path.basename(f),
      },
    };
    const load = (Module as unknown as { _load: (r: string, ...a: unknown[]) => unknown })._load;
    (Module as unknown as { _load: (r: string, ...a: unknown[]) => unknown })._load = (request: string, ...rest: unknown[]) =>
      request === 'vscode' ? fake : load(request, ...rest);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only now, so that its `vscode` import meets the fake above
      const { configFor } = require('../../src/features/config') as typeof import('../../src/features/config');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
      const { nodeServices } = require('../../src/features/services-node') as typeof import('../../src/features/services-node');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
      const { webServices } = require('../../src/features/services-web') as typeof import('../../src/features/services-web');
      const file = { scheme: 'file', fsPath: path.join(dir, 'q1.okr.md') } as never;
      const { config, problems } = configFor(file, nodeServices(null));
      assert.equal(config.rules['kr-vague'], 'info', 'the file wins over the settings');
      assert.equal(config.rules['kr-binary'], 'off', 'settings the file does not set still apply');
      assert.equal(config.paceThreshold, 0.4);
      assert.equal(config.confidenceScale, '0-1');
      assert.deepEqual(
        problems.map((p) => `${p.source}: ${p.key}`),
        ['VS Code settings: okrLens.confidenceScale', '.okr-lens.json: rules.too-many-krs.max'],
      );

      // In the web worker (vscode.dev, github.dev) no configuration file is read: the settings apply alone.
      const web = configFor(file, webServices());
      assert.equal(web.config.rules['kr-vague'], 'error', 'the workspace settings, not the file');
      assert.equal(web.config.rules['kr-binary'], 'off');
      assert.deepEqual(
        web.problems.map((p) => `${p.source}: ${p.key}`),
        ['VS Code settings: okrLens.confidenceScale'],
      );

      // In an untrusted workspace: the user's settings only, no configuration file.
      fake.workspace.isTrusted = false;
      fs.writeFileSync(path.join(dir, '.okr-lens.json'), '{ "maxDocumentKB": 16384, "rules": { "kr-vague": "info" } }');
      const untrusted = configFor(file, nodeServices(null));
      assert.equal(untrusted.config.maxDocumentKB, 512, 'the file cannot raise the input limit');
      assert.equal(untrusted.config.rules['kr-vague'], undefined, 'neither the file nor the workspace settings apply');
      assert.equal(untrusted.config.rules['kr-binary'], undefined);
      assert.equal(untrusted.config.paceThreshold, 0.4, "the user's own settings still do");
      assert.deepEqual(untrusted.problems, []);
    } finally {
      (Module as unknown as { _load: unknown })._load = load;
    }
  });
});
