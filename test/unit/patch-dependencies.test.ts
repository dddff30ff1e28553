import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { plainProcessor, tableProcessor } from '../../src/core/parse/processor';
import { repoRoot, tempDir } from './helpers';

interface Patch {
  name: string;
  pkg: string;
  files: string[];
  marker: string;
}
interface PatchModule {
  PATCHES: Patch[];
  applyPatch(patch: Patch, source: string): { status: 'patched' | 'already' | 'unknown'; text: string };
  patchInstalled(root: string): Array<{ patch: string; file: string; status: string }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const patches = require('../../src/tools/patch-dependencies.cjs') as PatchModule;
const fromMarkdown = patches.PATCHES.find((p) => p.name === 'stable-shape handler context')!;
const keptCompiler = patches.PATCHES.find((p) => p.name === 'compiler kept')!;
const subtokenize = patches.PATCHES.find((p) => p.pkg === 'micromark-util-subtokenize')!;
const micromarkParse = patches.PATCHES.find((p) => p.pkg === 'micromark')!;

/** The compile context of mdast-util-from-markdown 2.1.0 (lib/index.js), as published (MIT). */
const CONTEXT_2_1_0 = `    const context = {
      stack: [tree],
      tokenStack: [],
      config,
      enter,
      exit,
      buffer,
      resume,
      data
    };
`;

/** The compile loop of mdast-util-from-markdown 2.1.0 (lib/index.js), as published (MIT). */
const COMPILE_2_1_0 = `  function compile(events) {
    let tree = { type: 'root', children: [], position: undefined };
${CONTEXT_2_1_0}    events = prepared;
    index = -1;
    while (++index < events.length) {
      const handler = config[events[index][0]];
      if (events[index][0] === 'enter' && config.beforeEnter.length > 0) {
        callListeners(config.beforeEnter, {
          ...context,
          sliceSerialize: events[index][2].sliceSerialize
        }, events[index][1]);
      }
      if (own.call(handler, events[index][1].type)) {
        // Note: spread first, V8 has optimizations for object shape cloning.
        handler[events[index][1].type].call({
          ...context,
          sliceSerialize: events[index][2].sliceSerialize
        }, events[index][1]);
      }
      if (events[index][0] === 'exit' && config.afterExit.length > 0) {
        callListeners(config.afterExit, {
          ...context,
          sliceSerialize: events[index][2].sliceSerialize
        }, events[index][1]);
      }
    }
  }
`;

/** The parts of micromark-util-subtokenize 2.1.0 (index.js) that the patch changes, as published (MIT). */
const SUBTOKENIZE_2_1_0 = `export function subtokenize(eventsArray) {
  const jumps = {};
  let index = -1;
  const events = new SpliceBuffer(eventsArray);
  while (++index < events.length) {
    while (index in jumps) {
      index = jumps[index];
    }
    event = events.get(index);
    if (event[0] === 'enter') {
      if (event[1].contentType) {
        Object.assign(jumps, subcontent(events, index));
        index = jumps[index];
        more = true;
      }
    }
  }
  return !more;
}
function subcontent(events, eventIndex) {
  const jumps = [];
  const gaps = {};
  jumps.reverse();
  index = -1;
  while (++index < jumps.length) {
    gaps[adjust + jumps[index][0]] = adjust + jumps[index][1];
    adjust += jumps[index][1] - jumps[index][0] - 1;
  }
  return gaps;
}
`;

/** micromark 4.0.3's parse (lib/parse.js), as published (MIT), in its two builds' layouts. */
const PARSE_4_0_3 = `import { combineExtensions } from 'micromark-util-combine-extensions';
import * as defaultConstructs from './constructs.js';
export function parse(options) {
  const settings = options || {};
  const constructs = /** @type {FullNormalizedExtension} */
  combineExtensions([defaultConstructs, ...(settings.extensions || [])]);
  const parser = { constructs };
  return parser;
}`;
const PARSE_4_0_3_DEV = `import {combineExtensions} from 'micromark-util-combine-extensions'
import * as defaultConstructs from './constructs.js'
export function parse(options) {
  const settings = options || {}
  const constructs = /** @type {FullNormalizedExtension} */ (
    combineExtensions([defaultConstructs, ...(settings.extensions || [])])
  )
  const parser = {constructs}
  return parser
}
`;

/** The parts of mdast-util-from-markdown 2.1.0 that the compiler patch reads, as published (MIT), in its two builds' layouts. */
const FROM_MARKDOWN_2_1_0 = `export function fromMarkdown(value, encoding, options) {
  if (encoding && typeof encoding === 'object') {
    options = encoding;
    encoding = undefined;
  }
  return compiler(options)(postprocess(parse(options).document().write(preprocess()(value, encoding, true))));
}
function compiler(options) {
  const config = {
    enter: { paragraph: opener(paragraph) },
    exit: { paragraph: closer() }
  };
  configure(config, (options || {}).mdastExtensions || []);

  /** @type {CompileData} */
  const data = {};
  return compile;
  function compile(events) {
${CONTEXT_2_1_0}  }
}
function configure(combined, extensions) {
  let index = -1;
}
function extension(combined, extension) {
  let key;
}
`;
/** The same in the dev build's layout: no semicolons, the call chain over several lines. */
const FROM_MARKDOWN_2_1_0_DEV = FROM_MARKDOWN_2_1_0.replace(/;$/gm, '').replace(
  'return compiler(options)(postprocess(parse(options).document().write(preprocess()(value, encoding, true))))',
  'return compiler(options)(\n    postprocess(\n      parse(options)\n        .document()\n        .write(preprocess()(value, encoding, true))\n    )\n  )',
);

const FIELDS = ['stack', 'tokenStack', 'config', 'enter', 'exit', 'buffer', 'resume', 'data'];

describe('the parser patches (src/tools/patch-dependencies.cjs)', () => {
  it('mdast-util-from-markdown: replaces the three spreads of the 2.1.0 compile loop with literals naming every field, once', () => {
    const first = patches.applyPatch(fromMarkdown, COMPILE_2_1_0);
    assert.equal(first.status, 'patched');
    assert.doesNotMatch(first.text, /\.\.\.context/);
    const literals = first.text.match(/\{stack: context\.stack, [^}]*\}/g) ?? [];
    assert.equal(literals.length, 3);
    for (const literal of literals) {
      for (const field of FIELDS) assert.ok(literal.includes(`${field}: context.${field}`), `${field} missing in ${literal}`);
      assert.ok(literal.includes('sliceSerialize: events[index][2].sliceSerialize'));
    }
    assert.deepEqual(patches.applyPatch(fromMarkdown, first.text), { status: 'already', text: first.text });
  });

  it('micromark-util-subtokenize: keeps jumps and gaps in Maps, and leaves the array of jumps alone', () => {
    const first = patches.applyPatch(subtokenize, SUBTOKENIZE_2_1_0);
    assert.equal(first.status, 'patched');
    for (const line of [
      'const jumps = new Map();',
      'while (jumps.has(index)) {',
      'index = jumps.get(index);',
      'for (const [from, to] of subcontent(events, index)) jumps.set(from, to);',
      'const gaps = new Map();',
      'gaps.set(adjust + jumps[index][0], adjust + jumps[index][1]);',
      'const jumps = [];',
      'jumps.reverse();',
    ]) {
      assert.ok(first.text.includes(line), line);
    }
    assert.doesNotMatch(first.text, /in jumps|Object\.assign|gaps\[/);
    assert.deepEqual(patches.applyPatch(subtokenize, first.text), { status: 'already', text: first.text });
    // Another use of jumps as an object would break under a Map: left alone.
    const more = SUBTOKENIZE_2_1_0.replace('    event = events.get(index);', '    event = events.get(index);\n    if (jumps[index]) return;');
    assert.equal(patches.applyPatch(subtokenize, more).status, 'unknown');
  });

  it('micromark: merges the constructs once per extensions array, in both builds of parse.js', () => {
    for (const source of [PARSE_4_0_3, PARSE_4_0_3_DEV]) {
      const first = patches.applyPatch(micromarkParse, source);
      assert.equal(first.status, 'patched');
      assert.match(first.text, /const constructs = combinedConstructs\(settings\.extensions \|\| \[\]\)/);
      assert.equal((first.text.match(/combineExtensions\(\[defaultConstructs/g) ?? []).length, 2, 'one merge for no extensions, one per extensions array');
      assert.deepEqual(patches.applyPatch(micromarkParse, first.text), { status: 'already', text: first.text });
    }
    // A parse that merges elsewhere too is not the code the patch was written for.
    const twice = PARSE_4_0_3.replace('const parser = { constructs };', 'const parser = { constructs, again: combineExtensions([]) };');
    assert.equal(patches.applyPatch(micromarkParse, twice).status, 'unknown');
  });

  it('mdast-util-from-markdown: keeps one compiler per extensions array, and gives each compile a fresh data, in both builds', () => {
    assert.match(FROM_MARKDOWN_2_1_0_DEV, /return compiler\(options\)\(\n/);
    assert.doesNotMatch(FROM_MARKDOWN_2_1_0_DEV, /;\n/);
    for (const source of [FROM_MARKDOWN_2_1_0, FROM_MARKDOWN_2_1_0_DEV]) {
      const first = patches.applyPatch(keptCompiler, source);
      assert.equal(first.status, 'patched');
      assert.match(first.text, /return keptCompiler\(options\)\(/);
      assert.doesNotMatch(first.text, /return compiler\(options\)/);
      assert.match(first.text, /resume,\s*data: \{\}\s*\}/);
      assert.match(first.text, /function keptCompiler\(options\) \{/);
      assert.deepEqual(patches.applyPatch(keptCompiler, first.text), { status: 'already', text: first.text });
    }
    // A compiler that reads another option, or keeps more state, is not the code the patch was written for.
    const moreOptions = FROM_MARKDOWN_2_1_0.replace('  return compile;', '  if (options && options.strict) config.strict = true;\n  return compile;');
    assert.equal(patches.applyPatch(keptCompiler, moreOptions).status, 'unknown');
    const moreState = FROM_MARKDOWN_2_1_0.replace('  return compile;', '  let depth = 0;\n  return compile;');
    assert.equal(patches.applyPatch(keptCompiler, moreState).status, 'unknown');
  });

  it('mdast-util-from-markdown: one parse leaves nothing in this.data for the next, and mdast extensions added later are used', () => {
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
    assert.notEqual(growing.parse(table).children[0]?.type, 'table', 'without its handlers a table makes no table node');
    data.fromMarkdownExtensions.push(gfmTableFromMarkdown());
    assert.equal(growing.parse(table).children[0]?.type, 'table');
  });

  it('micromark: a processor with the table extension and one without still parse as they should, in any order', () => {
    const table = '| a | b |\n|---|---|\n| 1 | 2 |\n';
    const kinds = (p: { parse(text: string): Root }): string[] => p.parse(table).children.map((c) => c.type);
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

  it('leaves code it was not written for alone: a context with another field, or a loop that changed', () => {
    const moreFields = COMPILE_2_1_0.replace('      data\n    };', '      data,\n      extra\n    };');
    assert.deepEqual(patches.applyPatch(fromMarkdown, moreFields), { status: 'unknown', text: moreFields });
    const twoSpreads = COMPILE_2_1_0.replace(/callListeners\(config\.afterExit, \{\s*\.\.\.context,/, 'callListeners(config.afterExit, {...other,');
    assert.deepEqual(patches.applyPatch(fromMarkdown, twoSpreads), { status: 'unknown', text: twoSpreads });
  });

  it('patches every installed copy, nested ones included, and reports the rest', () => {
    const root = tempDir('patch-');
    try {
      const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      write('node_modules/mdast-util-from-markdown/lib/index.js', COMPILE_2_1_0);
      write('node_modules/remark-parse/node_modules/mdast-util-from-markdown/lib/index.js', COMPILE_2_1_0);
      write('node_modules/@scope/pkg/node_modules/mdast-util-from-markdown/lib/index.js', 'export function fromMarkdown() {}\n');
      write('node_modules/micromark-util-subtokenize/index.js', SUBTOKENIZE_2_1_0);
      // The fixtures hold the compile loop only, which the compiler patch does not apply to.
      const results = patches
        .patchInstalled(root)
        .filter((r) => r.patch !== keptCompiler.name)
        .sort((a, b) => a.file.localeCompare(b.file));
      const name = fromMarkdown.name;
      assert.deepEqual(results, [
        { patch: name, file: path.join('node_modules', '@scope', 'pkg', 'node_modules', 'mdast-util-from-markdown', 'lib', 'index.js'), status: 'unknown' },
        { patch: name, file: path.join('node_modules', 'mdast-util-from-markdown', 'lib', 'index.js'), status: 'patched' },
        { patch: subtokenize.name, file: path.join('node_modules', 'micromark-util-subtokenize', 'index.js'), status: 'patched' },
        { patch: name, file: path.join('node_modules', 'remark-parse', 'node_modules', 'mdast-util-from-markdown', 'lib', 'index.js'), status: 'patched' },
      ]);
      assert.ok(fs.readFileSync(path.join(root, 'node_modules/mdast-util-from-markdown/lib/index.js'), 'utf8').includes(fromMarkdown.marker));
      assert.equal(patches.patchInstalled(root).filter((r) => r.status === 'already').length, 3);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('are applied to the installed copies that the bundles are built from', () => {
    for (const [patch, rel] of [
      [fromMarkdown, 'lib/index.js'],
      [keptCompiler, 'lib/index.js'],
      [subtokenize, 'index.js'],
      [micromarkParse, 'lib/parse.js'],
    ] as const) {
      const file = path.join(repoRoot, 'node_modules', patch.pkg, rel);
      assert.ok(
        fs.readFileSync(file, 'utf8').includes(patch.marker),
        `${file} is not patched: run \`node src/tools/patch-dependencies.cjs\`. If it says the code is not what "${patch.name}" was written for, the package changed: measure the parse again (bench/README.md) and update or drop the patch.`,
      );
    }
  });

  it('still gives every handler call a fresh this with the compile context (what the spread gave)', () => {
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
    const tree = unified().use(remarkParse).use(record).parse('one\n\ntwo\n\nthree\n');
    assert.equal(tree.children.length, 3);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen).size, 3, 'handler calls shared one this');
    for (const self of seen) {
      assert.deepEqual(
        Object.keys(self)
          .filter((k) => k !== 'leaked')
          .sort(),
        [...FIELDS, 'sliceSerialize'].sort(),
      );
      assert.equal(self['stack'], seen[0]!['stack'], 'every call sees the same stack');
    }
  });
});
