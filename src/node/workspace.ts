import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigProblem, LensConfig, WorkspaceIndex } from '../core/index';
import type { SummaryCache } from './pool/summary-cache';
import { SummaryStream } from './pool/summary-pool';
import { findConfig, loadConfig, type LoadedConfig } from './config';
import { collectDocuments, describe, isOkrFile, UsageError, type Selection } from './files';

export interface WorkspaceGroup {
  /** The folder whose OKR documents alignment links, team names and IDs resolve against. */
  root: string;
  /** The configuration that applies to these files (its file, or the defaults). */
  loaded: LoadedConfig;
  /** The OKR documents to check in this workspace, sorted. */
  files: string[];
}

export interface GroupOptions {
  /** `--config`: this file for every path. */
  config: string | null;
  /** `--workspace`: this folder for every path. */
  workspace: string | null;
  detectExplicit: boolean;
  shown: (file: string) => string;
}

/**
 * The OKR documents named on the command line, grouped by the workspace each
 * belongs to. A file's configuration is the `.okr-lens.json(c)` nearest to it
 * (as ESLint and markdownlint-cli2 find theirs), unless `--config` names one;
 * its workspace is that file's folder, else the enclosing git repository, else
 * the folder named on the command line (or the file's folder). So a hook that
 * checks only staged files still sees the company document their `Supports:
 * CO-1` lines name, and files checked from elsewhere do not meet the current
 * folder's documents. Each configuration is read once; a path that does not
 * exist is a usage error.
 */
export function workspaceGroups(targets: string[], options: GroupOptions): { list: WorkspaceGroup[]; problems: ConfigProblem[] } {
  const configs = new Map<string, LoadedConfig>();
  const problems: ConfigProblem[] = [];
  const load = (file: string | null, base: string): LoadedConfig => {
    let loaded = configs.get(file ?? '');
    if (!loaded) {
      loaded = loadConfig(file, base, options.shown);
      configs.set(file ?? '', loaded);
      problems.push(...loaded.problems);
    }
    return loaded;
  };
  const nearest = new Map<string, string | null>();
  const configOf = (dir: string): string | null => {
    if (options.config !== null) return options.config;
    if (!nearest.has(dir)) nearest.set(dir, findConfig(dir));
    return nearest.get(dir)!;
  };
  const groups = new Map<string, WorkspaceGroup & { seen: Set<string> }>();
  for (const target of targets) {
    let isFolder: boolean;
    try {
      isFolder = fs.statSync(target).isDirectory();
    } catch (error) {
      throw new UsageError(`cannot read '${target}': ${describe(error)}`);
    }
    const from = isFolder ? target : path.dirname(target);
    const argumentConfig = configOf(from);
    const outer = load(argumentConfig, from);
    const found = collectDocuments([target], {
      base: outer.base,
      include: outer.config.include,
      exclude: outer.config.exclude,
      detectExplicit: options.detectExplicit,
    });
    for (const file of found) {
      const own = configOf(path.dirname(file));
      const loaded = load(own, from);
      // A folder's own configuration decides which of its files are OKR documents.
      if (
        own !== argumentConfig &&
        (isFolder || options.detectExplicit) &&
        !isOkrFile(file, { base: loaded.base, include: loaded.config.include, exclude: loaded.config.exclude, detectExplicit: true })
      )
        continue;
      const root = options.workspace ?? (own !== null ? path.dirname(own) : (gitRoot(path.dirname(file)) ?? from));
      const key = `${own ?? ''}\u0000${root}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { root, loaded, files: [], seen: new Set() }));
      if (!group.seen.has(file)) {
        group.seen.add(file);
        group.files.push(file);
      }
    }
  }
  return { list: [...groups.values()].map(({ root, loaded, files }) => ({ root, loaded, files: files.sort() })), problems };
}

/** The folder holding `.git` at or above `dir`, or null. */
export function gitRoot(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
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
