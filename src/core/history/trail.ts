import type { Analysis } from '../analyze';
import type { LensConfig } from '../config/config';
import type { KeyResult, OkrDocument } from '../model/schema';
import { clip, type Finding } from '../rules/types';
import { applySuppressions, type Suppressed } from '../suppress';
import { matchKeyResults } from './goalposts';

/**
 * The check-in trail (issue 6): each KR's current value and confidence over
 * the document's commits, oldest first, ending with the working copy. KRs are
 * followed across versions as moving-goalposts follows them (id or similar
 * text), so a reworded KR keeps its trail.
 */
export interface TrailPoint {
  /** Commit hash, or null for the working copy. */
  commit: string | null;
  /** ISO date of the commit (the day checked, for the working copy). */
  date: string;
  current: string | null;
  confidence: number | null;
  score: number | null;
}

export interface KrTrail {
  kr: KeyResult;
  points: TrailPoint[];
}

export interface Version {
  commit: string | null;
  date: string;
  document: OkrDocument;
  /** Each KR's score in this version, by KR. */
  scores: Map<KeyResult, number | null>;
}

/** Trails of the last version's KRs through every version (oldest first). */
export function krTrails(versions: Version[]): KrTrail[] {
  if (versions.length === 0) return [];
  const last = versions[versions.length - 1]!;
  // Walk back from the last version, following each KR to its earlier self.
  let follow = new Map<KeyResult, KeyResult>(last.document.objectives.flatMap((o) => o.keyResults.map((kr) => [kr, kr] as const)));
  const trails = new Map<KeyResult, TrailPoint[]>([...follow.keys()].map((kr) => [kr, []]));
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (i < versions.length - 1) {
      const later = versions[i + 1]!.document;
      const pairs = matchKeyResults(v.document, later);
      const earlier = new Map(pairs.map((p) => [p.now, p.then]));
      const next = new Map<KeyResult, KeyResult>();
      for (const [origin, at] of follow) {
        const then = earlier.get(at);
        if (then) next.set(origin, then);
      }
      follow = next;
    }
    for (const [origin, at] of follow) {
      const current = at.current && at.current.quantity.kind !== 'empty' ? at.current.text.trim() : null;
      trails.get(origin)!.unshift({ commit: v.commit, date: v.date, current, confidence: at.confidence?.value ?? null, score: v.scores.get(at) ?? null });
    }
  }
  return [...trails.entries()].map(([kr, points]) => ({ kr, points }));
}

const DAY = 86_400_000;

/**
 * `stale-kr`: a KR whose current value has not changed for more than
 * `days` (21) days within the quarter. The quarter's days before the first
 * value count too: a KR never updated since the plan is stale after three weeks.
 * Reported once per objective: on the KR's current value when it is the
 * objective's only stale KR, else on the objective's title with each KR in the
 * related information; once on the document's title when no KR of it changed
 * and the stale KRs span several objectives. A suppression on a KR's line takes
 * that KR out.
 */
