import type { Analysis } from '../analyze';
import type { KeyResult, OkrDocument } from '../model/schema';
import { matchKeyResults } from './goalposts';

/**
 * The check-in trail: each KR's current value and confidence over
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
  /** The weekly update the point comes from (its index key); absent for the document's own versions. */
  weekly?: string;
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

/** Each KR's score in an analysis, by KR. */
export function scoresOf(analysis: Analysis): Map<KeyResult, number | null> {
  const map = new Map<KeyResult, number | null>();
  for (const o of analysis.document.objectives) for (const kr of o.keyResults) map.set(kr, analysis.scores.keyResult(kr).value);
  return map;
}

/** The committed versions of a document, following renames, oldest first (the newest 100), with the last commit's text. */
export interface Committed {
  versions: Version[];
  lastText: string | null;
}

/**
 * The committed versions, then the working copy when its text differs from the
 * last commit's. Either way the last version holds the working copy's own KR
 * objects, so trails can be looked up by the KRs of the analysis shown.
 */
export function withWorkingCopy(committed: Committed, working: Analysis, today: Date): Version[] {
  const last = committed.versions[committed.versions.length - 1];
  if (last && committed.lastText === working.lines.text)
    return [...committed.versions.slice(0, -1), { ...last, document: working.document, scores: scoresOf(working) }];
  return [...committed.versions, { commit: null, date: today.toISOString(), document: working.document, scores: scoresOf(working) }];
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
