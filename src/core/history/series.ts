import { convertValue, parseQuantity } from '../model/quantity';
import type { KeyResult } from '../model/schema';
import type { KrScore } from '../score/attainment';
import { paceOf, paceText, type QuarterClock } from '../score/pace';
import type { Analysis } from '../analyze';
import type { KrTrail, TrailPoint } from './trail';
import { mergeTrail, weeklyPoints, type WeeklyReport } from './weekly-points';

/**
 * A KR's or an objective's progress over the quarter, for the alignment tree's
 * chart: one point per version of the document (each commit, then the working
 * copy) and per weekly update of the team, with the quarter's dates for the expected-pace line and the target for
 * the value axis. Plain data: it goes to the webview in the tree message.
 */
export interface ProgressPoint {
  /** The day of the version (YYYY-MM-DD). */
  date: string;
  /** Short commit hash, or null for the working copy (and a weekly update). */
  commit: string | null;
  /** The weekly update the point comes from (its index key); absent for the document's own versions. */
  weekly?: string;
  score: number | null;
  /** The current value as a number in the target's unit, when it reads as one. */
  value: number | null;
  /** The current value as written. */
  text: string | null;
  confidence: number | null;
}

export interface ProgressSeries {
  /** The quarter's first and last days, and the KR's own due date: the expected-pace line runs from (start, 0) to (due ?? end, 1). */
  start: string | null;
  end: string | null;
  due: string | null;
  /** The target in numbers and as written (KRs only); null when it is not a number. */
  target: number | null;
  targetText: string | null;
  /** The pace today in words (`0.50 against 0.74 expected, −0.24`); null without a score or quarter. */
  pace: string | null;
  /** Days since the current value last changed, within the quarter (stale-kr's count); null without a value or quarter. */
  idle: number | null;
  points: ProgressPoint[];
}

const day = (iso: string): string => iso.slice(0, 10);

/** A number in `unit`'s terms for a value as written, or null (text, placeholders, other units). */
function numberIn(text: string | null, kr: KeyResult): number | null {
  if (text === null) return null;
  const q = parseQuantity(text);
  if (q.kind !== 'number' && q.kind !== 'range') return null;
  const v = q.kind === 'number' ? q.value : (q.low + q.high) / 2;
  const tq = kr.target?.quantity;
  const unit = tq && (tq.kind === 'number' || tq.kind === 'range') ? tq.unit : q.unit;
  return convertValue(v, q.unit, unit);
}

