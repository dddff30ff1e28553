/**
 * Performance patches to the Markdown parser's dependencies, applied when
 * esbuild bundles them (src/tools/build.mjs): node_modules is never changed.
 *
 * Each patch is written for one exact file of one version of a package, pinned
 * by its SHA-256, and is a list of literal edits (the text found, how many
 * times, and what replaces it), so it reads as a diff. A bundle that loads
 * another file there (a newer version, or upstream made the change) fails to
 * build, naming the patch and the file: measure again without the patch
 * (bench/README.md) and update or drop it.
 *
 * No patch changes a tree: test/unit/parser-patches.test.ts parses every
 * corpus, example and fixture document with the patched and the pristine
 * packages and compares the trees.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * @typedef {{ find: string, count: number, replace: string }} Edit
 * @typedef {{
 *   id: string,
 *   pkg: string,
 *   version: string,
 *   file: string,
 *   sha256: string,
 *   edits: Edit[],
 *   append?: string,
 * }} ParserPatch
 */

const CONTEXT_SPREAD = `{
          ...context,
          sliceSerialize: events[index][2].sliceSerialize
        }`;

/**
 * The source of `function name(param)`, which returns `make` (an expression of
 * `param` and `extensions`) made once per extensions array, the array being
 * the expression `extensions` of `param`, and once for none. The array is
 * checked element by element, so one that grew or changed gets a new value.
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

/** @type {ParserPatch[]} */
export const PARSER_PATCHES = [
  /**
   * mdast-util-from-markdown 2.1.0 builds the `this` of every handler call of
   * its compile loop with an object spread, `{...context, sliceSerialize}`,
   * once per micromark event, which V8 copies through a generic path. The
   * patch writes the same object as a literal naming each field of `context`
   * (the change proposed upstream in syntax-tree/mdast-util-from-markdown#52):
   * each call still gets a fresh object with the same fields.
   */
  {
    id: 'context-literal',
    pkg: 'mdast-util-from-markdown',
    version: '2.1.0',
    file: 'lib/index.js',
    sha256: 'dd0cd20672558ab4ca548b4f7e442e850863228915fff8eafd6d987d29fb107b',
    edits: [
      {
        find: CONTEXT_SPREAD,
        count: 3,
        replace:
          '{stack: context.stack, tokenStack: context.tokenStack, config: context.config, enter: context.enter, exit: context.exit, buffer: context.buffer, resume: context.resume, data: context.data, sliceSerialize: events[index][2].sliceSerialize}',
      },
    ],
  },
  /**
   * micromark-util-subtokenize 2.1.0 keeps the event indexes it jumps over in
   * plain objects keyed by number and merges them with `Object.assign`; such
   * objects fall back to dictionary elements. The patch keeps the same pairs
   * in `Map`s.
   */
  {
    id: 'subtokenize-maps',
    pkg: 'micromark-util-subtokenize',
    version: '2.1.0',
    file: 'index.js',
    sha256: 'a70e48d4652be4f956606dcda3e4c13707952dc74b86f6f71990eba88d4a1e79',
    edits: [
      { find: '  const jumps = {};\n', count: 1, replace: '  const jumps = new Map();\n' },
      {
        find: '    while (index in jumps) {\n      index = jumps[index];\n',
        count: 1,
        replace: '    while (jumps.has(index)) {\n      index = jumps.get(index);\n',
      },
      {
        find: '        Object.assign(jumps, subcontent(events, index));\n        index = jumps[index];\n',
        count: 1,
        replace: '        for (const [from, to] of subcontent(events, index)) jumps.set(from, to);\n        index = jumps.get(index);\n',
      },
      { find: '  const gaps = {};\n', count: 1, replace: '  const gaps = new Map();\n' },
      {
        find: '    gaps[adjust + jumps[index][0]] = adjust + jumps[index][1];\n',
        count: 1,
        replace: '    gaps.set(adjust + jumps[index][0], adjust + jumps[index][1]);\n',
      },
    ],
  },
  /**
   * micromark 4.0.3 merges its default constructs with the extensions
   * (`combineExtensions`) on every `parse()` call, once per Markdown text, and
   * OKR Lens parses each document as several chunks. The patch keeps the
   * merged constructs per extensions array (while it holds the same
   * extensions), and once for none. micromark only reads the merged object.
   */
  {
    id: 'constructs-kept',
    pkg: 'micromark',
    version: '4.0.3',
    file: 'lib/parse.js',
    sha256: 'a8e110b17213a26a212332b2c8c39d31c302735c810bb0078e00b752f00552d9',
    edits: [
      {
        find: '  const constructs = /** @type {FullNormalizedExtension} */\n  combineExtensions([defaultConstructs, ...(settings.extensions || [])]);\n',
        count: 1,
        replace: '  const constructs = combinedConstructs(settings.extensions || []);\n',
      },
    ],
    append: keptPerExtensions(
      'combinedConstructs',
      'given',
      'given',
      'combineExtensions([defaultConstructs, ...extensions])',
      'The default constructs merged with `extensions`,',
    ),
  },
  /**
   * mdast-util-from-markdown 2.1.0 calls `compiler(options)` on every parse:
   * it builds about a hundred handler closures and merges the mdast
   * extensions, and V8 then optimises that large function again in every
   * thread that parses. The patch keeps one compiler per mdast extensions
   * array (checked like constructs-kept), and gives every `compile()` a fresh
   * `data` object, the only state a compiler kept from one parse to the next.
   * In this file compiler() reads nothing of its options but the mdast
   * extensions, and keeps no state but `config` (made once) and `data`.
   */
  {
    id: 'compiler-kept',
    pkg: 'mdast-util-from-markdown',
    version: '2.1.0',
    file: 'lib/index.js',
    sha256: 'dd0cd20672558ab4ca548b4f7e442e850863228915fff8eafd6d987d29fb107b',
    edits: [
      { find: '  return compiler(options)(', count: 1, replace: '  return keptCompiler(options)(' },
      { find: '      resume,\n      data\n    };\n', count: 1, replace: '      resume,\n      data: {}\n    };\n' },
    ],
    append: keptPerExtensions(
      'keptCompiler',
      'options',
      '(options || {}).mdastExtensions || []',
      'compiler(options)',
      'compiler(options), whose every call built ~100 closures that V8 optimised again in every thread,',
    ),
  },
];

