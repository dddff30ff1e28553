import * as path from 'node:path';
import type { LockPoint, OkrDocument } from '../../core/index';
import { fileHistory, git, GitError, isShallow, repositoryRoot, resolveRef, showFile, type Commit } from './git';

/**
 * The quarter's lock point for a document (issue 6): the commit named by
 * front matter `locked: <ref>`, else the version in place when the quarter
 * started (the newest commit of the file dated before the quarter's first
 * day), else the document's first commit in the quarter. Returns the locked
 * text with the lock, or why there is none (a sentence; `quiet` when there is
 * nothing worth saying, such as a folder that is not a repository).
 */
export type LockResult = { lock: LockPoint; text: string } | { none: string; quiet: boolean };

/** A file's repository and commits (newest first, following renames), read once for the lock and the trail. */
export type History = { root: string; commits: Commit[]; shallow?: boolean } | { none: string; quiet: boolean };

export async function readHistory(file: string): Promise<History> {
  let root: string;
  try {
    root = await repositoryRoot(path.dirname(file));
  } catch (error) {
    if (error instanceof GitError && (error.problem === 'not-a-repository' || error.problem === 'missing')) return { none: error.message, quiet: true };
    return { none: describe(error), quiet: false };
  }
  try {
    // Whether the clone is shallow is asked at the same time (the lock needs it), not after.
    const [commits, shallow] = await Promise.all([fileHistory(root, file), isShallow(root).catch(() => undefined)]);
    return { root, commits, ...(shallow !== undefined ? { shallow } : {}) };
  } catch (error) {
    return { none: describe(error), quiet: error instanceof GitError && error.problem === 'missing' };
  }
}

/**
 * `configured` is the lock ref of the configuration (moving-goalposts' `lock`
 * option); the document's own front matter wins over it.
 */
export async function findLock(file: string, document: OkrDocument, read?: History, configured = ''): Promise<LockResult> {
  const found = read ?? (await readHistory(file));
  if ('none' in found) return found;
  const { root, commits: history } = found;
  try {
    if (history.length === 0) return { none: `${path.basename(file)} has no commits yet: a new document has no locked targets`, quiet: true };
    const own = document.frontMatter['locked']?.trim();
    const ref = own || configured.trim();
    if (ref) {
      const source = own ? 'front matter locked:' : "moving-goalposts' lock option";
      const hash = await resolveRef(root, ref).catch(() => {
        throw new GitError('unknown-ref', `${source} names ${ref}, which is not a commit of this repository`);
      });
      const [author, date] = (await git(root, ['show', '-s', '--format=%an%x1f%aI', hash])).trim().split('\u001f');
      // The file's path at the lock: the newest version of it not newer than the lock commit.
      const at = history.find((c) => new Date(c.date) <= new Date(date ?? 0)) ?? history[history.length - 1]!;
      const text = await showFile(root, hash, at.path);
      if (text !== null)
        return { lock: { commit: hash, author: author ?? '?', date: date ?? '', how: own ? `locked: ${ref}` : `the configured lock ${ref}` }, text };
      // A document written after the workspace's lock tag locks the usual way; one naming its own lock must exist there.
      if (own) return { none: `${path.basename(file)} did not exist at ${ref} (${source})`, quiet: false };
    }
    const start = document.quarter?.start;
    if (!start) return { none: 'the title names no quarter with a year, so there is no lock date', quiet: true };
    const shallow = found.shallow ?? (await isShallow(root));
    const before = history.find((c) => new Date(c.date) < new Date(`${start}T00:00:00Z`));
    const chosen: Commit | undefined = before ?? [...history].reverse().find((c) => new Date(c.date) >= new Date(`${start}T00:00:00Z`));
    if (!chosen) return { none: 'no commit of the document in the quarter', quiet: true };
    if (shallow && !before && chosen === history[history.length - 1]) {
      return {
        none: `the repository is a shallow clone, so the commit that locked ${path.basename(file)}'s targets may be missing (git fetch --unshallow); moving-goalposts is skipped`,
        quiet: false,
      };
    }
    const text = await showFile(root, chosen.hash, chosen.path);
    if (text === null) return { none: `cannot read ${chosen.path} at ${chosen.hash.slice(0, 7)}`, quiet: false };
    return {
      lock: {
        commit: chosen.hash,
        author: chosen.author,
        date: chosen.date,
        how: before ? `the version in place on ${start}` : 'its first commit in the quarter',
      },
      text,
    };
  } catch (error) {
    return { none: describe(error), quiet: error instanceof GitError && error.problem === 'missing' };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
