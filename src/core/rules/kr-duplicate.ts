import { z } from 'zod';
import type { KeyResult } from '../model/schema';
import { defineRule, keyResults, krName } from './types';

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'for', 'in', 'on', 'by', 'from', 'and', 'our', 'with', 'at', 'per', 'de', 'da', 'do', 'e']);

function tokens(kr: KeyResult): Set<string> {
  return new Set(
    kr.text
      .toLowerCase()
      .replace(/[^\p{L}\d%$\s-]/gu, ' ')
      .split(/[\s-]+/)
      .filter((t) => t !== '' && !STOP.has(t)),
  );
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
  check(ctx, options) {
    const seen: Array<{ kr: KeyResult; words: Set<string> }> = [];
    // Candidates share at least one word: an index from word to the KRs seen with it keeps this near-linear.
    const byWord = new Map<string, number[]>();
    for (const { kr } of keyResults(ctx.document)) {
      const words = tokens(kr);
      if (words.size === 0) continue;
      const candidates = new Set<number>();
      for (const w of words) for (const i of byWord.get(w) ?? []) candidates.add(i);
      let twin: { kr: KeyResult; words: Set<string> } | undefined;
      for (const i of [...candidates].sort((a, b) => a - b)) {
        const s = seen[i]!;
        if ((s.words.size >= 2 || words.size === 1) && similarity(s.words, words) >= options.similarity) {
          twin = s;
          break;
        }
      }
      if (twin) {
        ctx.report({
          message: `Key result ${krName(kr)} repeats ${krName(twin.kr)} (line ${twin.kr.textRange.start.line}): keep one, or say how they differ (a different metric, segment or period).`,
          range: kr.textRange,
          related: [{ message: 'the first key result', range: twin.kr.textRange }],
        });
      } else {
        for (const w of words) {
          const list = byWord.get(w);
          if (list) list.push(seen.length);
          else byWord.set(w, [seen.length]);
        }
        seen.push({ kr, words });
      }
    }
  },
});
