import { analyze, ChunkTrees, type Analysis, type LensConfig } from '../../core/index';
import { scoresOf, withWorkingCopy, type Committed, type Version } from '../../core/history/trail';

export type { Committed } from '../../core/history/trail';
import { showFile } from './git';
import { readHistory, type History } from './lock';

/** Most commits read for a trail: a quarter of weekly check-ins is about 13. */
const MAX_COMMITS = 100;

/**
 * The analyses of a document's versions in one run, by text: the lock version
 * is often one of the trail's commits, and versions share most of their
 * chunks, which `chunkTrees` (given the working copy's) copies instead of
 * parsing. The model and scores only, without the rules and the schema
 * check: nothing reads the findings of an old version.
 */
export class VersionAnalyses {
  private readonly byText = new Map<string, Analysis>();

  constructor(
    private readonly config: LensConfig,
    private readonly today: Date,
    private readonly chunkTrees: ChunkTrees = new ChunkTrees(),
  ) {}

  /** An analysis already made of one version (the working copy's): a commit with the same text takes it. */
  know(text: string, analysis: Analysis): this {
    this.byText.set(text, analysis);
    return this;
  }

  analyze(text: string): Analysis {
    let analysis = this.byText.get(text);
    if (!analysis)
      this.byText.set(text, (analysis = analyze(text, { config: this.config, today: this.today, chunkTrees: this.chunkTrees, rules: [], validate: false })));
    return analysis;
  }
}

export async function committedVersions(
  file: string,
  config: LensConfig,
  today: Date,
  read?: History,
  analyses = new VersionAnalyses(config, today),
): Promise<Committed | { none: string; quiet: boolean }> {
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
      const analysis = analyses.analyze(text);
      versions.push({ commit: c.hash, date: c.date, document: analysis.document, scores: scoresOf(analysis) });
      lastText = text;
    }
    return { versions, lastText };
  } catch (error) {
    return { none: error instanceof Error ? error.message : String(error), quiet: false };
  }
}

/**
 * Every committed version of a document (following renames, oldest first, at
 * most 100), then the working copy when it differs from the last commit.
 */
export async function versionsOf(
  file: string,
  working: Analysis,
  config: LensConfig,
  today: Date,
  read?: History,
  analyses?: VersionAnalyses,
): Promise<{ versions: Version[] } | { none: string; quiet: boolean }> {
  const found = await committedVersions(file, config, today, read, analyses);
  return 'none' in found ? found : { versions: withWorkingCopy(found, working, today) };
}
