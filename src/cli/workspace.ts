import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LensConfig, WorkspaceIndex } from '../core/index';
import type { SummaryCache } from '../pool/summary-cache';
import { SummaryStream } from '../pool/summary-pool';
import { collectDocuments, describe, type Selection } from './files';

/**
 * The folder whose OKR documents alignment links and IDs resolve against:
 * the config file's folder, else the enclosing git repository, else the
 * current folder. A hook that checks only staged files still sees the company
 * document their `Supports: CO-1` lines name.
 */
export function workspaceRoot(cwd: string, configFile: string | null): string {
  if (configFile) return path.dirname(configFile);
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/**
 * Adds every OKR document under `root` that the index does not have yet, then
 * the Markdown files that links point to outside it. Returns problems to
 * print (an unreadable folder); never throws.
 */
export async function loadWorkspace(
  index: WorkspaceIndex,
  root: string,
  selection: Selection,
  keyOf: (file: string) => string,
  options: { config: LensConfig; today: Date; cache: SummaryCache | null; texts: Array<{ key: string; text: string }> },
): Promise<string[]> {
  const problems: string[] = [];
  let files: string[] = [];
  try {
    files = collectDocuments([root], { ...selection, detectExplicit: false });
  } catch (error) {
    problems.push(`workspace ${root}: ${error instanceof Error ? error.message : String(error)}; alignment links resolve against the checked files only`);
  }
  // Every document the index does not have yet (and the texts the caller read already), from the
  // cache where unchanged, otherwise summarised on all cores when there are many: each handed on
  // as soon as it is read, so the workers parse while the rest are read.
  const stream = new SummaryStream(options.config, options.today, options.cache);
  const given = new Set<string>();
  for (const t of options.texts) {
    if (index.has(t.key)) continue;
    given.add(t.key);
    stream.add(t.key, t.text);
  }
  for (const file of files) {
    const key = keyOf(file);
    const text = index.has(key) || given.has(key) ? null : readFile(file);
    if (typeof text === 'string') stream.add(key, text);
  }
  for (const summary of await stream.done()) index.set(summary);
  // Links to documents outside the workspace root (or not detected as OKR documents): follow them, a few rounds deep.
  const tried = new Set<string>();
  for (let round = 0; round < 4; round++) {
    const wanted = new Set<string>();
    for (const key of index.keys()) {
      const doc = index.get(key)!;
      for (const ref of [...doc.refs, ...doc.objectives.flatMap((o) => o.refs)]) {
        if (ref.kind !== 'link' || !ref.path || /^[a-z][a-z0-9+.-]*:/i.test(ref.path)) continue;
        let file: string;
        try {
          file = decodeURIComponent(ref.path.split(/[?#]/)[0]!);
        } catch {
          continue;
        }
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(key), file));
        if (!index.has(target) && !tried.has(target) && /\.(md|markdown)$/i.test(target)) wanted.add(target);
      }
    }
    if (wanted.size === 0) break;
    for (const key of wanted) {
      tried.add(key);
      addFile(index, key.split('/').join(path.sep), key, problems);
    }
  }
  return problems;
}

function addFile(index: WorkspaceIndex, file: string, key: string, problems?: string[]): void {
  if (index.has(key)) return;
  const text = readFile(file);
  if (typeof text === 'string') index.setText(key, text);
  // A missing link target is the broken-link rule's business; only other failures are worth a line.
  else if (text.code !== 'ENOENT' && problems) problems.push(`cannot read '${file}': ${text.message}`);
}

function readFile(file: string): string | { code: string | undefined; message: string } {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code, message: describe(error) };
  }
}