/** The SHA-256 of a text, in hex. */
export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The path of `file` inside its package, when it is in package `pkg`'s folder
 * under a node_modules folder (the innermost one); otherwise null.
 */
export function fileInPackage(file, pkg) {
  const parts = file.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === 'node_modules') return parts[i + 1] === pkg ? parts.slice(i + 2).join('/') : null;
  }
  return null;
}

/** The version in the package.json of the package that holds `file`, or '?'. */
function installedVersion(file, pkg) {
  const rel = fileInPackage(file, pkg);
  if (rel === null) return '?';
  const root = file.slice(0, file.length - rel.length - 1);
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version ?? '?';
  } catch {
    return '?';
  }
}

/**
 * `source` (the text of `file`) with the given patches applied, all written
 * for that file. Throws, naming the patch and the file, when the file is not
 * the exact one a patch was written for, or an edit does not find its text the
 * number of times it expects.
 * @param {ParserPatch[]} patches
 * @param {string} source
 * @param {string} file  for messages
 * @returns {string}
 */
export function applyParserPatches(patches, source, file) {
  const found = sha256(source);
  let text = source;
  for (const patch of patches) {
    const where = `parser patch "${patch.id}" (src/tools/parser-patches.mjs)`;
    if (found !== patch.sha256) {
      throw new Error(
        `${where} no longer applies: ${file} is not the file it was written for ` +
          `(${patch.pkg} ${patch.version} ${patch.file}, sha256 ${patch.sha256.slice(0, 12)}…; this one is from version ${installedVersion(file, patch.pkg)}, sha256 ${found.slice(0, 12)}…). ` +
          'Measure the parse again without the patch (bench/README.md), then update the patch or drop it.',
      );
    }
    for (const edit of patch.edits) {
      const times = text.split(edit.find).length - 1;
      if (times !== edit.count)
        throw new Error(`${where} does not apply to ${file}: ${JSON.stringify(edit.find.slice(0, 60))} found ${times} times, expected ${edit.count}.`);
      text = text.split(edit.find).join(edit.replace);
    }
    if (patch.append) text = `${text.trimEnd()}\n\n/* okr-lens parser patch "${patch.id}" (src/tools/parser-patches.mjs) */\n${patch.append}`;
  }
  return text;
}

