import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './helpers';

/**
 * What the built bundles load at run time, read from the bundles themselves
 * (esbuild keeps the string literals of path joins, minified or not), so that
 * the package tests check the VSIX and the npm package against the code and
 * not against a list kept by hand. Paths are relative to the repository root,
 * with forward slashes.
 */

/** The string literals and template literals among a call's arguments, in order (null for any other argument). */
function literalArgs(args: string): Array<string | null> {
  return args.split(',').map((a) => {
    const m = /^\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)\s*$/.exec(a);
    return m ? (m[1] ?? m[2] ?? m[3]!) : null;
  });
}

function isDir(rel: string): boolean {
  return fs.existsSync(path.join(repoRoot, rel)) && fs.statSync(path.join(repoRoot, rel)).isDirectory();
}

/**
 * The files `bundle` (e.g. `out/extension.js`) loads at run time:
 * - `path.join(__dirname, "a", …)`: resolved from the bundle's folder;
 * - `path.join(path.dirname(file), "b.js")`: a file beside another bundle
 *   (the worker pool's host beside its worker, both in the bundle's folder);
 * - `Uri.joinPath(context.extensionUri, "docs", "rules", \`${id}.md\`)`: from
 *   the extension root, a template expanded with each of `ids`;
 * - a file-name literal (`"tree.js"`) that exists in a folder the bundle joins
 *   (`Uri.joinPath(extensionUri, "media")`, `path.join(__dirname, "..", "media")`).
 */
export function bundleLoads(bundle: string, ids: readonly string[]): string[] {
  const text = fs.readFileSync(path.join(repoRoot, bundle), 'utf8');
  const dir = path.posix.dirname(bundle);
  const loads = new Set<string>();
  const folders = new Set<string>();
  const add = (rel: string): void => {
    if (isDir(rel)) folders.add(rel);
    else loads.add(rel);
  };
  for (const m of text.matchAll(/\.join\(__dirname((?:,\s*"[^"]*")+)\)/g)) add(path.posix.join(dir, ...(literalArgs(m[1]!.slice(1)) as string[])));
  for (const m of text.matchAll(/\.join\(\w+\.dirname\(\w+\),\s*"([^"]+\.js)"\)/g)) add(path.posix.join(dir, m[1]!));
  for (const m of text.matchAll(/joinPath\(\w+\.extensionUri((?:,\s*(?:"[^"]*"|`[^`]*`))+)\)/g)) {
    const parts = literalArgs(m[1]!.slice(1)) as string[];
    const joined = path.posix.join(...parts);
    if (joined.includes('${')) for (const id of ids) loads.add(joined.replace(/\$\{[^}]*\}/g, id));
    else add(joined);
  }
  // Folders named in any join, then the file-name literals found in them.
  for (const m of text.matchAll(/(?:\.join|joinPath)\(([^()]*)\)/g))
    for (const lit of literalArgs(m[1]!)) if (lit && /^[\w.-]+$/.test(lit) && !lit.includes('.') && isDir(lit)) folders.add(lit);
  for (const m of text.matchAll(/"([\w-]+\.(?:js|css|svg|png|json|md|html))"/g))
    for (const folder of folders) if (fs.existsSync(path.join(repoRoot, folder, m[1]!))) loads.add(path.posix.join(folder, m[1]!));
  return [...loads].sort();
}

/** The files of the VSIX, as `vsce ls --no-dependencies` lists them from .vscodeignore (what `npm run package` packs). */
export function vsixFiles(): string[] {
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const run = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (run.status !== 0) throw new Error(`vsce ls failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
}

/** Files no package should carry: sources, maps, tests, fixtures, examples, benchmarks. */
export function devOnly(files: readonly string[]): string[] {
  return files.filter((f) => /\.(ts|mts|cts|map)$/.test(f) || /(^|\/)(src|test|tests|fixtures|examples|bench|node_modules)\//.test(f));
}

/** Relative links of a Markdown page outside code, without their #fragment. */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}
