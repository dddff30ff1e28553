/**
 * A seeded pseudo-random sequence (a linear congruential generator), so that
 * generated documents and random edits are the same on every run; shared by
 * the tests and the benchmarks.
 */
export type Random = () => number;

/** Numbers in [0, 1), the same sequence for the same seed. */
export function random(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** An integer in [0, n). */
export const int = (r: Random, n: number): number => Math.floor(r() * n);

/** One of the items. */
export const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)]!;
