import { z } from 'zod';
import type { Analysis } from '../analyze';
import { ruleDocsUrl } from '../rules/docs';
import { paceText } from '../score/pace';
import { round2 } from '../score/rag';
import { reportedValue, valueOrigins } from './origins';

/**
 * The JSON report of `okr-lens check --format json`, version 1. The schema is
 * the contract: the CLI validates its own output against it, and
 * `docs/schema/check-report.v1.schema.json` is generated from it.
 */
const Score = z.number().min(0).max(1).nullable().describe('0–1, rounded to two decimals; null when there is no score');
const RagEnum = z.enum(['red', 'amber', 'green', 'stretch']).nullable();
const Severity = z.enum(['error', 'warning', 'info']);

export const DiagnosticJsonSchema = z.object({
  ruleId: z.string(),
  docs: z.string().describe('URL of the rule docs page'),
  severity: Severity,
  message: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
});

export const KeyResultJsonSchema = z.object({
  id: z.string().nullable(),
  text: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  baseline: z.string().nullable().describe('the cell or field text as written; null when the KR has no such value (an empty cell, a dash, N/A)'),
  target: z.string().nullable(),
  current: z.string().nullable(),
  owner: z.string().nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  score: Score,
  rag: RagEnum,
  state: z.enum(['scored', 'not-started', 'unscorable']),
  pace: z.enum(['behind', 'on-pace', 'ahead']).nullable(),
  paceDetail: z
    .object({
      expected: z
        .number()
        .min(0)
        .max(1)
        .describe("progress expected by the report date: the elapsed fraction of the time to the due date (or the quarter's end)"),
      gap: z.number().min(-1).max(1).describe('score less expected, on the two-decimal values'),
      due: z.string().nullable().describe("the KR's own due date (YYYY-MM-DD) when it gives a clear one inside the quarter; null: the quarter's end"),
      ended: z.boolean().describe('the quarter is over: the score is final'),
      text: z.string().describe('in words: "0.50 against 0.74 expected, −0.24", "quarter ended, final 0.42"'),
    })
    .nullable()
    .describe('how the pace was measured; null when pace is'),
  explanation: z.string(),
  origins: z
    .array(
      z.object({
        field: z.enum(['baseline', 'target', 'current', 'owner', 'confidence', 'score']),
        text: z.string(),
        via: z.string().describe('where the value was read, in words: "the final grades at line 46", "the objective\'s owner"'),
        line: z.number().int().min(1),
      }),
    )
    .describe("values read from somewhere other than the KR's own row, bullet or heading"),
  reader: z.string().describe('the layout reader that read the KR (docs/formats/<reader>.md)'),
});

export const QualityJsonSchema = z
  .object({
    score: z.number().int().min(0).max(100),
    dimensions: z.array(
      z.object({
        id: z.enum(['ambition', 'measurability', 'alignment', 'outcome', 'ownership', 'time', 'independence']),
        label: z.string(),
        weight: z.number().int().min(0).max(100),
        score: z.number().min(0).max(1).describe('share of the dimension earned, 0–1'),
        lost: z.array(z.string()).describe('rule ids (or structural reasons) that cost points'),
      }),
    ),
  })
  .describe('the 0–100 quality score of SPEC §3, from the same findings');

export const ObjectiveJsonSchema = z.object({
  id: z.string().nullable(),
  title: z.string(),
  line: z.number().int().min(1),
  reader: z.string().describe('the layout reader that read the objective (docs/formats/<reader>.md)'),
  score: Score,
  rag: RagEnum,
  quality: QualityJsonSchema,
  keyResults: z.array(KeyResultJsonSchema),
});

export const SuppressionJsonSchema = z.object({
  kind: z.enum(['disable-next-line', 'disable-line', 'disable-file', 'disable', 'enable']),
  rules: z.array(z.string()).describe('rule ids named; empty means every rule'),
  reason: z.string().nullable(),
  line: z.number().int().min(1),
  suppressed: z.number().int().min(0).describe('how many findings this comment removed'),
});

export const FileJsonSchema = z.object({
  path: z.string(),
  kind: z.enum(['okr', 'weekly']),
  title: z.string().nullable(),
  quarter: z.string().nullable(),
  team: z.string().nullable(),
  score: Score,
  rag: RagEnum,
  health: z.object({
    verdict: z.enum(['healthy', 'sandbagging', 'unrealistic', 'low', 'high', 'unknown']),
    meanScore: Score,
    meanConfidence: Score,
    summary: z.string(),
  }),
  stance: z.enum(['plan', 'review']).describe('plan: a forward-looking plan; review: a document that looks back (graded, a retrospective, an archive)'),
  quality: z
    .object({
      score: z.number().int().min(0).max(100).nullable(),
      lost: z.array(z.object({ id: z.string(), label: z.string(), points: z.number().min(0), rules: z.array(z.string()) })),
    })
    .describe("the document's quality: its objectives' mean less, once per dimension, what findings outside every objective cost"),
  objectives: z.array(ObjectiveJsonSchema),
  diagnostics: z.array(DiagnosticJsonSchema),
  suppressions: z.array(SuppressionJsonSchema),
});