/**
 * An esbuild plugin that applies `patches` to the files they were written for
 * as they are bundled. A build fails when a patched file is not the one its
 * patch was written for, and when it bundles a package of a patch without the
 * patched file (another entry point of the package, such as its development
 * build), which would leave the patch out silently.
 * @param {ParserPatch[]} [patches]
 * @param {Set<string>} [applied]  receives `<patch id> <file>` of every patch applied
 * @returns {import('esbuild').Plugin}
 */
export function parserPatchesPlugin(patches = PARSER_PATCHES, applied = undefined) {
  const packages = [...new Set(patches.map((p) => p.pkg))];
  return {
    name: 'okr-lens-parser-patches',
    setup(build) {
      if (packages.length === 0) return;
      /** Per package, whether its patched file was bundled. */
      const seen = new Map();
      build.onStart(() => seen.clear());
      const escaped = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
      build.onLoad({ filter: new RegExp(`[\\\\/]node_modules[\\\\/](?:${escaped.join('|')})[\\\\/]`) }, async (args) => {
        const pkg = packages.find((p) => fileInPackage(args.path, p) !== null);
        if (!pkg) return undefined;
        const rel = fileInPackage(args.path, pkg);
        const mine = patches.filter((p) => p.pkg === pkg && p.file === rel);
        if (mine.length === 0) {
          if (!seen.has(pkg)) seen.set(pkg, false);
          return undefined;
        }
        seen.set(pkg, true);
        const source = await fs.promises.readFile(args.path, 'utf8');
        try {
          const contents = applyParserPatches(mine, source, path.relative(process.cwd(), args.path));
          for (const patch of mine) applied?.add(`${patch.id} ${args.path}`);
          return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
        } catch (error) {
          return { errors: [{ text: error instanceof Error ? error.message : String(error) }] };
        }
      });
      build.onEnd(() => {
        const errors = [];
        for (const [pkg, patched] of seen) {
          if (patched) continue;
          const names = patches.filter((p) => p.pkg === pkg).map((p) => `"${p.id}" (${pkg}/${p.file})`);
          errors.push({
            text: `parser patch ${names.join(', ')} not applied: this bundle takes ${pkg} from other files than the one the patch was written for (src/tools/parser-patches.mjs).`,
          });
        }
        return { errors };
      });
    },
  };
}

/**
 * The patches a build applies: all of them, unless OKR_LENS_PARSER_PATCHES
 * names some (comma-separated ids, or `none`), which is how bench/README.md
 * measures what each one gains.
 * @param {string | undefined} [selection]
 * @returns {ParserPatch[]}
 */
export function selectedParserPatches(selection = process.env.OKR_LENS_PARSER_PATCHES) {
  if (selection === undefined || selection.trim() === '' || selection.trim() === 'all') return PARSER_PATCHES;
  if (selection.trim() === 'none') return [];
  const ids = selection
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !PARSER_PATCHES.some((p) => p.id === id));
  if (unknown.length > 0)
    throw new Error(`OKR_LENS_PARSER_PATCHES: no parser patch ${unknown.join(', ')} (there are: ${PARSER_PATCHES.map((p) => p.id).join(', ')}, or none)`);
  return PARSER_PATCHES.filter((p) => ids.includes(p.id));
}