/** One point per day: the last version of a day stands for it, and a version of the document for a weekly update. */
function lastPerDay(points: ProgressPoint[]): ProgressPoint[] {
  const byDay = new Map<string, ProgressPoint>();
  for (const p of points) {
    const had = byDay.get(p.date);
    if (!p.weekly || !had || had.weekly) byDay.set(p.date, p);
  }
  return [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A KR's series from its check-in trail (oldest first) and its score today. */
export function krSeries(kr: KeyResult, trail: readonly TrailPoint[], score: KrScore, clock: QuarterClock | null): ProgressSeries {
  const tq = kr.target?.quantity;
  const target = tq && tq.kind === 'number' && !tq.signed ? tq.value : tq && tq.kind === 'range' ? (tq.low + tq.high) / 2 : null;
  const points = lastPerDay(
    trail.map((p) => ({
      date: day(p.date),
      commit: p.commit ? p.commit.slice(0, 7) : null,
      score: p.score,
      value: numberIn(p.current, kr),
      text: p.current,
      confidence: p.confidence,
      ...(p.weekly ? { weekly: p.weekly } : {}),
    })),
  );
  return {
    start: clock?.start ?? null,
    end: clock?.end ?? null,
    due: score.pace?.due ?? null,
    target,
    targetText: kr.target && kr.target.quantity.kind !== 'empty' ? kr.target.text : null,
    pace: score.pace && score.value !== null ? paceText(score.value, score.pace) : null,
    // Staleness as stale-kr counts it: from the document's own versions (an update only copies them).
    idle: clock
      ? idleDays(
          points.filter((p) => !p.weekly),
          clock,
        )
      : null,
    points,
  };
}

/**
 * An objective's series from its KRs' series: on each day any KR moved, the
 * weighted mean of the KRs' latest scores by then (KRs without a score yet left
 * out) and the mean of their latest confidences.
 */
export function objectiveSeries(
  krs: ReadonlyArray<{ series: ProgressSeries; weight: number }>,
  score: number | null,
  clock: QuarterClock | null,
): ProgressSeries {
  const days = [...new Set(krs.flatMap((k) => k.series.points.map((p) => p.date)))].sort();
  const latest = (s: ProgressSeries, date: string): ProgressPoint | null => {
    let found: ProgressPoint | null = null;
    for (const p of s.points) if (p.date <= date) found = p;
    return found;
  };
  const mean = (pairs: Array<[number, number]>): number | null => {
    const total = pairs.reduce((n, [, w]) => n + w, 0);
    return total > 0 ? pairs.reduce((n, [v, w]) => n + v * w, 0) / total : null;
  };
  const points = days.map((date) => {
    const at = krs.map((k) => ({ p: latest(k.series, date), w: k.weight }));
    const scores = at.flatMap(({ p, w }) => (p?.score != null ? [[p.score, w] as [number, number]] : []));
    const confidences = at.flatMap(({ p }) => (p?.confidence != null ? [[p.confidence, 1] as [number, number]] : []));
    return { date, commit: null, score: mean(scores), value: null, text: null, confidence: mean(confidences) };
  });
  const pace = score !== null && clock ? paceOf(score, clock, 0) : null;
  return {
    start: clock?.start ?? null,
    end: clock?.end ?? null,
    due: null,
    target: null,
    targetText: null,
    pace: pace && score !== null ? paceText(score, pace) : null,
    idle: null,
    points,
  };
}

/**
 * Days since the current value last changed, counted as stale-kr counts them:
 * from the later of that day and the quarter's start, to today or the
 * quarter's end. Null before the quarter or without a value.
 */
export function idleDays(points: readonly ProgressPoint[], clock: QuarterClock): number | null {
  if (clock.state === 'before' || points.length === 0 || points[points.length - 1]!.text === null) return null;
  let changed = points[0]!.date;
  for (let i = 1; i < points.length; i++) if (points[i]!.text !== points[i - 1]!.text) changed = points[i]!.date;
  const from = Math.max(Date.parse(`${changed}T00:00:00Z`), Date.parse(`${clock.start}T00:00:00Z`));
  const now = Math.min(Date.parse(`${clock.today}T00:00:00Z`), Date.parse(`${clock.end}T00:00:00Z`));
  return Math.max(0, Math.floor((now - from) / 86_400_000));
}

/** A node's series, placed as the alignment graph places nodes: by kind and 1-based line. */
export interface NodeSeries {
  kind: 'objective' | 'keyResult';
  line: number;
  series: ProgressSeries;
}

/**
 * The series of every objective and KR of an analysed document, from its
 * check-in trails (null without git history: each KR then has one point, the
 * working copy on the analysis's day) and its team's weekly updates (see
 * teamReports), merged by day as mergeTrail says.
 */
export function documentSeries(analysis: Analysis, trails: readonly KrTrail[] | null, today: Date, weekly: readonly WeeklyReport[] = []): NodeSeries[] {
  const { document: doc, scores } = analysis;
  const clock = scores.clock;
  const out: NodeSeries[] = [];
  const fromUpdates = weeklyPoints(
    doc.objectives.flatMap((o) => o.keyResults),
    weekly,
    clock?.today ?? today.toISOString().slice(0, 10),
  );
  for (const o of doc.objectives) {
    const krs: Array<{ series: ProgressSeries; weight: number }> = [];
    for (const kr of o.keyResults) {
      const s = scores.keyResult(kr);
      const own = trails?.find((t) => t.kr === kr)?.points ?? [
        {
          commit: null,
          date: clock?.today ?? today.toISOString(),
          current: kr.current && kr.current.quantity.kind !== 'empty' ? kr.current.text.trim() : null,
          confidence: kr.confidence?.value ?? null,
          score: s.value,
        },
      ];
      const trail = mergeTrail(own, fromUpdates.get(kr) ?? []);
      const series = krSeries(kr, trail, s, clock);
      const w = kr.weight?.quantity;
      krs.push({ series, weight: w && w.kind === 'number' && w.value > 0 ? w.value : 1 });
      out.push({ kind: 'keyResult', line: kr.textRange.start.line, series });
    }
    out.push({ kind: 'objective', line: o.titleRange.start.line, series: objectiveSeries(krs, scores.objective(o).value, clock) });
  }
  return out;
}
