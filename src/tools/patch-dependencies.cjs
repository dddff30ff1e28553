'use strict';
/**
 * Applies one performance patch to an installed dependency, before anything is
 * bundled. Run by `postinstall` (and by hand: `node src/tools/patch-dependencies.cjs`).
 * The published extension and CLI are bundles, so they carry the patched code.
 *
 * mdast-util-from-markdown 2.1.0 builds the `this` of every handler call in its
 * compile loop with an object spread, `{...context, sliceSerialize}`, once per
 * micromark event. V8 copies that through a generic path, and on the
 * benchmark's 1,006 OKR documents this loop was 15% of the parse's own time.
 * The patch writes the same object as a literal that names each field of
 * `context` (the change proposed upstream in
 * https://github.com/syntax-tree/mdast-util-from-markdown/pull/52). The handler
 * still gets a fresh object per event with the same fields, so the tree is the
 * same; a warm parse of those documents is about 25% faster (bench/README.md).
 *
 * The patch is only applied to the exact code it was written for: `context`
 * must have these eight fields, and the loop must spread it in three places.
 * Anything else (a newer version, or upstream merged the change) is left alone
 * with a warning; `test/unit/patch-dependencies.test.ts` then fails, so the
 * change is noticed rather than silently slower.
 */
const fs = require('node:fs');
const path = require('node:path');

const MARKER = '/* okr-lens: stable-shape handler context, syntax-tree/mdast-util-from-markdown#52 */';
const FIELDS = ['stack', 'tokenStack', 'config', 'enter', 'exit', 'buffer', 'resume', 'data'];
const CONTEXT = /const context = \{\s*stack: \[tree\],\s*tokenStack: \[\],\s*config,\s*enter,\s*exit,\s*buffer,\s*resume,\s*data\s*\}/;
const SPREAD = /\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\}/g;
const LITERAL = `${MARKER} {${FIELDS.map((f) => `${f}: context.${f}`).join(', ')}, sliceSerialize: events[index][2].sliceSerialize}`;

/**
 * The patched text of one of the package's compile modules.
 * @param {string} source
 * @returns {{status: 'patched' | 'already' | 'unknown', text: string}}
 */
function patchFromMarkdown(source) {
  if (source.includes(MARKER)) return { status: 'already', text: source };
  const spreads = source.match(SPREAD);
  if (!CONTEXT.test(source) || !spreads || spreads.length !== 3) return { status: 'unknown', text: source };
  return { status: 'patched', text: source.replace(SPREAD, () => LITERAL) };
}

/**
 * Every installed copy of mdast-util-from-markdown under `root`'s node_modules
 * (the hoisted one and any nested under another package).
 * @param {string} root
 * @returns {string[]}
 */
function installedCopies(root) {
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
      if (name === 'mdast-util-from-markdown') found.push(dir);
      if (depth < 4) visit(path.join(dir, 'node_modules'), depth + 1);
    }
  };
  visit(path.join(root, 'node_modules'), 0);
  return found;
}

/**
 * Patches every copy; returns one line per file for the log.
 * @param {string} root
 * @returns {{file: string, status: string}[]}
 */
function patchInstalled(root) {
  const results = [];
  for (const dir of installedCopies(root)) {
    for (const rel of ['lib/index.js', 'dev/lib/index.js']) {
      const file = path.join(dir, rel);
      if (!fs.existsSync(file)) continue;
      const { status, text } = patchFromMarkdown(fs.readFileSync(file, 'utf8'));
      if (status === 'patched') fs.writeFileSync(file, text);
      results.push({ file: path.relative(root, file), status });
    }
  }
  return results;
}

/** Patches the copies under this repository's node_modules and logs what it did. */
function main() {
  const root = path.resolve(__dirname, '..', '..');
  const results = patchInstalled(root);
  if (results.length === 0) console.warn('patch-dependencies: mdast-util-from-markdown is not installed; nothing patched.');
  for (const { file, status } of results) {
    if (status === 'unknown') console.warn(`patch-dependencies: ${file} is not the code the parse patch was written for; left unpatched (parsing is correct, about 25% slower).`);
    else console.log(`patch-dependencies: ${file} ${status === 'patched' ? 'patched' : 'already patched'} (stable-shape handler context).`);
  }
}

module.exports = { MARKER, main, patchFromMarkdown, patchInstalled };

if (require.main === module) main();
