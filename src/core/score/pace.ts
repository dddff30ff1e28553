import type { Quarter } from '../model/schema';

export type PaceStatus = 'behind' | 'on-pace' | 'ahead';

/** Where the calendar stands in a quarter. */
export interface QuarterClock {
  /** Fraction of the quarter elapsed (0–1), the progress expected by now. */
  elapsed: number;
  /** The day the clock was read, ISO. */
  today: string;
  state: 'before' | 'during' | 'after';
}

export interface Pace {
  status: PaceStatus;
  /** Expected progress: the fraction of the quarter elapsed. */
  expected: number;
}

const DAY_MS = 86_400_000;

/** Reads the quarter's clock on a day, or null when the quarter's dates are unknown. */
export function quarterClock(quarter: Quarter | null, today: Date): QuarterClock | null {
  if (!quarter?.start || !quarter.end) return null;
  const start = Date.parse(`${quarter.start}T00:00:00Z`);
  const end = Date.parse(`${quarter.end}T00:00:00Z`) + DAY_MS;
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY_MS;
  const iso = new Date(now - DAY_MS).toISOString().slice(0, 10);
  if (now <= start) return { elapsed: 0, today: iso, state: 'before' };
  if (now >= end) return { elapsed: 1, today: iso, state: 'after' };
  return { elapsed: (now - start) / (end - start), today: iso, state: 'during' };
}

/**
 * A KR is behind pace when its score trails the elapsed fraction of the quarter
 * by more than `threshold`, and ahead when it leads by more than that.
 */
export function paceOf(score: number, clock: QuarterClock, threshold: number): Pace | null {
  if (clock.state === 'before') return null;
  const expected = clock.elapsed;
  const status: PaceStatus = score < expected - threshold ? 'behind' : score > expected + threshold ? 'ahead' : 'on-pace';
  return { status, expected };
}

export const PACE_LABELS: Record<PaceStatus, string> = { behind: 'behind pace', 'on-pace': 'on pace', ahead: 'ahead of pace' };
