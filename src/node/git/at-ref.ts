import * as path from 'node:path';
import { git, showFile, stagedFile } from './git';

/**
 * The OKR documents of a workspace as they were at a git ref, for `rollup
 * --since` and the editor's "Preview rollup before commit": each document's
 * text at the ref, under its path now (a file renamed since the ref keeps its
 * node ids, so its scores compare), and the documents deleted since the ref.
 * With `staged`, also each document's staged text (the index). Read-only.
 */
export interface DocumentsAtRef {
  /** Index key → text at the ref. */
  before: Map<string, string>;
  /** Index key → staged text; null unless asked for. */
  staged: Map<string, string> | null;
}

export interface AtRefOptions {
  /** Compare with the index (`--staged`) rather than the working tree. */
  staged: boolean;
  /** An index key's file path, and back. */
  toFile(key: string): string;
  toKey(file: string): string;
  /** Whether a file deleted since the ref was an OKR document (SPEC §1 detection and the include / exclude globs). */
  isOkr(file: string, text: string): boolean;
}

/** `git diff -M --name-status -z`: renames (new path → old path) and deleted paths, relative to the repository. */
async function changes(repo: string, ref: string, staged: boolean): Promise<{ renamed: Map<string, string>; deleted: string[] }> {
  const out = await git(repo, ['diff', '-M', '--name-status', '-z', ...(staged ? ['--cached'] : []), ref, '--']);
  const fields = out.split('\0');
  const renamed = new Map<string, string>();
  const deleted: string[] = [];
  for (let i = 0; i < fields.length;) {
    const status = fields[i++];
    if (!status) break;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[i++]!;
      const to = fields[i++]!;
      if (status.startsWith('R')) renamed.set(to, from);
    } else {
      const file = fields[i++]!;
      if (status === 'D') deleted.push(file);
    }
  }
  return { renamed, deleted };
}

export async function documentsAtRef(repo: string, ref: string, keys: Iterable<string>, options: AtRefOptions): Promise<DocumentsAtRef> {
  const { renamed, deleted } = await changes(repo, ref, options.staged);
  const before = new Map<string, string>();
  const staged = options.staged ? new Map<string, string>() : null;
  const relOf = (file: string): string | null => {
    const rel = path.relative(repo, file).split(path.sep).join('/');
    return rel.startsWith('../') || rel === '..' || path.isAbsolute(rel) ? null : rel;
  };
  for (const key of keys) {
    const rel = relOf(options.toFile(key));
    if (rel === null) continue;
    const old = await showFile(repo, ref, renamed.get(rel) ?? rel);
    if (old !== null) before.set(key, old);
    if (staged) {
      const text = await stagedFile(repo, rel);
      if (text !== null) staged.set(key, text);
    }
  }
  for (const rel of deleted) {
    if (!/\.(md|markdown)$/i.test(rel)) continue;
    const file = path.join(repo, ...rel.split('/'));
    const key = options.toKey(file);
    if (before.has(key)) continue;
    const old = await showFile(repo, ref, rel);
    if (old !== null && options.isOkr(file, old)) before.set(key, old);
  }
  return { before, staged };
}
