/* eslint-disable @typescript-eslint/unbound-method -- a parser bundle's exports are module functions, destructured as an import would be */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Root } from 'mdast';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import type { Processor } from 'unified';
import { templateDocument } from '../../bench/template';
import { applyParserPatches, PARSER_PATCHES, parserPatchesPlugin, sha256, type ParserPatch } from '../../src/tools/parser-patches.mjs';
import { int, pick, random } from '../random';
import { examplesDir, fixturesDir, markdownFilesUnder, repoRoot, tempDir } from './helpers';

/** What the parser bundles built below export: the product's parse, and the libraries for the behaviour tests. */
interface ParserBundle {
  parseMarkdown(text: string): { root: Root };
  parseWhole(text: string): Root;
  plainProcessor: { parse(text: string): Root };
  tableProcessor: { parse(text: string): Root };
  unified(): Processor;
  remarkParse: (this: Processor) => void;
  gfmTable(): MicromarkExtension;
  gfmTableFromMarkdown(): FromMarkdownExtension;
}

const ENTRY = `
export { parseMarkdown } from './src/core/parse/parse';
export { parseWhole, plainProcessor, tableProcessor } from './src/core/parse/processor';
export { unified } from 'unified';
export { default as remarkParse } from 'remark-parse';
export { gfmTable } from 'micromark-extension-gfm-table';
export { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
`;

/** The parser as src/core bundles it, with `plugins` (none: the pristine packages as installed), loaded as a module of its own. */
async function parserBundle(dir: string, name: string, plugins: esbuild.Plugin[]): Promise<ParserBundle> {
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: repoRoot, loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    mainFields: ['module', 'main'],
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(file, result.outputFiles[0]!.text);
  return createRequire(__filename)(file) as ParserBundle;
}

/** The text of an installed dependency file. */
const installed = (patch: ParserPatch): string => fs.readFileSync(path.join(repoRoot, 'node_modules', patch.pkg, patch.file), 'utf8');

/**
 * Every document the trees are compared on: the real corpus (../shared/corpus/real
 * beside the repository when it is there, and its copy in test/fixtures), the
 * examples, the test fixtures and fuzz regressions, the benchmarks' template
 * documents, and random documents of the blocks the chunker splits at.
 */
function documents(): Array<[string, string]> {
  const files = [
    ...markdownFilesUnder(path.join(repoRoot, '..', 'shared', 'corpus', 'real')),
    ...markdownFilesUnder(fixturesDir),
    ...markdownFilesUnder(examplesDir),
    ...markdownFilesUnder(path.join(repoRoot, 'test', 'fuzz', 'regressions')),
  ];
  const texts = new Map<string, string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (!texts.has(text)) texts.set(text, path.relative(repoRoot, f));
  }
  const docs: Array<[string, string]> = [...texts].map(([text, name]) => [name, text]);
  for (const objectives of [6, 28, 285]) docs.push([`bench template, ${objectives} objectives`, templateDocument(objectives)]);
  const blocks = [
    '# H',
    '## Objective 1: X',
    'Supports: [x](a.md#x)',
    '- a\n- b',
    '1. one\n2. two',
    '- a\n\n  more',
    '| KR | Target |\n|---|---|\n| a | 1 |',
    'a | b\n- | -\n1 | 2',
    '| `a|b` | c \\| d |\n|:-:|--:|\n| 1 | 2 |',
    'text *em* **strong** `code` [link](u) ![i](p)',
    'lazy\ncontinued',
    '> quote\n> | a |\n> |---|',
    '    code',
    '```\ncode\n\n# x\n```',
    'Title\n===',
    '<!-- okr-lens-disable-next-line x -->',
    '<div>\nhtml\n</div>',
    '***',
    '[ref]: /u "t"',
    'see [ref] and [x][ref]',
    '  - nested\n    | t |\n    |-|',
    'a  \nhard break',
    '&amp; &#35; \\* escapes',
  ];
  const r = random(3);
  for (let n = 0; n < 300; n++) {
    let text = '';
    for (let b = 2 + int(r, 14); b > 0; b--) text += pick(r, blocks) + pick(r, ['\n', '\n\n', '\r\n', '\n\n\n']);
    docs.push([`random document ${n}`, r() < 0.3 ? text.trimEnd() : text]);
  }
  return docs;
}

/** A tree as text, keys in their order and undefined values kept: equal texts are deep-equal trees, and far quicker to compare. */
const treeText = (tree: Root): string => JSON.stringify(tree, (_key, value: unknown) => (value === undefined ? '\u0000undefined' : value));

/** Asserts that `patched` gives every document the tree `pristine` gives, positions included, parsed in the same order. */
function assertSameTrees(pristine: ParserBundle, patched: ParserBundle, docs: Array<[string, string]>): void {
  for (const [name, text] of docs) {
    for (const [how, parse] of [
      ['chunked', (b: ParserBundle) => b.parseMarkdown(text).root],
      ['whole', (b: ParserBundle) => b.parseWhole(text)],
    ] as const) {
      const expected = parse(pristine);
      const actual = parse(patched);
      if (treeText(actual) !== treeText(expected)) {
        assert.deepEqual(actual, expected, `${name}: the ${how} parse differs`);
        assert.fail(`${name}: the ${how} parse differs (${treeText(actual).length} against ${treeText(expected).length} characters of JSON)`);
      }
    }
  }
}

