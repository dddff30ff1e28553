import * as path from 'node:path';
import { analyze, looksWeekly, type LensConfig, type OkrDocument, type WeeklyCandidate } from '../core/index';
import { collectDocuments, type Selection } from './files';
import { showFile } from './git/git';
import { readHistory } from './git/lock';

/**
 * The inputs of a weekly update that need Node, for the command line and the
 * editor alike: the weekly updates of a workspace, and the quarterly document
 * as git had it at the start of the week.
 */

/** The workspace's weekly updates (OKR documents whose title reads as one), analysed without rules. */
export function weeklyCandidates(
  root: string,
  selection: Selection,
  config: LensConfig,
  today: Date,
  read: (file: string) => string | null,
): WeeklyCandidate[] {
  const out: WeeklyCandidate[] = [];
  for (const file of collectDocuments([root], selection)) {
    const text = read(file);
    if (text === null || !looksWeekly(text)) continue;
    const { document } = analyze(text, { config, today, rules: [], validate: false });
    if (document.kind === 'weekly') out.push({ key: file.split(path.sep).join('/'), text, document });
  }
  return out;
}

/**
 * The quarterly document as committed last before the week's Monday (00:00
 * UTC), or null when git does not know it then (no repository, no commit
 * before, git missing). Never rejects.
 */
export async function versionAtWeekStart(
  file: string,
  monday: string,
  config: LensConfig,
  today: Date,
): Promise<{ document: OkrDocument; commit: string; date: string } | null> {
  try {
    const history = await readHistory(file);
    if ('none' in history) return null;
    const start = Date.parse(`${monday}T00:00:00Z`);
    const commit = history.commits.find((c) => Date.parse(c.date) < start);
    if (!commit) return null;
    const text = await showFile(history.root, commit.hash, commit.path);
    if (text === null) return null;
    const { document } = analyze(text, { config, today, rules: [], validate: false });
    return { document, commit: commit.hash, date: commit.date };
  } catch {
    return null;
  }
}
