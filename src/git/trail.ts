import { analyze, type Analysis, type KeyResult, type LensConfig } from '../core/index';
import type { Version } from '../core/history/trail';
import { showFile } from './git';
import { readHistory, type History } from './lock';

/** Most commits read for a trail: a quarter of weekly check-ins is about 13. */
const MAX_COMMITS = 100;

function scoresOf(analysis: Analysis): Map<KeyResult, number | null> {
  const map = new Map<KeyResult, number | null>();
  analysis.document.objectives.forEach((o, i) => o.keyResults.forEach((kr, j) => map.set(kr, analysis.scores.objectives[i]?.keyResults[j]?.value ?? null)));
  return map;
}

/**
 * Every committed version of a document (following renames, oldest first, at
 * most 100), then the working copy when it differs from the last commit.
 */
export async function versionsOf(file: string, working: Analysis, config: LensConfig, today: Date, read?: History): Promise<{ versions: Version[] } | { none: string; quiet: boolean }> {
  const found = read ?? (await readHistory(file));
  if ('none' in found) return found;
  const { root } = found;
  try {
    const commits = found.commits.slice(0, MAX_COMMITS).reverse();
    const versions: Version[] = [];
    let lastText: string | null = null;
    for (const c of commits) {
      const text = await showFile(root, c.hash, c.path);
      if (text === null) continue;
      const analysis = analyze(text, { config, today });
      versions.push({ commit: c.hash, date: c.date, document: analysis.document, scores: scoresOf(analysis) });
      lastText = text;
    }
    if (lastText === null || lastText !== working.lines.text) versions.push({ commit: null, date: today.toISOString(), document: working.document, scores: scoresOf(working) });
    return { versions };
  } catch (error) {
    return { none: error instanceof Error ? error.message : String(error), quiet: false };
  }
}