export const CheckReportSchema = z.object({
  version: z.literal(1),
  tool: z.object({ name: z.literal('okr-lens'), version: z.string() }),
  date: z.string().describe('the day pace was measured on (YYYY-MM-DD)'),
  files: z.array(FileJsonSchema),
  summary: z.object({
    files: z.number().int().min(0),
    errors: z.number().int().min(0),
    warnings: z.number().int().min(0),
    infos: z.number().int().min(0),
  }),
});

export type CheckReport = z.infer<typeof CheckReportSchema>;
export type FileJson = z.infer<typeof FileJsonSchema>;

const score = (v: number | null): number | null => (v === null ? null : round2(v));

/** One analysed file in the report's form. */
export function fileJson(path: string, analysis: Analysis): FileJson {
  const { document: doc, scores, findings } = analysis;
  return {
    path,
    kind: doc.kind,
    title: doc.title,
    quarter: doc.quarter?.label ?? null,
    team: doc.team,
    stance: doc.stance,
    quality: analysis.documentQuality,
    score: score(scores.document.value),
    rag: scores.document.rag,
    health: {
      verdict: scores.health.verdict,
      meanScore: score(scores.health.meanScore),
      meanConfidence: score(scores.health.meanConfidence),
      summary: scores.health.summary,
    },
    objectives: doc.objectives.map((o, i) => {
      const os = scores.objective(o);
      return {
        id: o.id,
        title: o.title,
        line: o.titleRange.start.line,
        reader: o.reader,
        score: score(os.value),
        rag: os.rag,
        quality: {
          score: analysis.quality[i]!.score,
          dimensions: analysis.quality[i]!.dimensions.map((d) => ({ id: d.id, label: d.label, weight: d.weight, score: round2(d.score), lost: d.lost })),
        },
        keyResults: o.keyResults.map((kr) => {
          const s = scores.keyResult(kr);
          return {
            id: kr.id,
            text: kr.text,
            line: kr.textRange.start.line,
            column: kr.textRange.start.column,
            baseline: reportedValue(kr.baseline),
            target: reportedValue(kr.target),
            current: reportedValue(kr.current),
            owner: reportedValue(kr.owner),
            confidence: kr.confidence?.value ?? null,
            score: score(s.value),
            rag: s.rag,
            state: s.state,
            pace: s.pace?.status ?? null,
            paceDetail:
              s.pace && s.value !== null
                ? { expected: round2(s.pace.expected), gap: s.pace.gap, due: s.pace.due, ended: s.pace.ended, text: paceText(s.value, s.pace) }
                : null,
            explanation: s.explanation,
            origins: valueOrigins(kr),
            reader: kr.reader,
          };
        }),
      };
    }),
    diagnostics: findings.map((f) => ({
      ruleId: f.ruleId,
      docs: ruleDocsUrl(f.ruleId),
      severity: f.severity,
      message: f.message,
      line: f.range.start.line,
      column: f.range.start.column,
      endLine: f.range.end.line,
      endColumn: f.range.end.column,
    })),
    suppressions: analysis.suppressions.map((s) => ({
      kind: s.kind,
      rules: s.rules,
      reason: s.reason,
      line: s.range.start.line,
      suppressed: analysis.suppressed.filter((x) => x.by === s).length,
    })),
  };
}

/** The whole report, validated against its schema before it leaves. */
export function checkReport(files: FileJson[], toolVersion: string, date: string): CheckReport {
  const all = files.flatMap((f) => f.diagnostics);
  const report: CheckReport = {
    version: 1,
    tool: { name: 'okr-lens', version: toolVersion },
    date,
    files,
    summary: {
      files: files.length,
      errors: all.filter((d) => d.severity === 'error').length,
      warnings: all.filter((d) => d.severity === 'warning').length,
      infos: all.filter((d) => d.severity === 'info').length,
    },
  };
  return CheckReportSchema.parse(report);
}

/** The JSON Schema of the report, for `docs/` and for consumers. */
export function checkReportJsonSchema(): unknown {
  return { title: 'okr-lens check report, version 1', ...z.toJSONSchema(CheckReportSchema) };
}
