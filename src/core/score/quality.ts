import type { Objective, OkrDocument } from '../model/schema';
import type { Finding, QualityDimension, Rule } from '../rules/types';

/** The seven dimensions of SPEC §3 with their weights (they sum to 100). */
export const QUALITY_DIMENSIONS: ReadonlyArray<{ id: QualityDimension; label: string; weight: number }> = [
  { id: 'ambition', label: 'Ambition', weight: 15 },
  { id: 'measurability', label: 'Measurability', weight: 20 },
  { id: 'alignment', label: 'Alignment', weight: 15 },
  { id: 'outcome', label: 'Outcome focus', weight: 20 },
  { id: 'ownership', label: 'Ownership', weight: 10 },
  { id: 'time', label: 'Time-bound', weight: 10 },
  { id: 'independence', label: 'Independence', weight: 10 },
];

/** Index of the objective whose section holds a line (objectives are in document order), or -1. */
function objectiveAt(objectives: readonly Objective[], line: number): number {
  let lo = 0;
  let hi = objectives.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (objectives[mid]!.range.start.line <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && line <= objectives[found]!.endLine ? found : -1;
}

export interface DimensionScore {
  id: QualityDimension;
  label: string;
  weight: number;
  /** 0–1: how much of the dimension the objective earns. */
  score: number;
  /** Why points were lost: rule ids, or a short reason for the structural checks. */
  lost: string[];
}

/** The 0–100 quality of one objective and how it was reached. */
export interface ObjectiveQuality {
  score: number;
  dimensions: DimensionScore[];
}

/** What the document as a whole lost: findings outside every objective's section, each dimension once. */
export interface DocumentQuality {
  /** The objectives' mean quality less what the document lost; null without objectives. */
  score: number | null;
  /** Each dimension with a document-level finding: the points it cost (half its weight) and the rules. */
  lost: Array<{ id: QualityDimension; label: string; points: number; rules: string[] }>;
}

/**
 * The quality score of each objective and of the document, from the same
 * findings the user sees. Each dimension of an objective is half the objective
 * itself and half its KRs (the share of KRs without a finding of that
 * dimension). Findings outside every objective's section (an undated
 * dependency) are the document's, counted once, not against each objective.
 * Alignment and Time-bound also read the model: an objective of a team
 * document that supports nothing, or a document with no quarter and KRs with
 * no due date, loses them.
 */
export function scoreQuality(
  doc: OkrDocument,
  findings: readonly Finding[],
  rules: readonly Rule[],
): { quality: ObjectiveQuality[]; documentQuality: DocumentQuality } {
  const dimensionOf = new Map(rules.map((r) => [r.id, r.dimension]));
  // Each finding belongs to the objective whose section holds its line, or to the document (-1).
  const owner = findings.map((f) => objectiveAt(doc.objectives, f.range.start.line));
  const quality = objectiveQuality(doc, findings, owner, dimensionOf);
  return { quality, documentQuality: documentQuality(findings, owner, dimensionOf, quality) };
}

function objectiveQuality(
  doc: OkrDocument,
  findings: readonly Finding[],
  owner: readonly number[],
  dimensionOf: ReadonlyMap<string, QualityDimension | null>,
): ObjectiveQuality[] {
  const topLevel = doc.definedIds.length > 0 || doc.team === null || /\b(?:company|org(?:ani[sz]ation)?|corporate|group|empresa)\b/i.test(doc.team);
  // The findings each objective answers for, in order (one pass, not one per objective).
  const byObjective: number[][] = doc.objectives.map(() => []);
  owner.forEach((o, i) => o >= 0 && byObjective[o]!.push(i));
  return doc.objectives.map((objective, index) => {
    const relevant = byObjective[index]!;
    const krLines = objective.keyResults.map((kr) => [kr.range.start.line, kr.range.end.line] as const);
    const flagged = new Map<QualityDimension, { objective: boolean; krs: Set<number>; lost: Set<string> }>();
    const slot = (d: QualityDimension) => {
      let s = flagged.get(d);
      if (!s) flagged.set(d, (s = { objective: false, krs: new Set(), lost: new Set() }));
      return s;
    };
    for (const i of relevant) {
      const f = findings[i]!;
      const d = dimensionOf.get(f.ruleId);
      if (!d) continue;
      const line = f.range.start.line;
      const s = slot(d);
      s.lost.add(f.ruleId);
      const kr = krLines.findIndex(([a, b]) => line >= a && line <= b);
      if (kr >= 0) s.krs.add(kr);
      else s.objective = true;
    }
    const aligned = objective.alignments.some((a) => a.refs.length > 0) || doc.alignments.some((a) => a.refs.length > 0);
    if (!aligned && !topLevel) {
      slot('alignment').objective = true;
      slot('alignment').lost.add('supports nothing');
    }
    if (doc.quarter === null) {
      const s = slot('time');
      objective.keyResults.forEach((kr, i) => kr.due === null && s.krs.add(i));
      s.objective = true;
      s.lost.add('no quarter in the title');
    }
    const n = objective.keyResults.length;
    const dimensions = QUALITY_DIMENSIONS.map(({ id, label, weight }) => {
      const s = flagged.get(id);
      const own = s?.objective ? 0 : 1;
      const krs = n === 0 ? own : 1 - (s?.krs.size ?? 0) / n;
      return { id, label, weight, score: (own + krs) / 2, lost: [...(s?.lost ?? [])] };
    });
    return { score: Math.round(dimensions.reduce((sum, d) => sum + d.weight * d.score, 0)), dimensions };
  });
}

/**
 * The document's quality: the mean of its objectives' less, once per
 * dimension, half that dimension's weight for findings that belong to no
 * objective (what an objective loses when the objective itself has one).
 */
function documentQuality(
  findings: readonly Finding[],
  owner: readonly number[],
  dimensionOf: ReadonlyMap<string, QualityDimension | null>,
  objectives: readonly ObjectiveQuality[],
): DocumentQuality {
  const byDimension = new Map<QualityDimension, Set<string>>();
  for (const [i, f] of findings.entries()) {
    const d = dimensionOf.get(f.ruleId);
    if (!d || owner[i]! >= 0) continue;
    let set = byDimension.get(d);
    if (!set) byDimension.set(d, (set = new Set()));
    set.add(f.ruleId);
  }
  const lost = QUALITY_DIMENSIONS.filter((d) => byDimension.has(d.id)).map((d) => ({
    id: d.id,
    label: d.label,
    points: d.weight / 2,
    rules: [...byDimension.get(d.id)!],
  }));
  if (objectives.length === 0) return { score: null, lost };
  const mean = objectives.reduce((sum, q) => sum + q.score, 0) / objectives.length;
  return { score: Math.max(0, Math.round(mean - lost.reduce((sum, l) => sum + l.points, 0))), lost };
}
