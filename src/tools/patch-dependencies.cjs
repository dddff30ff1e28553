'use strict';
/**
 * Applies four performance patches to installed dependencies of the Markdown
 * parser, before anything is bundled. Run by `postinstall` (and by hand:
 * `node src/tools/patch-dependencies.cjs`). The published extension and CLI are
 * bundles, so they carry the patched code.
 *
 * 1. mdast-util-from-markdown 2.1.0 builds the `this` of every handler call in
 *    its compile loop with an object spread, `{...context, sliceSerialize}`,
 *    once per micromark event. V8 copies that through a generic path; on the
 *    benchmark's 1,006 OKR documents the loop was 15% of the parse's own time.
 *    The patch writes the same object as a literal naming each field of
 *    `context`, the change proposed upstream in
 *    https://github.com/syntax-tree/mdast-util-from-markdown/pull/52. Each
 *    handler call still gets a fresh object with the same fields.
 * 2. micromark-util-subtokenize 2.1.0 keeps the event indexes it jumps over in
 *    plain objects keyed by number and merges them with `Object.assign`. Such
 *    objects fall back to dictionary elements, and in table-heavy text the
 *    merge and the `gaps` writes were a fifth of a table's parse. The patch
 *    keeps the same pairs in `Map`s.
 *
 * 3. micromark 4.0.x combines its default constructs with the extensions
 *    (`combineExtensions`) on every `parse()` call, that is once per Markdown
 *    text parsed. OKR Lens parses each document as several chunks, and for a
 *    short chunk that merge was about a sixth of the whole parse. The patch
 *    keeps the merged constructs for the extensions array it was made from
 *    (while that array holds the same extensions), and for no extensions at
 *    all. micromark only reads the merged object.
 * 4. mdast-util-from-markdown 2.1.0 calls `compiler(options)` on every parse
 *    too: it builds about a hundred handler closures and merges the mdast
 *    extensions, and V8 then spends hundreds of milliseconds optimising that
 *    large function in every thread that parses (a third of the CPU time of
 *    a cold index of 1,000 documents is compilation on the other core). The patch
 *    keeps one compiler per mdast extensions array (checked like 3), and gives
 *    every `compile()` a fresh `data` object, which is the only state a
 *    compiler kept from one parse to the next: each parse still starts clean.
 *
 * No patch changes a tree: the parse test hashes every corpus, example
 * and fixture document against the pristine packages' trees (bench/README.md
 * has the figures). Each patch applies only to the exact code it was written
 * for; anything else (a newer version, or upstream made the change) is left
 * alone with a warning, and `test/unit/patch-dependencies.test.ts` then fails,
 * so the change is noticed rather than silently slower.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {{
 *   name: string,
 *   pkg: string,
 *   files: string[],
 *   marker: string,
 *   apply(source: string): string | null,
 * }} Patch
 */

/** Replaces each pattern exactly once; null when any matches other than once. */
function replaceEachOnce(source, pairs) {
  let text = source;
  for (const [pattern, replacement] of pairs) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    if ((text.match(global) ?? []).length !== 1) return null;
    text = text.replace(pattern, () => replacement);
  }
  return text;
}

const CONTEXT_FIELDS = ['stack', 'tokenStack', 'config', 'enter', 'exit', 'buffer', 'resume', 'data'];

/** @type {Patch[]} */
/**
 * The source of `function name(param)`, which returns `make` (an expression of
 * `param` and `extensions`) made once per extensions array, the array being
 * the expression `extensions` of `param`, and once for none. The array is
 * checked element by element, so one that grew or changed gets a new value.
 * Patches 3 and 4 share it.
 */
function keptPerExtensions(name, param, extensions, make, what) {
  return `/** ${what} made once per extensions array (and once for none). */
const ${name}ByExtensions = new WeakMap();
let ${name}ForNone;
function ${name}(${param}) {
  const extensions = ${extensions};
  if (extensions.length === 0) return ${name}ForNone || (${name}ForNone = ${make});
  const kept = ${name}ByExtensions.get(extensions);
  if (kept && kept.list.length === extensions.length && kept.list.every((extension, index) => extension === extensions[index])) return kept.made;
  const made = ${make};
  ${name}ByExtensions.set(extensions, { list: [...extensions], made });
  return made;
}
`;
}

