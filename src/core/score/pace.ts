import type { Field, Quarter } from '../model/schema';
import { formatScore, round2 } from './rag';

export type PaceStatus = 'behind' | 'on-pace' | 'ahead';

/** Where the calendar stands in a quarter. */
export interface QuarterClock {
  /** Fraction of the quarter elapsed (0–1), the progress expected by now. */
  elapsed: number;
  /** The day the clock was read, ISO. */
  today: string;
  state: 'before' | 'during' | 'after';
  /** The quarter's first and last days, ISO. */
  start: string;
  end: string;
}

export interface Pace {
  status: PaceStatus;
  /** Expected progress: the fraction of the time to the KR's due date (or the quarter's end) elapsed. */
  expected: number;
  /** The score less the expected progress, on the two-decimal values people see. */
  gap: number;
  /** The KR's own due date (ISO) when it gives a clear one inside the quarter; null: the quarter's end. */
  due: string | null;
  /** The quarter is over: the score is final. */
  ended: boolean;
}

const DAY_MS = 86_400_000;

/** Reads the quarter's clock on a day, or null when the quarter's dates are unknown. */
export function quarterClock(quarter: Quarter | null, today: Date): QuarterClock | null {
  if (!quarter?.start || !quarter.end) return null;
  return clockOf({ start: quarter.start, end: quarter.end }, today);
}

/** The clock of a quarter given by its first and last days (YYYY-MM-DD) on a day. */
export function clockOf(days: { start: string; end: string }, today: Date): QuarterClock {
  const start = Date.parse(`${days.start}T00:00:00Z`);
  const end = Date.parse(`${days.end}T00:00:00Z`) + DAY_MS;
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY_MS;
  const iso = new Date(now - DAY_MS).toISOString().slice(0, 10);
  const span = { start: days.start, end: days.end };
  if (now <= start) return { elapsed: 0, today: iso, state: 'before', ...span };
  if (now >= end) return { elapsed: 1, today: iso, state: 'after', ...span };
  return { elapsed: (now - start) / (end - start), today: iso, state: 'during', ...span };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const LEAD = '^(?:(?:by|before|until|due|due by|no later than)\\s+)?(?:the\\s+)?';
const TAIL = '\\s*[.!]?$';
const ISO = new RegExp(`${LEAD}(\\d{4})-(\\d{2})-(\\d{2})${TAIL}`, 'i');
const MONTH_DAY = new RegExp(`${LEAD}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s*(\\d{4}))?${TAIL}`, 'i');
const DAY_MONTH = new RegExp(`${LEAD}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s*(\\d{4}))?${TAIL}`, 'i');
const END_OF_MONTH = new RegExp(`${LEAD}end\\s+of\\s+${MONTH}(?:\\s+(\\d{4}))?${TAIL}`, 'i');
const WEEK = new RegExp(`${LEAD}(?:end\\s+of\\s+(?:the\\s+)?)?week\\s+(\\d{1,2})${TAIL}`, 'i');

function isoOf(year: number, month0: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month0, day));
  if (d.getUTCMonth() !== ((month0 % 12) + 12) % 12 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** A day in the quarter: with its year as written, or the quarter's year that puts it inside the quarter. */
function inQuarter(month0: number, day: number, yearText: string | undefined, clock: Pick<QuarterClock, 'start' | 'end'>): string | null {
  const years = yearText ? [Number(yearText)] : [...new Set([Number(clock.start.slice(0, 4)), Number(clock.end.slice(0, 4))])];
  for (const year of years) {
    const iso = isoOf(year, month0, day);
    if (iso && iso >= clock.start && iso <= clock.end) return iso;
  }
  return null;
}

/**
 * A KR's own due date, when its Due cell or field or a `by …` in its text names
 * a clear day inside the quarter: `2026-03-15`, `Mar 15`, `15 March 2026`,
 * `end of February`, `Week 9` (the ninth week of the quarter). Anything else
 * (`TBD`, `end of Q1`, a day outside the quarter) is null: the quarter's end
 * stands.
 */
export function dueDate(due: Pick<Field, 'text'> | null, clock: Pick<QuarterClock, 'start' | 'end'>): string | null {
  if (!due) return null;
  const text = due.text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  let m = ISO.exec(text);
  if (m) {
    const iso = isoOf(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return iso && iso >= clock.start && iso <= clock.end ? iso : null;
  }
  const month = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  if ((m = MONTH_DAY.exec(text))) return inQuarter(month(m[1]!), Number(m[2]), m[3], clock);
  if ((m = DAY_MONTH.exec(text))) return inQuarter(month(m[2]!), Number(m[1]), m[3], clock);
  if ((m = END_OF_MONTH.exec(text))) {
    const month0 = month(m[1]!);
    const years = m[2] ? [Number(m[2])] : [...new Set([Number(clock.start.slice(0, 4)), Number(clock.end.slice(0, 4))])];
    for (const year of years) {
      const iso = new Date(Date.UTC(year, month0 + 1, 0)).toISOString().slice(0, 10);
      if (iso >= clock.start && iso <= clock.end) return iso;
    }
    return null;
  }
  if ((m = WEEK.exec(text))) {
    const week = Number(m[1]);
    if (week < 1) return null;
    const iso = new Date(Date.parse(`${clock.start}T00:00:00Z`) + (7 * week - 1) * DAY_MS).toISOString().slice(0, 10);
    return iso <= clock.end ? iso : null;
  }
  return null;
}

/**
 * A KR is behind pace when its score trails the expected progress by more than
 * `threshold`, and ahead when it leads by more than that. Expected progress is
 * the elapsed fraction of the time from the quarter's start to the KR's due
 * date (`due`, ISO) or, without one, to the quarter's end.
 */
export function paceOf(score: number, clock: QuarterClock, threshold: number, due: string | null = null): Pace | null {
  if (clock.state === 'before') return null;
  let expected = clock.elapsed;
  if (due !== null && clock.state === 'during') {
    const start = Date.parse(`${clock.start}T00:00:00Z`);
    const span = Date.parse(`${due}T00:00:00Z`) + DAY_MS - start;
    const elapsed = Date.parse(`${clock.today}T00:00:00Z`) + DAY_MS - start;
    expected = Math.min(1, Math.max(0, elapsed / span));
  }
  const status: PaceStatus = score < expected - threshold ? 'behind' : score > expected + threshold ? 'ahead' : 'on-pace';
  return { status, expected, gap: round2(round2(score) - round2(expected)), due, ended: clock.state === 'after' };
}

export const PACE_LABELS: Record<PaceStatus, string> = { behind: 'behind pace', 'on-pace': 'on pace', ahead: 'ahead of pace' };

/** `+0.04`, `−0.24` (a true minus sign), `±0.00`. */
export function formatGap(gap: number): string {
  const v = round2(gap);
  if (v === 0) return '±0.00';
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
}

/**
 * The pace in words, with the gap: `0.50 against 0.74 expected, −0.24`,
 * `0.50 against 0.80 expected (due 2026-03-15), −0.30`; once the quarter is
 * over, `quarter ended, final 0.42`.
 */
export function paceText(score: number, pace: Pace): string {
  if (pace.ended) return `quarter ended, final ${formatScore(score)}`;
  const due = pace.due ? ` (due ${pace.due})` : '';
  return `${formatScore(score)} against ${formatScore(pace.expected)} expected${due}, ${formatGap(pace.gap)}`;
}
