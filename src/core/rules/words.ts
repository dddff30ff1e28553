import type { KeyResult, QuantityField } from '../model/schema';
import { memoize } from '../model/text';

/**
 * Helpers shared by the wording rules. Word lists are rule options; these
 * functions only read text.
 */

/** The statement with leading ids, list markers, emoji and emphasis removed (memoised by text). */
export const statement = memoize(statementOf, 8192);

function statementOf(text: string): string {
  return text
    .replace(/^[\s*_`>#\-–—•·|]+/u, '')
    .replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\s)+/u, '')
    .replace(/^(?:KR|O|Objective|Key result)\s*[-#.]?\s*\d*(?:\.\d+)*\s*[:.)\-–—]\s*/iu, '')
    .replace(/^[\s*_`]+/, '')
    .trim();
}

/** The first word(s) of a statement, lower case: the verb a KR or objective starts with. */
export function startsWithAny(text: string, phrases: readonly string[]): string | null {
  const m = leading(phrases)?.exec(statement(text));
  return m ? (phrases.find((p) => p.toLowerCase() === m[0].toLowerCase()) ?? m[0]) : null;
}

/** Compiled once per word list (the lists are rule options, the same array from one analysis to the next). */
const leadingCache = new WeakMap<readonly string[], RegExp | null>();
function leading(phrases: readonly string[]): RegExp | null {
  let re = leadingCache.get(phrases);
  if (re === undefined) {
    re = phrases.length === 0 ? null : new RegExp(`^(?:${alternation(phrases)})(?![\\p{L}\\d])`, 'iu');
    leadingCache.set(phrases, re);
  }
  return re;
}

function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      w
        .trim()
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\s+/g, '[\\s-]+'),
    )
    .join('|');
}

/** A regular expression matching any of the words or phrases as whole words. */
export function wordsPattern(words: readonly string[], whole = false): RegExp | null {
  const cache = whole ? wholeCache : anywhereCache;
  let re = cache.get(words);
  if (re === undefined) {
    re =
      words.length === 0
        ? null
        : whole
          ? new RegExp(`^@?(?:${alternation(words)})$`, 'iu')
          : new RegExp(`(?<![\\p{L}\\d])(?:${alternation(words)})(?![\\p{L}\\d])`, 'iu');
    cache.set(words, re);
  }
  return re;
}
const wholeCache = new WeakMap<readonly string[], RegExp | null>();
const anywhereCache = new WeakMap<readonly string[], RegExp | null>();

/** True when a field holds a number or a range (something a score can be computed from). */
export function isNumeric(field: QuantityField | null): boolean {
  return field !== null && (field.quantity.kind === 'number' || field.quantity.kind === 'range');
}

/** True when a KR has no number anywhere: not in its text and not in its baseline, target or current. */
export function hasNoNumbers(kr: KeyResult): boolean {
  return !/\d/.test(kr.text) && !isNumeric(kr.baseline) && !isNumeric(kr.target) && !isNumeric(kr.current);
}
