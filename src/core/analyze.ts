import { resolveConfig, type LensConfig } from './config/config';
import { buildDocument, emptyDocument } from './model/build';
import { OkrDocumentSchema, type OkrDocument } from './model/schema';
import { parseMarkdown } from './parse/parse';
import { rules as allRules } from './rules/index';
import type { Finding, Rule } from './rules/types';
import { scoreDocument, type DocumentScores } from './score/rollup';
import type { LineIndex, Range } from './types';

export interface AnalyzeOptions {
  config?: LensConfig;
  /** The day pace is measured on. Default: now. */
  today?: Date;
  /** The rules to run. Default: every registered rule. */
  rules?: readonly Rule[];
  /** The model builder. Default: `buildDocument`; tests substitute a failing one. */
  build?: typeof buildDocument;
}

/** Everything known about one version of one document: the single source every feature reads. */
export interface Analysis {
  document: OkrDocument;
  scores: DocumentScores;
  /** Findings sorted by position. */
  findings: Finding[];
  lines: LineIndex;
  /** How many independent chunks the text was parsed in. */
  chunks: number;
}

/** Id of the finding reported when OKR Lens itself fails on a document. */
export const INTERNAL_RULE_ID = 'okr-lens-internal';

/**
 * Analyses one OKR document: text → mdast → model (validated with zod) →
 * scores → findings. Never throws on any input; an internal failure becomes a
 * finding that says so.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const config = options.config ?? resolveConfig();
  const parsed = parseMarkdown(text);
  const findings: Finding[] = [];
  const top: Range = parsed.lines.range(0, Math.min(text.length, parsed.lines.lineText(1).length));
  let document: OkrDocument;
  try {
    document = (options.build ?? buildDocument)(parsed, { fiscalYearStartMonth: config.fiscalYearStartMonth, confidenceScale: config.confidenceScale });
  } catch (error) {
    document = emptyDocument(parsed.lines.lineCount);
    findings.push(internal(`reading the OKR model failed: ${error instanceof Error ? error.message : String(error)}`, top));
  }
  const valid = OkrDocumentSchema.safeParse(document);
  if (!valid.success) {
    const issue = valid.error.issues[0];
    findings.push(internal(`the model of this document failed validation at ${issue?.path.join('.') ?? '?'} (${issue?.message ?? 'unknown'})`, top));
  }
  const scores = scoreDocument(document, config, options.today ?? new Date());
  for (const rule of options.rules ?? allRules) {
    const severity = config.rules[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    try {
      rule.check({
        document,
        scores,
        config,
        report: (r) => findings.push({ ruleId: rule.id, severity, message: r.message, range: r.range, related: r.related ?? [] }),
      });
    } catch (error) {
      findings.push(internal(`rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`, top));
    }
  }
  findings.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
  return { document, scores, findings, lines: parsed.lines, chunks: parsed.chunks.length };
}

function internal(what: string, range: Range): Finding {
  return {
    ruleId: INTERNAL_RULE_ID,
    severity: 'error',
    message: `OKR Lens could not analyse this document completely: ${what}. Please report this with the document.`,
    range,
    related: [],
  };
}
