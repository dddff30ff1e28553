import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectOkrDocument, isMarkdownPath } from '../core/index';

/** A problem that stops the command with exit code 2. */
export class UsageError extends Error {}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);

/**
 * The OKR documents named by the command line. Files named explicitly are
 * always checked; folders are searched for Markdown files that SPEC §1's
 * detection accepts. A path that does not exist is a usage error.
 */
export function collectDocuments(paths: string[]): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      throw new UsageError(`cannot read '${p}': ${describe(error)}`);
    }
    if (stat.isDirectory()) {
      for (const file of walk(p)) found.add(path.resolve(file));
    } else {
      found.add(path.resolve(p));
    }
  }
  return [...found].sort();
}

function* walk(dir: string): Generator<string> {
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
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) yield* walk(full);
    } else if (e.isFile() && isMarkdownPath(e.name)) {
      const head = readHead(full);
      if (head !== null && detectOkrDocument(full, head)) yield full;
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
