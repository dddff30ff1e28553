import * as posix from './posix';

/** How the alignment graph and the workspace rules name and match documents, teams and headings. */

/** `foo bar` from `../x/Foo-Bar.okr.md`, for matching file names. */
export function baseWords(key: string): string {
  return posix.basename(key).replace(/\.md$/i, '').toLowerCase();
}

/** A team's name as compared: lower case, letters and digits only. */
export function teamKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

/** Word-overlap similarity of two slugs or titles, 0–1. */
function similarity(wa: ReadonlySet<string>, wb: ReadonlySet<string>): number {
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.max(wa.size, wb.size);
}

/** The item whose key shares the most words with `wanted`; a key may be given as its words already. */
export function closestBy<T>(items: readonly T[], key: (t: T) => string | ReadonlySet<string>, wanted: string, floor = 0.2): T | null {
  const wb = words(wanted);
  let best: T | null = null;
  let score = floor;
  for (const item of items) {
    const k = key(item);
    const s = similarity(typeof k === 'string' ? words(k) : k, wb);
    if (s > score) [best, score] = [item, s];
  }
  return best;
}

/** A title as quoted in a workspace finding or an explanation: at most `max` characters. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
