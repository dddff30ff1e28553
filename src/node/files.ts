import * as fs from 'node:fs';
import * as path from 'node:path';
import { isOkrDocument } from '../core/index';

/** A problem that stops the command with exit code 2. */
export class UsageError extends Error {}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);

export interface Selection {
  /** The folder `include` / `exclude` globs are relative to. */
  base: string;
  include: readonly string[];
  exclude: readonly string[];
  /** Apply detection and the globs to files named explicitly too (for hooks that pass every staged file). */
  detectExplicit: boolean;
}

/**
 * The OKR documents named by the command line. Folders are searched for files
 * that SPEC §1's detection or an `include` glob accepts and no `exclude` glob
 * rejects. Files named explicitly are always checked, unless `detectExplicit`
 * asks for the same test. A path that does not exist is a usage error.
 */
export function collectDocuments(paths: string[], selection: Selection = { base: process.cwd(), include: [], exclude: [], detectExplicit: false }): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      throw new UsageError(`cannot read '${p}': ${describe(error)}`);
    }
    if (stat.isDirectory()) {
      for (const file of walk(p, selection)) found.add(path.resolve(file));
    } else if (!selection.detectExplicit || isOkrFile(p, selection)) {
      found.add(path.resolve(p));
    }
  }
  return [...found].sort();
}

/** Whether a file counts as an OKR document under the globs and SPEC §1's detection. */
export function isOkrFile(file: string, selection: Selection): boolean {
  return isOkrText(file, selection, () => readHead(file));
}

/** The same test for a file's text from elsewhere (a file deleted since a git ref); `head` reads it only when needed. */
export function isOkrText(file: string, selection: Selection, head: () => string | null): boolean {
  const rel = path.relative(selection.base, path.resolve(file)).split(path.sep).join('/');
  const inside = !rel.startsWith('../') && !path.isAbsolute(rel);
  return isOkrDocument({ path: file, relative: inside ? rel : null }, selection, head);
}

function* walk(dir: string, selection: Selection): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read folder '${dir}': ${describe(error)}`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) yield* walk(full, selection);
    } else if (e.isFile() && isOkrFile(full, selection)) {
      yield full;
    }
  }
}

/** The first 64 KiB of a file: enough for front matter and the first H1. */
function readHead(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(65_536);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function readDocument(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read '${file}': ${describe(error)}`);
  }
}

export function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