export function staleFindings(analysis: Analysis, trails: KrTrail[], today: Date, config: LensConfig, days = 21): { kept: Finding[]; suppressed: Suppressed[] } {
  const severity = config.rules['stale-kr'] ?? 'info';
  const doc = analysis.document;
  const quarter = doc.quarter;
  if (severity === 'off' || !quarter?.start || !quarter.end) return { kept: [], suppressed: [] };
  const start = Date.parse(`${quarter.start}T00:00:00Z`);
  const end = Date.parse(`${quarter.end}T23:59:59Z`);
  const now = Math.min(today.getTime(), end);
  if (now < start) return { kept: [], suppressed: [] };
  const perKr: Finding[] = [];
  const staleness = new Map<Finding, { kr: KeyResult; idle: number; since: string }>();
  let tracked = 0;
  for (const { kr, points } of trails) {
    if (!kr.current || points.length === 0) continue;
    tracked++;
    // The last point at which the current value differs from the one before it.
    let changed = Date.parse(points[0]!.date);
    for (let i = 1; i < points.length; i++) if (points[i]!.current !== points[i - 1]!.current) changed = Date.parse(points[i]!.date);
    const from = Math.max(changed, start);
    const idle = Math.floor((now - from) / DAY);
    if (idle <= days) continue;
    const since = new Date(from).toISOString().slice(0, 10);
    const value = kr.current.text.trim();
    const finding: Finding = {
      ruleId: 'stale-kr',
      severity,
      message: `No check-in for ${idle} days (${value ? `${value} ` : 'no value '}since ${since}): write a fresh current value, or say why it cannot move.`,
      range: kr.current.range,
      related: [],
    };
    perKr.push(finding);
    staleness.set(finding, { kr, idle, since });
  }
  const { kept, suppressed } = applySuppressions(perKr, analysis.suppressions);
  if (kept.length <= 1) return { kept, suppressed };
  const groups = doc.objectives.map((o) => ({ objective: o, findings: kept.filter((f) => o.keyResults.includes(staleness.get(f)!.kr)) })).filter((g) => g.findings.length > 0);
  const grouped = (findings: Finding[], range: Finding['range'], what: string): Finding => {
    const facts = findings.map((f) => staleness.get(f)!);
    const sinces = new Set(facts.map((f) => f.since));
    const idle = Math.min(...facts.map((f) => f.idle));
    return {
      ruleId: 'stale-kr',
      severity,
      message: `No check-in for ${idle} days${sinces.size === 1 ? ` (since ${[...sinces][0]!})` : ' or more'}: write fresh current values for ${what}, or say why they cannot move.`,
      range,
      related: facts.map((f) => ({ message: `“${clip(f.kr.text)}”: ${f.kr.current!.text.trim() || 'no value'} since ${f.since}`, range: f.kr.current!.range })),
    };
  };
  const everyKr = suppressed.length === 0 && kept.length === tracked && groups.length > 1;
  const findings = everyKr
    ? [grouped(kept, doc.titleRange ?? groups[0]!.objective.titleRange, `all ${kept.length} KRs`)]
    : groups.map((g) => (g.findings.length === 1 ? g.findings[0]! : grouped(g.findings, g.objective.titleRange, `these ${g.findings.length} KRs`)));
  const again = applySuppressions(findings, analysis.suppressions);
  return { kept: again.kept, suppressed: [...suppressed, ...again.suppressed] };
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of scores from 0 to 1, one bar per point (`▁` at 0, `█` at 1 or
 * more); `·` for a point without a score. At most the last `max` points.
 */
export function sparkline(scores: ReadonlyArray<number | null>, max = 24): string {
  return scores
    .slice(-max)
    .map((s) => (s === null || !Number.isFinite(s) ? '·' : BARS[Math.round(Math.min(1, Math.max(0, s)) * (BARS.length - 1))]!))
    .join('');
}

/**
 * The check-in trail in one line for a hover: the sparkline of the scores,
 * then the current values as they changed (repeats folded), the number of
 * versions and the confidence when it moved.
 */
export function trailLine(points: readonly TrailPoint[]): string | null {
  if (points.length === 0) return null;
  const values: string[] = [];
  for (const p of points) {
    const v = p.current ?? '—';
    if (values[values.length - 1] !== v) values.push(v);
  }
  const shown = values.length > 6 ? ['…', ...values.slice(-5)] : values;
  const commits = points.filter((p) => p.commit !== null).length;
  const working = points.some((p) => p.commit === null);
  const confidences = points.map((p) => p.confidence).filter((c): c is number => c !== null);
  const first = confidences[0];
  const last = confidences[confidences.length - 1];
  const confidence = first !== undefined && last !== undefined && first !== last ? ` · confidence ${first} → ${last}` : '';
  return `${sparkline(points.map((p) => p.score))}  ${shown.join(' → ')}  (${commits} commit${commits === 1 ? '' : 's'}${working ? ' and the working copy' : ''})${confidence}`;
}
