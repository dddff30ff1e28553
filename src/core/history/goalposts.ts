import type { Quantity } from '../model/quantity';
import type { KeyResult, OkrDocument, QuantityField } from '../model/schema';

/**
 * Moving goalposts (SPEC §4): a KR's baseline or target changed after
 * the quarter's targets were locked. Pure: the caller brings the document as
 * it was at the lock commit (from git) and the analysis of the working copy.
 */

export interface LockPoint {
  /** The commit whose version of the document holds the locked targets. */
  commit: string;
  author: string;
  /** ISO date. */
  date: string;
  /** How the lock was chosen, for messages: `locked: v1 in front matter`, `the version in place on 2026-10-01`. */
  how: string;
}

export interface GoalpostChange {
  kr: KeyResult;
  field: 'baseline' | 'target';
  was: string;
  now: string;
}

/** Words for matching, with a plural `s` dropped (signups / signup). */
function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}%$]+/u)
      .filter((w) => w.length > 1 || /\d/.test(w))
      .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)),
  );
}

/** Jaccard overlap of two word sets; two texts without words match only when equal. */
function similarity(a: Words, b: Words): number {
  if (a.words.size === 0 || b.words.size === 0) return a.plain === b.plain ? 1 : 0;
  let common = 0;
  for (const w of a.words) if (b.words.has(w)) common++;
  return common / (a.words.size + b.words.size - common);
}

interface Words {
  words: Set<string>;
  plain: string;
}

function wordsOf(text: string): Words {
  return { words: words(text), plain: text.trim().toLowerCase() };
}

/** A value as compared: numbers in base units with their comparator, text normalised; empty and missing are the same. */
function valueKey(field: QuantityField | null): string {
  const q: Quantity | undefined = field?.quantity;
  if (!q || q.kind === 'empty') return '';
  if (q.kind === 'number')
    return `${q.comparator ?? ''}${q.unit ? `${q.unit.dimension}:${q.unit.dimension === 'currency' ? q.unit.symbol : ''}` : ''}${Math.round(q.value * (q.unit?.factor ?? 1) * 1e9) / 1e9}`;
  if (q.kind === 'range') return `${q.unit?.dimension ?? ''}${q.low * (q.unit?.factor ?? 1)}–${q.high * (q.unit?.factor ?? 1)}`;
  return q.raw.trim().toLowerCase().replace(/\s+/g, ' ');
}

interface Located {
  kr: KeyResult;
  /** The KR's and its objective's words, computed once per document (every KR is compared with every KR). */
  text: Words;
  objective: Words;
}

function located(doc: OkrDocument): Located[] {
  return doc.objectives.flatMap((o) => {
    const objective = wordsOf(o.title);
    return o.keyResults.map((kr) => ({ kr, text: wordsOf(kr.text), objective }));
  });
}

/**
 * Pairs each KR of the current document with its version at the lock: by its
 * id within a similar objective, else by the most similar text (at least
 * `threshold`, word overlap). A KR that was only reworded keeps its pair and
 * is not reported; a KR added after the lock has none.
 */
export function matchKeyResults(locked: OkrDocument, current: OkrDocument, threshold = 0.5): Array<{ now: KeyResult; then: KeyResult }> {
  const before = located(locked);
  const used = new Set<Located>();
  const pairs: Array<{ now: KeyResult; then: KeyResult }> = [];
  for (const now of located(current)) {
    let best: Located | null = null;
    let score = threshold - 1e-9;
    for (const then of before) {
      if (used.has(then)) continue;
      const byId = now.kr.id !== null && now.kr.id === then.kr.id && similarity(now.objective, then.objective) >= 0.5 ? 1 : 0;
      const s = Math.max(byId, similarity(now.text, then.text));
      if (s > score) [best, score] = [then, s];
      if (score >= 1) break;
    }
    if (best) {
      used.add(best);
      pairs.push({ now: now.kr, then: best.kr });
    }
  }
  return pairs;
}

/** The baselines and targets that differ from the locked version. */
export function movedGoalposts(locked: OkrDocument, current: OkrDocument): GoalpostChange[] {
  const changes: GoalpostChange[] = [];
  for (const { now, then } of matchKeyResults(locked, current)) {
    for (const field of ['baseline', 'target'] as const) {
      const a = then[field];
      const b = now[field];
      if (valueKey(a) === valueKey(b) || !b) continue;
      changes.push({ kr: now, field, was: a?.text.trim() || '(none)', now: b.text.trim() || '(empty)' });
    }
  }
  return changes;
}
