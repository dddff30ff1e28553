import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { repoRoot } from './helpers';

interface PatchModule {
  MARKER: string;
  patchFromMarkdown(source: string): { status: 'patched' | 'already' | 'unknown'; text: string };
  patchInstalled(root: string): Array<{ file: string; status: string }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const patch = require('../../src/tools/patch-dependencies.cjs') as PatchModule;

/** The compile loop of mdast-util-from-markdown 2.1.0 (lib/index.js), as published (MIT). */
const COMPILE_2_1_0 = `  function compile(events) {
    let tree = { type: 'root', children: [], position: undefined };
    const context = {
      stack: [tree],
      tokenStack: [],
      config,
      enter,
      exit,
      buffer,
      resume,
      data
    };
    events = prepared;
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

const FIELDS = ['stack', 'tokenStack', 'config', 'enter', 'exit', 'buffer', 'resume', 'data'];

describe('the parse patch to mdast-util-from-markdown (src/tools/patch-dependencies.cjs)', () => {
  it('replaces the three spreads of the 2.1.0 compile loop with literals naming every field, once', () => {
    const first = patch.patchFromMarkdown(COMPILE_2_1_0);
    assert.equal(first.status, 'patched');
    assert.doesNotMatch(first.text, /\.\.\.context/);
    const literals = first.text.match(/\{stack: context\.stack, [^}]*\}/g) ?? [];
    assert.equal(literals.length, 3);
    for (const literal of literals) {
      for (const field of FIELDS) assert.ok(literal.includes(`${field}: context.${field}`), `${field} missing in ${literal}`);
      assert.ok(literal.includes('sliceSerialize: events[index][2].sliceSerialize'));
    }
    assert.deepEqual(patch.patchFromMarkdown(first.text), { status: 'already', text: first.text });
  });

  it('leaves code it was not written for alone: a context with another field, or a loop that changed', () => {
    const moreFields = COMPILE_2_1_0.replace('      data\n    };', '      data,\n      extra\n    };');
    assert.deepEqual(patch.patchFromMarkdown(moreFields), { status: 'unknown', text: moreFields });
    const twoSpreads = COMPILE_2_1_0.replace(/callListeners\(config\.afterExit, \{\s*\.\.\.context,/, 'callListeners(config.afterExit, {...other,');
    assert.deepEqual(patch.patchFromMarkdown(twoSpreads), { status: 'unknown', text: twoSpreads });
  });

  it('patches every installed copy, nested ones included, and reports the rest', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-patch-'));
    try {
      const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      write('node_modules/mdast-util-from-markdown/lib/index.js', COMPILE_2_1_0);
      write('node_modules/remark-parse/node_modules/mdast-util-from-markdown/lib/index.js', COMPILE_2_1_0);
      write('node_modules/@scope/pkg/node_modules/mdast-util-from-markdown/lib/index.js', 'export function fromMarkdown() {}\n');
      const results = patch.patchInstalled(root).sort((a, b) => a.file.localeCompare(b.file));
      assert.deepEqual(results, [
        { file: path.join('node_modules', '@scope', 'pkg', 'node_modules', 'mdast-util-from-markdown', 'lib', 'index.js'), status: 'unknown' },
        { file: path.join('node_modules', 'mdast-util-from-markdown', 'lib', 'index.js'), status: 'patched' },
        { file: path.join('node_modules', 'remark-parse', 'node_modules', 'mdast-util-from-markdown', 'lib', 'index.js'), status: 'patched' },
      ]);
      assert.ok(fs.readFileSync(path.join(root, 'node_modules/mdast-util-from-markdown/lib/index.js'), 'utf8').includes(patch.MARKER));
      assert.equal(patch.patchInstalled(root).filter((r) => r.status === 'already').length, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('is applied to the installed copy that the bundles are built from', () => {
    const file = path.join(repoRoot, 'node_modules', 'mdast-util-from-markdown', 'lib', 'index.js');
    assert.ok(
      fs.readFileSync(file, 'utf8').includes(patch.MARKER),
      `${file} is not patched: run \`node src/tools/patch-dependencies.cjs\`. If it says the code is not what the patch was written for, the package changed: measure the parse again (bench/README.md) and update or drop the patch.`,
    );
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
      assert.deepEqual(Object.keys(self).filter((k) => k !== 'leaked').sort(), [...FIELDS, 'sliceSerialize'].sort());
      assert.equal(self['stack'], seen[0]!['stack'], 'every call sees the same stack');
    }
  });
});