describe('parser patches (src/tools/parser-patches.mjs): applied at build time, same trees', function () {
  this.timeout(120_000);
  let dir: string;
  let pristine: ParserBundle;
  let patched: ParserBundle;
  const applied = new Set<string>();
  before(async () => {
    dir = tempDir('parser-patches-');
    pristine = await parserBundle(dir, 'pristine', []);
    patched = await parserBundle(dir, 'patched', [parserPatchesPlugin(PARSER_PATCHES, applied)]);
  });

  it('are written for the installed packages, each edit finding its text as often as it expects', () => {
    for (const patch of PARSER_PATCHES) {
      const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', patch.pkg, 'package.json'), 'utf8')) as { version: string }).version;
      assert.equal(version, patch.version, `${patch.id}: ${patch.pkg} ${version} is installed`);
      assert.equal(sha256(installed(patch)), patch.sha256, `${patch.id}: node_modules/${patch.pkg}/${patch.file}`);
      const text = applyParserPatches([patch], installed(patch), patch.file);
      for (const edit of patch.edits) assert.equal(text.split(edit.replace).length - 1, edit.count, `${patch.id}: ${edit.replace}`);
    }
  });

  it('are all applied to the bundle, and only to it: node_modules stays as installed', () => {
    assert.deepEqual([...applied].map((a) => a.split(' ')[0]).sort(), PARSER_PATCHES.map((p) => p.id).sort());
    for (const entry of applied) {
      const [id, file] = entry.split(' ') as [string, string];
      const patch = PARSER_PATCHES.find((p) => p.id === id)!;
      assert.equal(
        path.resolve(file),
        path.join(repoRoot, 'node_modules', patch.pkg, ...patch.file.split('/')),
        'the copy at the top of node_modules is the one bundled',
      );
      assert.equal(sha256(fs.readFileSync(file, 'utf8')), patch.sha256, `${file} was changed on disk`);
    }
  });

  it('give the tree of the pristine packages on every corpus, example, fixture, benchmark and random document', () => {
    const docs = documents();
    const corpus = markdownFilesUnder(path.join(repoRoot, '..', 'shared', 'corpus', 'real')).length;
    assert.ok(corpus > 0 && docs.filter(([name]) => name.includes('corpus')).length >= corpus, 'the real corpus is read');
    assert.ok(
      docs.some(([name]) => name.startsWith('examples')),
      'the examples are read',
    );
    assertSameTrees(pristine, patched, docs);
    // And again in the other order of processors: what a patch keeps between parses must not leak into the next.
    assertSameTrees(pristine, patched, [...docs].reverse());
  });

  it('every build script bundles through src/tools/build.mjs, so every bundle of the parser is patched', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const bundling = Object.entries(scripts).filter(([, s]) => /--bundle\b/.test(s));
    assert.ok(bundling.length >= 8, bundling.map(([n]) => n).join(', '));
    for (const [name, script] of bundling) {
      for (const command of script.split(/&&|;|\|\|/)) {
        if (/--bundle\b/.test(command)) assert.match(command.trim(), /^node src\/tools\/build\.mjs /, `${name}: ${command.trim()}`);
      }
    }
    assert.doesNotMatch(scripts['postinstall'] ?? '', /patch/i, 'nothing changes node_modules at install');
  });

  it('fail the build, naming the patch and the file, when a package is not the one a patch was written for', async () => {
    for (const patch of PARSER_PATCHES) {
      const root = tempDir('parser-patch-changed-');
      const pkgDir = path.join(root, 'node_modules', patch.pkg);
      fs.mkdirSync(path.dirname(path.join(pkgDir, patch.file)), { recursive: true });
      fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: patch.pkg, version: '99.0.0', type: 'module', main: patch.file }));
      // The same code with one line changed, as in a new release.
      fs.writeFileSync(path.join(pkgDir, patch.file), installed(patch).replace('\n', '\n// changed upstream\n'));
      const failure = await esbuild
        .build({
          stdin: { contents: `import * as p from '${patch.pkg}'; console.log(p);`, resolveDir: root },
          bundle: true,
          platform: 'node',
          write: false,
          logLevel: 'silent',
          plugins: [parserPatchesPlugin([patch])],
        })
        .then(
          () => null,
          (error: esbuild.BuildFailure) => error,
        );
      assert.ok(failure, `${patch.id}: the build succeeded`);
      const text = failure.errors.map((e) => e.text).join('\n');
      assert.match(text, new RegExp(`parser patch "${patch.id}"`));
      assert.ok(text.includes(path.join('node_modules', patch.pkg, ...patch.file.split('/'))), text);
      assert.match(text, /no longer applies.*version 99\.0\.0/);
    }
  });

  it('fail the build when a bundle takes a patched package from other files (its development build)', async () => {
    const failure = await esbuild
      .build({
        stdin: { contents: ENTRY, resolveDir: repoRoot, loader: 'ts' },
        bundle: true,
        platform: 'node',
        conditions: ['development'],
        write: false,
        logLevel: 'silent',
        plugins: [parserPatchesPlugin()],
      })
      .then(
        () => null,
        (error: esbuild.BuildFailure) => error,
      );
    assert.ok(failure, 'the build succeeded');
    const text = failure.errors.map((e) => e.text).join('\n');
    for (const patch of PARSER_PATCHES) assert.ok(text.includes(`"${patch.id}"`), `${patch.id} not named: ${text}`);
    assert.match(text, /not applied/);
  });

  it('a patch edit that finds its text a different number of times fails, naming the patch', () => {
    const patch = PARSER_PATCHES[0]!;
    const wrong: ParserPatch = { ...patch, edits: [{ ...patch.edits[0]!, count: patch.edits[0]!.count + 1 }] };
    assert.throws(() => applyParserPatches([wrong], installed(patch), 'the file'), new RegExp(`parser patch "${patch.id}".*does not apply to the file`));
  });
  // What a patch keeps between parses, or builds differently, must behave as the pristine code does.
  for (const which of ['pristine', 'patched'] as const) {
    const bundle = (): ParserBundle => (which === 'pristine' ? pristine : patched);

    it(`${which}: one parse leaves nothing in this.data for the next, and mdast extensions added later are used`, () => {
      const { unified, remarkParse, gfmTable, gfmTableFromMarkdown } = bundle();
      const seen: unknown[] = [];
      function record(this: Processor): void {
        const data = this.data();
        (data.fromMarkdownExtensions ??= []).push({
          enter: {
            paragraph(token) {
              seen.push((this.data as Record<string, unknown>)['okrLensLeft']);
              (this.data as Record<string, unknown>)['okrLensLeft'] = 'from an earlier paragraph';
              this.enter({ type: 'paragraph', children: [] }, token);
            },
          },
        });
      }
      const processor = unified().use(remarkParse).use(record).freeze();
      processor.parse('one\n\ntwo\n');
      processor.parse('three\n');
      assert.deepEqual(seen, [undefined, 'from an earlier paragraph', undefined], 'a parse saw data left by the one before');

      // The same extensions array, grown after a parse: the new extension's handlers run.
      const table = '| a |\n|---|\n| 1 |\n';
      const growing = unified().use(remarkParse);
      const data = growing.data();
      data.micromarkExtensions = [gfmTable()];
      data.fromMarkdownExtensions = [{}];
      assert.notEqual((growing.parse(table) as Root).children[0]?.type, 'table', 'without its handlers a table makes no table node');
      data.fromMarkdownExtensions.push(gfmTableFromMarkdown());
      assert.equal((growing.parse(table) as Root).children[0]?.type, 'table');
    });

    it(`${which}: a processor with the table extension and one without parse as they should, in any order`, () => {
      const { unified, remarkParse, gfmTable, gfmTableFromMarkdown, plainProcessor, tableProcessor } = bundle();
      const table = '| a | b |\n|---|---|\n| 1 | 2 |\n';
      const kinds = (p: { parse(text: string): unknown }): string[] => (p.parse(table) as Root).children.map((c) => c.type);
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(kinds(plainProcessor), ['paragraph']);
        assert.deepEqual(kinds(tableProcessor), ['table']);
      }
      // Extensions added later to the very list a parse used are merged in, not served from what was kept.
      const growing = unified().use(remarkParse);
      const data = growing.data();
      data.micromarkExtensions = [{}];
      assert.deepEqual(kinds(growing), ['paragraph']);
      data.micromarkExtensions.push(gfmTable());
      (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
      assert.deepEqual(kinds(growing), ['table']);
      assert.deepEqual(kinds(growing), ['table']);
    });

    it(`${which}: every handler call gets a fresh this with the compile context`, () => {
      const { unified, remarkParse } = bundle();
      const seen: Array<Record<string, unknown>> = [];
      function record(this: Processor): void {
        const data = this.data();
        (data.fromMarkdownExtensions ??= []).push({
          enter: {
            paragraph(token) {
              const self = this as unknown as Record<string, unknown>;
              seen.push(self);
              assert.equal(self['leaked'], undefined, 'a field set in one handler call reached the next');
              self['leaked'] = true;
              this.enter({ type: 'paragraph', children: [] }, token);
            },
          },
        });
      }
      const tree = unified().use(remarkParse).use(record).parse('one\n\ntwo\n\nthree\n') as Root;
      assert.equal(tree.children.length, 3);
      assert.equal(seen.length, 3);
      assert.equal(new Set(seen).size, 3, 'handler calls shared one this');
      for (const self of seen) {
        assert.deepEqual(
          Object.keys(self)
            .filter((k) => k !== 'leaked')
            .sort(),
          ['buffer', 'config', 'data', 'enter', 'exit', 'resume', 'sliceSerialize', 'stack', 'tokenStack'],
        );
        assert.equal(self['stack'], seen[0]!['stack'], 'every call sees the same stack');
      }
    });
  }
});
