import type { KeyResult, QuantityField } from '../model/schema';

/**
 * Helpers shared by the wording rules. Word lists are rule options; these
 * functions only read text.
 */

/** The statement with leading ids, list markers, emoji and emphasis removed. */
export function statement(text: string): string {
  return text
    .replace(/^[\s*_`>#\-–—•·|]+/u, '')
    .replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\s)+/u, '')
    .replace(/^(?:KR|O|Objective|Key result)\s*[-#.]?\s*\d*(?:\.\d+)*\s*[:.)\-–—]\s*/iu, '')
    .replace(/^[\s*_`]+/, '')
    .trim();
}

/** The first word(s) of a statement, lower case: the verb a KR or objective starts with. */
export function startsWithAny(text: string, phrases: readonly string[]): string | null {
  const s = statement(text).toLowerCase();
  for (const phrase of phrases) {
    const p = phrase.toLowerCase();
    if (s.startsWith(p) && !/[\p{L}\d]/u.test(s.charAt(p.length))) return phrase;
  }
  return null;
}

/** A regular expression matching any of the words or phrases as whole words. */
export function wordsPattern(words: readonly string[], whole = false): RegExp | null {
  if (words.length === 0) return null;
  const alternatives = [...words].sort((a, b) => b.length - a.length).map((w) => w.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+'));
  if (whole) return new RegExp(`^@?(?:${alternatives.join('|')})$`, 'iu');
  return new RegExp(`(?<![\\p{L}\\d])(?:${alternatives.join('|')})(?![\\p{L}\\d])`, 'iu');
}

/** True when a field holds a number or a range (something a score can be computed from). */
export function isNumeric(field: QuantityField | null): boolean {
  return field !== null && (field.quantity.kind === 'number' || field.quantity.kind === 'range');
}

/** True when a KR has no number anywhere: not in its text and not in its baseline, target or current. */
export function hasNoNumbers(kr: KeyResult): boolean {
  return !/\d/.test(kr.text) && !isNumeric(kr.baseline) && !isNumeric(kr.target) && !isNumeric(kr.current);
}

/** Word list options are stored as given; this makes them read well in messages. */
export function quoteList(words: readonly string[], max = 4): string {
  const shown = words.slice(0, max).map((w) => `"${w}"`);
  return words.length > max ? `${shown.join(', ')}…` : shown.join(', ');
}
