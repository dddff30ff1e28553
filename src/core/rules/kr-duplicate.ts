import { z } from 'zod';
import type { KeyResult } from '../model/schema';
import { memoize } from '../model/text';
import { defineRule, keyResults } from './types';

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'for', 'in', 'on', 'by', 'from', 'and', 'our', 'with', 'at', 'per', 'de', 'da', 'do', 'e']);

/** A KR's words (memoised by text: an edit re-reads only the KRs it changed). Never mutated. */
const tokensOf = memoize(
  (text: string): Set<string> =>
    new Set(
      text
        .toLowerCase()
        .replace(/[^\p{L}\d%$\s-]/gu, ' ')
        .split(/[\s-]+/)
        .filter((t) => t !== '' && !STOP.has(t)),
    ),
  8192,
);

function tokens(kr: KeyResult): Set<string> {
  return tokensOf(kr.text);
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The same result counted twice inflates a score and hides a gap. */
export const krDuplicate = defineRule({
  id: 'kr-duplicate',
  description: 'Two key results of a document measure the same thing.',
  defaultSeverity: 'warning',
  tags: ['structure'],
  dimension: 'independence',
  options: z.object({
    similarity: z.number().min(0.5).max(1).default(0.8).describe('Share of words two KRs must have in common (0.5–1) to count as duplicates.'),
  }),
  document(ctx, options) {
    const pairsOf = [...keyResults(ctx.document)];
    const all = pairsOf.map(({ kr }) => kr);
    // The pairs depend only on the KR texts: an edit elsewhere (a Current cell, say) reuses the last answer.
    const key = `${options.similarity}\u0000${all.map((kr) => kr.text).join('\u0000')}`;
    if (key !== lastKey) {
      lastKey = key;
      lastPairs = duplicatePairs(all, options.similarity);
    }
    for (const [i, j] of lastPairs) {
      const kr = all[i]!;
      const twin = all[j]!;
      // A KR carried over into a later period is no duplicate.
      if (pairsOf[i]!.objective.period !== pairsOf[j]!.objective.period) continue;
      ctx.report({
        message: `Repeats the key result on line ${twin.textRange.start.line}: keep one, or say how they differ (a different metric, segment or period).`,
        range: kr.textRange,
        related: [{ message: 'the first key result', range: twin.textRange }],
      });
    }
  },
});

let lastKey = '';
let lastPairs: Array<[number, number]> = [];

/** Index pairs [duplicate, first KR it repeats], in document order. */
function duplicatePairs(all: readonly KeyResult[], threshold: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const options = { similarity: threshold };
  const krs = all.map((kr, index) => ({ kr, index, words: tokens(kr) })).filter((x) => x.words.size > 0);
  // Prefix filtering (a standard similarity-join trick): order each KR's words rarest first; two sets
  // with Jaccard ≥ t must share one of the first |A| − ⌈t·|A|⌉ + 1 words of each. Indexing only those
  // keeps this near-linear even when hundreds of KRs share common words.
  const frequency = new Map<string, number>();
  for (const { words } of krs) for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  // One global order, rarest word first (ties by the word), as ranks so each KR sorts integers.
  const rank = new Map([...frequency.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([w], i) => [w, i]));
  const prefixIndex = new Map<string, number[]>(); // word → flat pairs: index into seen, position of the word in its prefix
  const seen: Array<{ index: number; words: Set<string> }> = [];
  // Overlap so far with each earlier KR (by index into seen): 0 untouched, −1 dropped; reset after each KR.
  const overlap = new Int32Array(krs.length);
  const touched: number[] = [];
  const factor = options.similarity / (1 + options.similarity);
  for (const { index, words } of krs) {
    const ordered = [...words].sort((a, b) => rank.get(a)! - rank.get(b)!);
    const prefix = ordered.slice(0, ordered.length - Math.ceil(options.similarity * ordered.length) + 1);
    // Positional filtering (PPJoin): a candidate whose remaining words cannot reach the overlap that
    // Jaccard ≥ t needs, ⌈t / (1 + t) · (|A| + |B|)⌉, is dropped before the sets are compared.
    touched.length = 0;
    for (let i = 0; i < prefix.length; i++) {
      const list = prefixIndex.get(prefix[i]!);
      if (!list) continue;
      for (let p = 0; p < list.length; p += 2) {
        const j = list[p]!;
        const so = overlap[j]!;
        if (so < 0) continue;
        if (so === 0) touched.push(j);
        const other = seen[j]!.words.size;
        const needed = Math.ceil(factor * (ordered.length + other) - 1e-9);
        overlap[j] = so + 1 + Math.min(ordered.length - i - 1, other - list[p + 1]! - 1) >= needed ? so + 1 : -1;
      }
    }
    const candidates = touched.filter((j) => overlap[j]! > 0).sort((a, b) => a - b);
    for (const j of touched) overlap[j] = 0;
    let twin: { index: number; words: Set<string> } | undefined;
    for (const i of candidates) {
      const s = seen[i]!;
      if ((s.words.size >= 2 || words.size === 1) && similarity(s.words, words) >= options.similarity) {
        twin = s;
        break;
      }
    }
    if (twin) {
      pairs.push([index, twin.index]);
      continue;
    }
    prefix.forEach((w, at) => {
      const list = prefixIndex.get(w);
      if (list) list.push(seen.length, at);
      else prefixIndex.set(w, [seen.length, at]);
    });
    seen.push({ index, words });
  }
  return pairs;
}
