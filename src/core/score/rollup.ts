import type { LensConfig } from '../config/config';
import type { KeyResult, Objective, OkrDocument } from '../model/schema';
import { scoreKeyResult, type KrScore } from './attainment';
import { quarterClock, type QuarterClock } from './pace';
import { formatScore, RAG_LABELS, ragOf, type Rag } from './rag';

export interface RollupScore {
  value: number | null;
  rag: Rag | null;
  /** How the value was computed, e.g. `(0.94×2 + 0.15×1) / 3 = 0.68`. */
  explanation: string;
  /** How many children had a score. */
  scored: number;
  total: number;
}

export type HealthVerdict = 'healthy' | 'sandbagging' | 'unrealistic' | 'low' | 'high' | 'unknown';

/** Program health over all KRs of a document (SPEC §3). */
export interface ProgramHealth {
  verdict: HealthVerdict;
  /** Mean KR score, or null when no KR is scored. */
  meanScore: number | null;
  /** Mean planning confidence, or null when none is given. */
  meanConfidence: number | null;
  /** A sentence for a lens or report. */
  summary: string;
}

export interface ObjectiveScores extends RollupScore {
  keyResults: KrScore[];
}

/**
 * The scores of one document (`scoreDocument`): its overall score, program
 * health and quarter's clock, and the scores of each of its objectives and
 * KRs, reached from the model object itself with `objective()` and
 * `keyResult()`. The lookups know the objects of the document they were
 * scored from, and only those: an objective or KR of another document, or of
 * another version of the same text, gets an error, never another's score.
 */
export class DocumentScores {
  readonly #byObjective = new Map<Objective, ObjectiveScores>();
  readonly #byKeyResult = new Map<KeyResult, KrScore>();

