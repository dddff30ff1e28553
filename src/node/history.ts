import { configuredLock, trailsOf, type Analysis, type DocumentHistory, type LensConfig } from '../core/index';
import { findLock, readHistory, type History } from './git/lock';
import { committedVersions, VersionAnalyses } from './git/trail';

/**
 * What git knows of a document, for its history rules (moving-goalposts,
 * stale-kr) and the check-in trail, read the same way for the command line
 * and the editor: its version at the quarter's lock and its committed
 * versions, with the sentences worth telling the user about what could not be
 * read (a shallow clone, an unknown lock ref).
 */
export interface GitHistory {
  lock: DocumentHistory['lock'];
  committed: Parameters<typeof trailsOf>[0];
  /** Why the lock or the trail could not be read, where that is worth saying. */
  notes: string[];
}

export interface ReadOptions {
  /** The file's history, when already being read. */
  history?: History | Promise<History>;
  /** Analyses of versions already made (the working copy's, parse trees to share). */
  analyses?: VersionAnalyses;
}

/** Reads a document's lock and committed versions from git. Never rejects: what fails becomes a note. */
export async function readGitHistory(file: string, current: Analysis, config: LensConfig, today: Date, options: ReadOptions = {}): Promise<GitHistory> {
  const notes: string[] = [];
  const history = await (options.history ?? readHistory(file));
  if ('none' in history) {
    if (!history.quiet) notes.push(history.none);
    return { lock: null, committed: null, notes };
  }
  const analyses = options.analyses ?? new VersionAnalyses(config, today).know(current.lines.text, current);
  const found = await findLock(file, current.document, history, configuredLock(config));
  if ('none' in found && !found.quiet) notes.push(found.none);
  const committed = await committedVersions(file, config, today, history, analyses);
  if ('none' in committed && !committed.quiet) notes.push(committed.none);
  return {
    lock: 'none' in found ? null : { point: found.lock, locked: analyses.analyze(found.text).document },
    committed: 'none' in committed ? null : committed,
    notes,
  };
}

/** The history rules' input for one analysis of the document. */
export function documentHistory(git: GitHistory, working: Analysis, today: Date): DocumentHistory {
  return { lock: git.lock, trails: trailsOf(git.committed, working, today) };
}
