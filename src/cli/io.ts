import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAll, type Finding, type LensConfig } from '../core/index';
import { readDocument, UsageError } from '../node/files';

/** Where the command line writes, and what it knows of its surroundings. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** A path as the user sees it: relative to the working folder, with `/`. */
export function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

/** The workspace index key of a file: its absolute path with `/`. */
export function keyOf(file: string): string {
  return file.split(path.sep).join('/');
}

/** An index key as the user sees it (see {@link display}). */
export function shownKey(cwd: string, key: string): string {
  return display(cwd, key.split('/').join(path.sep));
}

/** A finding whose related locations in other files are named by `name` (an index key as shown, a SARIF URI). */
export function withRelatedPaths(f: Finding, name: (path: string) => string): Finding {
  return f.related.some((r) => r.path) ? { ...f, related: f.related.map((r) => (r.path ? { ...r, path: name(r.path) } : r)) } : f;
}

/** `--date`: the day, at midnight UTC; today when not given. */
export function parseDate(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`bad --date '${value}' (expected YYYY-MM-DD)`);
  }
  return date;
}

/** A document's text, or why it cannot be checked: unreadable, or binary (NUL bytes). Invalid UTF-8 reads as U+FFFD. */
export function readText(file: string): string | { problem: string } {
  let text: string;
  try {
    text = readDocument(file);
  } catch (error) {
    return { problem: error instanceof Error ? error.message.replace(/^cannot read '[^']*': /, 'cannot read it: ') : String(error) };
  }
  if (text.includes('\u0000')) return { problem: 'it is a binary file (it contains NUL bytes), not Markdown' };
  return text;
}

/**
 * Applies fix-all to a file: the new text goes to a temporary file in the same
 * folder (same mode), which then replaces the original in one rename, so a
 * crash never leaves half a file. The fixes insert the document's own line
 * endings; the final newline is kept as it was. Returns the error message if
 * the file could not be written.
 */
export function fixFile(file: string, text: string, config: LensConfig, today: Date): { text: string; count: number } | string {
  const all = fixAll(text, { config, today });
  if (!all) return { text, count: 0 };
  let next = applyEdits(text, [all.edit]);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (/\r?\n$/.test(text) && !/\r?\n$/.test(next)) next += eol;
  if (!/\r?\n$/.test(text)) next = next.replace(/\r?\n$/, '');
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.okr-lens-${process.pid}-${Date.now()}.tmp`);
  try {
    const { mode } = fs.statSync(file);
    fs.writeFileSync(tmp, next, { mode, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    return error instanceof Error ? error.message : String(error);
  }
  return { text: next, count: all.fixed };
}