  /**
   * `objectives[i]` is the scores of `model[i]`, its `keyResults[j]` the
   * score of `model[i].keyResults[j]`.
   */
  constructor(
    model: readonly Objective[],
    /** Each objective's scores, in document order: what the lookups read. */
    public objectives: ObjectiveScores[],
    public document: RollupScore,
    public health: ProgramHealth,
    public clock: QuarterClock | null,
  ) {
    model.forEach((o, i) => {
      const os = objectives[i]!;
      this.#byObjective.set(o, os);
      o.keyResults.forEach((kr, j) => this.#byKeyResult.set(kr, os.keyResults[j]!));
    });
  }

  /** The scores of an objective of this document; throws for any other objective. */
  objective(objective: Objective): ObjectiveScores {
    const found = this.#byObjective.get(objective);
    if (!found)
      throw new Error(`no scores for objective “${objective.title}” (line ${objective.titleRange.start.line}): it is not an objective of the document scored`);
    return found;
  }

  /** The score of a KR of this document; throws for any other KR. */
  keyResult(kr: KeyResult): KrScore {
    const found = this.#byKeyResult.get(kr);
    if (!found) throw new Error(`no score for KR “${kr.text}” (line ${kr.textRange.start.line}): it is not a KR of the document scored`);
    return found;
  }

  /** These scores, for a document of only some of these objectives (the objective-scoped rules see one at a time). */
  only(objectives: readonly Objective[]): DocumentScores {
    return new DocumentScores(
      objectives,
      objectives.map((o) => this.objective(o)),
      this.document,
      this.health,
      this.clock,
    );
  }
}

function krWeight(kr: KeyResult): number | null {
  const q = kr.weight?.quantity;
  return q && q.kind === 'number' && q.value > 0 ? q.value : null;
}

/**
 * An objective's score: the mean of its scored KRs, weighted by the Weight
 * column (a KR without a weight gets the mean of the given weights, or 1).
 */
export function scoreObjective(krs: KeyResult[], scores: KrScore[], config: LensConfig): RollupScore {
  const given = krs.map(krWeight).filter((w): w is number => w !== null);
  const fallback = given.length > 0 ? given.reduce((a, b) => a + b, 0) / given.length : 1;
  const parts: Array<{ score: number; weight: number }> = [];
  krs.forEach((kr, i) => {
    const v = scores[i]!.value;
    if (v !== null) parts.push({ score: v, weight: krWeight(kr) ?? fallback });
  });
  return rollup(parts, krs.length, config, given.length > 0);
}

function rollup(parts: Array<{ score: number; weight: number }>, total: number, config: LensConfig, weighted: boolean): RollupScore {
  if (parts.length === 0) {
    return { value: null, rag: null, explanation: total === 0 ? 'no key results' : 'no scored key results yet', scored: 0, total };
  }
  const weightSum = parts.reduce((a, p) => a + p.weight, 0);
  const value = parts.reduce((a, p) => a + p.score * p.weight, 0) / weightSum;
  const terms = parts.map((p) => (weighted ? `${formatScore(p.score)}×${trim(p.weight)}` : formatScore(p.score)));
  const rag = ragOf(value, config.ragBands);
  const explanation =
    parts.length === 1
      ? `${formatScore(value)} → ${RAG_LABELS[rag]}`
      : `(${terms.join(' + ')}) / ${trim(weightSum)} = ${formatScore(value)} → ${RAG_LABELS[rag]}`;
  return { value, rag, explanation, scored: parts.length, total };
}

function trim(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Program health: mean score 0.6–0.7 is healthy, above 0.9 sandbagging, below 0.4 unrealistic. */
export function programHealth(scores: KrScore[], confidences: Array<number | null>): ProgramHealth {
  const values = scores.map((s) => s.value).filter((v): v is number => v !== null);
  const confs = confidences.filter((c): c is number => c !== null);
  const meanScore = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  const meanConfidence = confs.length > 0 ? confs.reduce((a, b) => a + b, 0) / confs.length : null;
  if (meanConfidence !== null && meanConfidence > 0.9) {
    return { verdict: 'sandbagging', meanScore, meanConfidence, summary: `average confidence ${formatScore(meanConfidence)} > 0.9 reads as sandbagging` };
  }
  if (meanScore === null) {
    return { verdict: 'unknown', meanScore, meanConfidence, summary: 'no scored key results yet' };
  }
  const m = Math.round(meanScore * 100) / 100;
  const [verdict, words]: [HealthVerdict, string] =
    m > 0.9
      ? ['sandbagging', 'above 0.9 reads as sandbagging']
      : m >= 0.6 && m <= 0.7
        ? ['healthy', 'in the healthy 0.6–0.7 band']
        : m < 0.4
          ? ['unrealistic', 'below 0.4 reads as unrealistic']
          : m < 0.6
            ? ['low', 'below the healthy 0.6–0.7 band']
            : ['high', 'above the healthy 0.6–0.7 band'];
  return { verdict, meanScore, meanConfidence, summary: `mean KR score ${formatScore(meanScore)} ${words}` };
}

/**
 * Scores every KR and objective of a document, its overall score and program
 * health. `known` may supply an objective's scores computed earlier (the
 * IncrementalAnalyzer's memory); they must be what scoring it again would give.
 * Shared as they are between versions, they are looked up by this version's
 * model objects: `scores.keyResult(kr)` for a KR of `doc`.
 */
export function scoreDocument(doc: OkrDocument, config: LensConfig, today: Date, known?: (index: number) => ObjectiveScores | undefined): DocumentScores {
  const clock = quarterClock(doc.quarter, today);
  const ctx = { bands: config.ragBands, clock, paceThreshold: config.paceThreshold };
  const objectives: ObjectiveScores[] = doc.objectives.map((o, i) => {
    const earlier = known?.(i);
    if (earlier) return earlier;
    const keyResults = o.keyResults.map((kr) => scoreKeyResult(kr, ctx));
    return { ...scoreObjective(o.keyResults, keyResults, config), keyResults };
  });
  const parts = objectives.filter((o) => o.value !== null).map((o) => ({ score: o.value!, weight: 1 }));
  const document = rollup(parts, objectives.length, config, false);
  const allKrs = objectives.flatMap((o) => o.keyResults);
  const confidences = doc.objectives.flatMap((o) => o.keyResults.map((kr) => kr.confidence?.value ?? null));
  return new DocumentScores(doc.objectives, objectives, document, programHealth(allKrs, confidences), clock);
}
