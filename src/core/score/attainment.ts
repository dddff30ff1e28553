import type { RagBands } from '../config/config';
import { convertValue, formatNumber, formatWithUnit, unitsCompatible, type Comparator, type Quantity, type Unit } from '../model/quantity';
import { columnFor } from '../model/aliases';
import type { KeyResult, Ladder } from '../model/schema';
import { dueDate, paceOf, type Pace, type QuarterClock } from './pace';
import { formatScore, RAG_LABELS, ragOf, type Rag } from './rag';

/** How a KR's score was found. */
export type ScoreMethod = 'explicit' | 'ladder' | 'comparison' | 'linear' | 'status';

export interface KrScore {
  /** 0–1, or null when the KR has no score yet or cannot be scored. */
  value: number | null;
  rag: Rag | null;
  method: ScoreMethod | null;
  /** `scored`; `not-started` when there is no current value; `unscorable` when the values do not allow a score. */
  state: 'scored' | 'not-started' | 'unscorable';
  /** Why there is no score, in words for a lens or hover. */
  reason: string | null;
  /** The arithmetic, e.g. `(24% − 18%) / (28% − 18%) = 0.60 → Amber`. */
  explanation: string;
  pace: Pace | null;
}

export interface ScoreContext {
  bands: RagBands;
  clock: QuarterClock | null;
  paceThreshold: number;
}

const DONE = /^(?:done|shipped|launched|live|complete(?:d)?|achieved|yes|met|delivered|released|ga|✅|✔️?|☑️?|concluído|entregue|sim)$/i;
const NOT_DONE = /^(?:no|not (?:done|shipped|launched|met|started)|missed|❌|não)$/i;

function scored(value: number, method: ScoreMethod, explanation: string, ctx: ScoreContext): KrScore {
  const v = Math.min(1, Math.max(0, value));
  const rag = ragOf(v, ctx.bands);
  return {
    value: v,
    rag,
    method,
    state: 'scored',
    reason: null,
    explanation: `${explanation} → ${RAG_LABELS[rag]}`,
    pace: ctx.clock ? paceOf(v, ctx.clock, ctx.paceThreshold) : null,
  };
}

function noScore(state: 'not-started' | 'unscorable', reason: string): KrScore {
  return { value: null, rag: null, method: null, state, reason, explanation: reason, pace: null };
}

interface Amount {
  value: number;
  unit: Unit | null;
  comparator: Comparator | null;
  signed: boolean;
}

function amount(q: Quantity | undefined): Amount | null {
  if (!q) return null;
  if (q.kind === 'number') return { value: q.value, unit: q.unit, comparator: q.comparator, signed: q.signed };
  if (q.kind === 'range') return { value: (q.low + q.high) / 2, unit: q.unit, comparator: null, signed: false };
  return null;
}

function isBlank(q: Quantity | undefined): boolean {
  return q === undefined || q.kind === 'empty';
}

function satisfies(c: number, cmp: Comparator, t: number): boolean {
  switch (cmp) {
    case '<':
      return c < t;
    case '<=':
      return c <= t;
    case '>':
      return c > t;
    case '>=':
      return c >= t;
  }
}

/**
 * Scores one KR (SPEC §3): an explicit Score wins; a KR without a current value
 * has no score yet; a ladder maps the current value to a score; a met
 * comparison target scores 1.0; otherwise linear attainment
 * `(current − baseline) / (target − baseline)`, clamped to 0–1, with direction
 * taken from target vs baseline.
 */
export function scoreKeyResult(kr: KeyResult, ctx: ScoreContext): KrScore {
  const s = scoreOf(kr, ctx);
  // Pace against the KR's own due date when it gives a clear one.
  if (s.value !== null && ctx.clock && kr.due) s.pace = paceOf(s.value, ctx.clock, ctx.paceThreshold, dueDate(kr.due, ctx.clock));
  return s;
}

