import * as fs from 'node:fs';
import * as path from 'node:path';
import { globToRegExp } from '../core/config/glob';

/** Folders a glob never looks into. */
const SKIP = new Set(['.git', 'node_modules']);

/** What the `paths` input names: the paths for the command line, and what is wrong with the input. */
export interface Expanded {
  paths: string[];
  /** A path that does not exist: the input is wrong. */
  missing: string[];
  /** Globs that match no file. */
  empty: string[];
}

/** Whether a word of the input is a glob rather than a path. */
export function isGlob(word: string): boolean {
  return /[*?[{]/.test(word);
}

/**
 * The words of the `paths` input (separated by spaces or new lines) as paths
 * relative to `cwd`: a path is kept as written; a glob (OKR Lens's glob syntax,
 * as in `include`) becomes the files it matches, in order. A glob without a
 * `/` matches a file name in any folder, as in `.gitignore`.
 */
export function expandPaths(value: string, cwd: string): Expanded {
  const words = value.split(/\s+/).filter((w) => w !== '');
  const out: Expanded = { paths: [], missing: [], empty: [] };
  const add = (p: string): void => {
    if (!out.paths.includes(p)) out.paths.push(p);
  };
  for (const word of words.length > 0 ? words : ['.']) {
    if (!isGlob(word)) {
      if (fs.existsSync(path.resolve(cwd, word))) add(word);
      else out.missing.push(word);
      continue;
    }
    const matched = globFiles(word, cwd);
    if (matched.length === 0) out.empty.push(word);
    for (const file of matched) add(file);
  }
  return out;
}

/** The files below `cwd` (with `/`, relative to it) that a glob matches, sorted. */
function globFiles(pattern: string, cwd: string): string[] {
  const re = globToRegExp(pattern);
  const segments = pattern.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  // The literal folders the pattern starts with are where the search starts.
  const literal = segments.slice(0, -1).findIndex((s) => isGlob(s));
  const start = segments.slice(0, literal === -1 ? segments.length - 1 : literal).join('/');
  const found: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(cwd, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(child);
      } else if (e.isFile() && re.test(child)) found.push(child);
    }
  };
  walk(start);
  return found.sort();
}