const PATCHES = [
  {
    name: 'stable-shape handler context',
    pkg: 'mdast-util-from-markdown',
    files: ['lib/index.js', 'dev/lib/index.js'],
    marker: '/* okr-lens: stable-shape handler context, syntax-tree/mdast-util-from-markdown#52 */',
    apply(source) {
      const context = /const context = \{\s*stack: \[tree\],\s*tokenStack: \[\],\s*config,\s*enter,\s*exit,\s*buffer,\s*resume,\s*data\s*\}/;
      const spread = /\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\}/g;
      if (!context.test(source) || (source.match(spread) ?? []).length !== 3) return null;
      const literal = `${this.marker} {${CONTEXT_FIELDS.map((f) => `${f}: context.${f}`).join(', ')}, sliceSerialize: events[index][2].sliceSerialize}`;
      return source.replace(spread, () => literal);
    },
  },
  {
    name: 'jumps and gaps in Maps',
    pkg: 'micromark-util-subtokenize',
    files: ['index.js', 'dev/index.js'],
    marker: '/* okr-lens: jumps and gaps in Maps (src/tools/patch-dependencies.cjs) */',
    apply(source) {
      const text = replaceEachOnce(source, [
        [/const jumps = \{\};?/, 'const jumps = new Map();'],
        [/while \(index in jumps\) \{\s*index = jumps\[index\];?/, 'while (jumps.has(index)) {\n      index = jumps.get(index);'],
        [
          /Object\.assign\(jumps, subcontent\(events, index\)\);?\s*index = jumps\[index\];?/,
          'for (const [from, to] of subcontent(events, index)) jumps.set(from, to);\n        index = jumps.get(index);',
        ],
        [/const gaps = \{\};?/, 'const gaps = new Map();'],
        [/gaps\[adjust \+ jumps\[index\]\[0\]\] = adjust \+ jumps\[index\]\[1\];?/, 'gaps.set(adjust + jumps[index][0], adjust + jumps[index][1]);'],
      ]);
      // Any other use of the two as objects would now be wrong.
      if (text === null || /\bin jumps\b|jumps\[index\](?!\[)|Object\.assign\(jumps|gaps\[/.test(text)) return null;
      return `${this.marker}\n${text}`;
    },
  },
  {
    name: 'combined constructs kept',
    pkg: 'micromark',
    files: ['lib/parse.js', 'dev/lib/parse.js'],
    marker: '/* okr-lens: combined constructs kept (src/tools/patch-dependencies.cjs) */',
    apply(source) {
      const combine =
        /\/\*\* @type \{FullNormalizedExtension\} \*\/\s*\(?\s*combineExtensions\(\[defaultConstructs, \.\.\.\(settings\.extensions \|\| \[\]\)\]\)\s*\)?/g;
      if (
        (source.match(combine) ?? []).length !== 1 ||
        (source.match(/combineExtensions\(/g) ?? []).length !== 1 ||
        !/\nexport function parse\(options\)/.test(source)
      )
        return null;
      const text = source.replace(combine, () => 'combinedConstructs(settings.extensions || [])');
      return `${text.trimEnd()}

${this.marker}
${keptPerExtensions('combinedConstructs', 'given', 'given', 'combineExtensions([defaultConstructs, ...extensions])', 'The default constructs merged with `extensions`,')}`;
    },
  },
  {
    name: 'compiler kept',
    pkg: 'mdast-util-from-markdown',
    files: ['lib/index.js', 'dev/lib/index.js'],
    marker: '/* okr-lens: compiler kept (src/tools/patch-dependencies.cjs) */',
    apply(source) {
      const call = /return compiler\(options\)\(/g;
      const context = /(const context = \{\s*stack: \[tree\],\s*tokenStack: \[\],\s*config,\s*enter,\s*exit,\s*buffer,\s*resume,\s*)data(\s*\})/g;
      // compiler() reads nothing of its options but the mdast extensions, and keeps no state
      // but `config` (made once) and `data` (which each compile() now gets fresh): the file's
      // only two-space-indented declarations are those two and configure()'s and extension()'s
      // loop variables, and `options` appears twice from compiler() on.
      const reads = source.slice(source.indexOf('\nfunction compiler(options)')).match(/\boptions\b/g) ?? [];
      if (
        (source.match(call) ?? []).length !== 1 ||
        (source.match(context) ?? []).length !== 1 ||
        (source.match(/\nfunction compiler\(options\)/g) ?? []).length !== 1 ||
        (source.match(/\n {2}const data = \{\};?\n/g) ?? []).length !== 1 ||
        (source.match(/\n {2}(?:let|var|const) /g) ?? []).length !== (source.match(/\n {2}(?:let|var|const) (?:config|data|index|key)\b/g) ?? []).length ||
        !/configure\(config, \(options \|\| \{\}\)\.mdastExtensions \|\| \[\]\)/.test(source) ||
        reads.length !== 2
      ) {
        return null;
      }
      const text = source.replace(call, () => 'return keptCompiler(options)(').replace(context, (_, head, tail) => `${head}data: {}${tail}`);
      return `${text.trimEnd()}

${this.marker}
${keptPerExtensions('keptCompiler', 'options', '(options || {}).mdastExtensions || []', 'compiler(options)', 'compiler(options), whose every call built ~100 closures that V8 optimised again in every thread,')}`;
    },
  },
];

/**
 * The patched text of one file of a patch's package.
 * @param {Patch} patch
 * @param {string} source
 * @returns {{status: 'patched' | 'already' | 'unknown', text: string}}
 */
function applyPatch(patch, source) {
  if (source.includes(patch.marker)) return { status: 'already', text: source };
  const text = patch.apply(source);
  return text === null ? { status: 'unknown', text: source } : { status: 'patched', text };
}

/**
 * Every installed copy of package `pkg` under `root`'s node_modules (the
 * hoisted one and any nested under another package).
 * @param {string} root
 * @param {string} pkg
 * @returns {string[]}
 */
function installedCopies(root, pkg) {
  const found = [];
  const visit = (modules, depth) => {
    let names;
    try {
      names = fs.readdirSync(modules);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const dir = path.join(modules, name);
      if (name.startsWith('@')) {
        if (depth < 4) visit(dir, depth);
        continue;
      }
      if (name === pkg) found.push(dir);
      if (depth < 4) visit(path.join(dir, 'node_modules'), depth + 1);
    }
  };
  visit(path.join(root, 'node_modules'), 0);
  return found;
}

/**
 * Applies every patch to every installed copy; one result per file.
 * @param {string} root
 * @returns {{patch: string, file: string, status: string}[]}
 */
function patchInstalled(root) {
  const results = [];
  for (const patch of PATCHES) {
    for (const dir of installedCopies(root, patch.pkg)) {
      for (const rel of patch.files) {
        const file = path.join(dir, rel);
        if (!fs.existsSync(file)) continue;
        const { status, text } = applyPatch(patch, fs.readFileSync(file, 'utf8'));
        if (status === 'patched') fs.writeFileSync(file, text);
        results.push({ patch: patch.name, file: path.relative(root, file), status });
      }
    }
  }
  return results;
}

/** Patches the copies under this repository's node_modules and logs what it did. */
function main() {
  const root = path.resolve(__dirname, '..', '..');
  const results = patchInstalled(root);
  for (const patch of PATCHES) {
    if (!results.some((r) => r.patch === patch.name)) console.warn(`patch-dependencies: ${patch.pkg} is not installed; "${patch.name}" not applied.`);
  }
  for (const { patch, file, status } of results) {
    if (status === 'unknown')
      console.warn(`patch-dependencies: ${file} is not the code "${patch}" was written for; left unpatched (parsing is correct, but slower).`);
    else console.log(`patch-dependencies: ${file} ${status === 'patched' ? 'patched' : 'already patched'} (${patch}).`);
  }
}

module.exports = { PATCHES, applyPatch, main, patchInstalled };

if (require.main === module) main();