function scoreOf(kr: KeyResult, ctx: ScoreContext): KrScore {
  if (kr.score && kr.score.value !== null) {
    return scored(kr.score.value, 'explicit', `Score ${kr.score.text} (${kr.score.via ? `stated in ${kr.score.via}` : 'explicit'})`, ctx);
  }
  const currentQ = kr.current?.quantity;
  if (isBlank(currentQ)) return noScore('not-started', 'not started: no current value yet');
  if (currentQ!.kind === 'placeholder') return noScore('unscorable', `current value is a placeholder (${currentQ!.raw})`);

  const targetQ = kr.target?.quantity;
  if (currentQ!.kind === 'text') {
    const c = currentQ!.raw;
    const t = targetQ && targetQ.kind === 'text' ? targetQ.raw : null;
    if (DONE.test(c) || (t !== null && c.toLowerCase() === t.toLowerCase())) return scored(1, 'status', `“${c}”: done`, ctx);
    if (NOT_DONE.test(c)) return scored(0, 'status', `“${c}”: not done`, ctx);
    return noScore('unscorable', `current value “${c}” is not a number`);
  }
  const current = amount(currentQ)!;

  if (kr.ladder) {
    const viaLadder = scoreByLadder(kr.ladder, current, targetQ);
    if (viaLadder) return scored(viaLadder.score, 'ladder', viaLadder.explanation, ctx);
  }

  if (isBlank(targetQ)) return noScore('unscorable', 'no target');
  if (targetQ!.kind === 'placeholder') return noScore('unscorable', `target is a placeholder (${targetQ!.raw})`);
  if (targetQ!.kind === 'text') {
    if (current.value >= 100 && current.unit?.dimension === 'percent') return scored(1, 'status', `${currentQ!.raw} of “${targetQ!.raw}”`, ctx);
    return noScore('unscorable', `target “${targetQ!.raw}” is not a number`);
  }
  const target = amount(targetQ)!;
  const baselineQ = kr.baseline?.quantity;
  const baseline = amount(baselineQ);

  // All arithmetic happens in the target's unit.
  const unit = target.unit ?? current.unit ?? baseline?.unit ?? null;
  if (!unitsCompatible(current.unit, unit)) return noScore('unscorable', `units differ: current in ${current.unit?.symbol}, target in ${unit?.symbol}`);
  if (baseline && !unitsCompatible(baseline.unit, unit) && !target.signed) {
    return noScore('unscorable', `units differ: baseline in ${baseline.unit?.symbol}, target in ${unit?.symbol}`);
  }
  const c = convertValue(current.value, current.unit, unit)!;
  let b = baseline ? convertValue(baseline.value, baseline.unit, unit) : null;
  let t = target.value;
  let targetText = targetQ!.raw;

  if (target.signed) {
    // `-20%`: a change relative to the baseline.
    if (!baseline) return noScore('unscorable', `the relative target ${targetText} needs a baseline`);
    const base = baseline.value;
    t = target.unit?.dimension === 'percent' ? base * (1 + target.value / 100) : base + target.value;
    b = base;
    targetText = `${formatWithUnit(t, baseline.unit)} (${targetText} from ${formatWithUnit(base, baseline.unit)})`;
    if (!unitsCompatible(current.unit, baseline.unit))
      return noScore('unscorable', `units differ: current in ${current.unit?.symbol}, baseline in ${baseline.unit?.symbol}`);
  }
  const fmt = (v: number): string => formatWithUnit(v, target.signed ? (baseline?.unit ?? null) : unit);
  const cText = fmt(c);

  if (target.comparator && !target.signed && satisfies(c, target.comparator, t)) {
    return scored(1, 'comparison', `${cText} meets ${targetText} = 1.00`, ctx);
  }
  let assumedBaseline = false;
  if (b === null) {
    const decreasing = target.comparator === '<' || target.comparator === '<=';
    if (!decreasing && t > 0 && c >= t) return scored(1, 'comparison', `${cText} meets ${targetText} (no baseline needed) = 1.00`, ctx);
    // An empty Baseline cell counts from 0, as the lens says; with no Baseline column at all there is nothing to count from.
    if (decreasing || t <= 0 || !hasBaselineColumn(kr)) return noScore('unscorable', 'no baseline to measure progress from');
    b = 0;
    assumedBaseline = true;
  }
  if (t === b) return noScore('unscorable', `target equals baseline (${fmt(t)})`);
  const raw = (c - b) / (t - b);
  const clamped = Math.min(1, Math.max(0, raw));
  const result = raw > 1 ? `${formatNumber(raw)}, capped at 1.00` : raw < 0 ? `${formatNumber(raw)}, floored at 0.00` : formatScore(raw);
  const assumed = assumedBaseline ? ' (no baseline: 0 assumed)' : '';
  const shown = `(${cText} − ${fmt(b)}) / (${fmt(t)} − ${fmt(b)}) = ${result}`;
  return scored(clamped, 'linear', `${shown}${assumed}`, ctx);
}

function hasBaselineColumn(kr: KeyResult): boolean {
  return kr.columns !== null && kr.columns.some((c) => columnFor(c) === 'baseline');
}

/** The ladder step the current value falls on, converted into the ladder's unit. */
function scoreByLadder(ladder: Ladder, current: Amount, targetQ: Quantity | undefined): { score: number; explanation: string } | null {
  const ladderUnit =
    ladder.steps.map((s) => (s.quantity.kind === 'number' || s.quantity.kind === 'range' ? s.quantity.unit : null)).find((u) => u) ??
    (targetQ && (targetQ.kind === 'number' || targetQ.kind === 'range') ? targetQ.unit : null) ??
    current.unit;
  const c = convertValue(current.value, current.unit, ladderUnit);
  if (c === null) return null;
  const distance = (q: Quantity): number => {
    if (q.kind === 'range') return c < q.low ? q.low - c : c > q.high ? c - q.high : 0;
    if (q.kind === 'number') {
      const v = q.value;
      if (q.comparator === null) return Math.abs(c - v);
      return satisfies(c, q.comparator, v) ? 0 : Math.abs(c - v);
    }
    return Number.POSITIVE_INFINITY;
  };
  let best = ladder.steps[0]!;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const step of ladder.steps) {
    const d = distance(step.quantity);
    if (d < bestDistance) {
      best = step;
      bestDistance = d;
    }
  }
  if (!Number.isFinite(bestDistance)) return null;
  const cText = formatWithUnit(c, ladderUnit);
  const how = bestDistance === 0 ? 'is on' : 'is nearest to';
  return { score: best.score, explanation: `${cText} ${how} the ladder step “${best.when}: ${best.score}” = ${formatScore(best.score)}` };
}
