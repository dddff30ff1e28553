import { execFile } from 'node:child_process';
import * as path from 'node:path';

/**
 * Read-only access to git through its command line: `execFile` with argument
 * arrays (never a shell string), a timeout, and every failure turned into a
 * `GitError` with a sentence a person can act on. Nothing here asks git to
 * write. Used by the CLI and the editor's runtime, never by core.
 */

export type GitProblem = 'missing' | 'not-a-repository' | 'no-commits' | 'unknown-ref' | 'shallow' | 'failed';

export class GitError extends Error {
  constructor(
    readonly problem: GitProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface Commit {
  hash: string;
  author: string;
  /** ISO 8601 author date. */
  date: string;
  subject: string;
  /** The file's path in this commit, relative to the repository root (it changes with renames). */
  path: string;
}

const TIMEOUT_MS = 20_000;

/** Runs git read-only in `cwd`; resolves with stdout. */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', '--no-optional-locks', ...args],
      { cwd, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') reject(new GitError('missing', 'git is not installed (or not on PATH): history features are off'));
        else if (/not a git repository/i.test(stderr)) reject(new GitError('not-a-repository', `${cwd} is not in a git repository: history features are off`));
        else if (/does not have any commits yet/i.test(stderr)) reject(new GitError('no-commits', `the repository at ${cwd} has no commits yet`));
        else if (/unknown revision|bad revision|invalid object name|ambiguous argument/i.test(stderr))
          reject(new GitError('unknown-ref', stderr.trim().split('\n')[0] ?? 'unknown revision'));
        else reject(new GitError('failed', `git ${args[0]} failed: ${(stderr || error.message).trim().split('\n')[0]}`));
      },
    );
  });
}

/** The repository's top folder for a file or folder. */
export async function repositoryRoot(of: string): Promise<string> {
  return (await git(of, ['rev-parse', '--show-toplevel'])).trim();
}

export async function isShallow(root: string): Promise<boolean> {
  return (await git(root, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/** The full hash of a ref, or a GitError('unknown-ref'). */
export async function resolveRef(root: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new GitError('unknown-ref', `'${ref}' is not a revision`);
  return (
    await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => {
      throw new GitError('unknown-ref', `unknown revision '${ref}'`);
    })
  ).trim();
}

const SEP = '\u001f';

/**
 * The commits that changed a file, newest first, following renames, each with
 * the file's path in that commit.
 */
export async function fileHistory(root: string, file: string): Promise<Commit[]> {
  const rel = path.relative(root, file).split(path.sep).join('/');
  let out: string;
  try {
    out = await git(root, ['log', '--follow', '--name-only', `--format=%x1e%H${SEP}%an${SEP}%aI${SEP}%s`, '--', rel]);
  } catch (error) {
    // A repository before its first commit is a normal state: no file has a history yet.
    if (error instanceof GitError && error.problem === 'no-commits') return [];
    throw error;
  }
  const commits: Commit[] = [];
  for (const record of out.split('\u001e')) {
    const [head, ...rest] = record.split('\n');
    if (!head) continue;
    const [hash, author, date, subject] = head.split(SEP);
    const filePath = rest.map((l) => l.trim()).find((l) => l.length > 0) ?? rel;
    if (hash && author !== undefined && date) commits.push({ hash, author, date, subject: subject ?? '', path: filePath });
  }
  return commits;
}

/** The last few files read at a commit: the lock and the check-in trail often read the same version. */
const shown = new Map<string, Promise<string | null>>();
const SHOWN_KEPT = 8;

/** A file's text at a commit (`path` relative to the root), or null when it does not exist there. */
export async function showFile(root: string, commit: string, filePath: string): Promise<string | null> {
  // A commit's content never changes; the index (commit '') does, so it is always read.
  const key = commit ? `${root}\u0000${commit}\u0000${filePath}` : '';
  const known = key ? shown.get(key) : undefined;
  if (known) return known;
  const read = git(root, ['show', `${commit}:${filePath}`]).catch((error: unknown) => {
    if (error instanceof GitError && error.problem !== 'missing' && error.problem !== 'not-a-repository') return null;
    throw error;
  });
  if (key) {
    shown.set(key, read);
    if (shown.size > SHOWN_KEPT) shown.delete(shown.keys().next().value!);
    // A failure (git missing) is not kept: the next read tries again.
    read.catch(() => shown.delete(key));
  }
  return read;
}

/** A file's staged text (the index), or null when it is not staged. */
export async function stagedFile(root: string, filePath: string): Promise<string | null> {
  return showFile(root, '', filePath);
}

/** The commit HEAD points at, or null (not a repository, no commits yet, no git). Never throws. */
export async function headCommit(dir: string): Promise<string | null> {
  try {
    return (await git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || null;
  } catch {
    return null;
  }
}
