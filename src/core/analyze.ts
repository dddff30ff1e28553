import { resolveConfig, type LensConfig } from './config/config';
import { buildDocument, emptyDocument } from './model/build';
import { OkrDocumentSchema, type OkrDocument } from './model/schema';
import { parseMarkdown, type ParsedMarkdown } from './parse/parse';
import { rules as allRules } from './rules/index';
import type { Finding, Rule } from './rules/types';
import { scoreQuality, type ObjectiveQuality } from './score/quality';
import { scoreDocument, type DocumentScores } from './score/rollup';
import { applySuppressions, findSuppressions, type Suppressed, type Suppression } from './suppress';
import { checkLimits, DEFAULT_LIMITS, LIMIT_RULE_ID } from './limits';
import { LineIndex, type Range } from './types';

export interface AnalyzeOptions {
  config?: LensConfig;
  /** The day pace is measured on. Default: now. */
  today?: Date;
  /** The rules to run. Default: every registered rule. */
  rules?: readonly Rule[];
  /**
   * Source texts of objectives whose model was validated before; analyze adds
   * to it. Only the editor's IncrementalAnalyzer passes one.
   */
  validated?: Set<string>;
  /** The model builder. Default: `buildDocument`; tests substitute a failing one. */
  build?: typeof buildDocument;
}

/** Everything known about one version of one document: the single source every feature reads. */
export interface Analysis {
  document: OkrDocument;
  scores: DocumentScores;
  /** Findings sorted by position, without the suppressed ones. */
  findings: Finding[];
  /** Findings an inline comment suppressed, with the comment. */
  suppressed: Suppressed[];
  /** Every `okr-lens-disable…` comment of the document. */
  suppressions: Suppression[];
  /** The 0–100 quality of each objective, in document order. */
  quality: ObjectiveQuality[];
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
  return limited(text, options) ?? analyzeParsed(parseMarkdown(text), options);
}

/** The analysis of a text past an input limit: no model, one finding that says which limit and what to do. Null within the limits. */
export function limited(text: string, options: AnalyzeOptions = {}): Analysis | null {
  const config = options.config ?? resolveConfig();
  const hit = checkLimits(text, { ...DEFAULT_LIMITS, maxChars: config.maxDocumentKB * 1024 });
  if (!hit) return null;
  const lines = new LineIndex(text);
  const start = lines.lineStart(Math.min(hit.line, lines.lineCount));
  const document = emptyDocument(lines.lineCount);
  return {
    document,
    scores: scoreDocument(document, config, options.today ?? new Date()),
    findings: [{ ruleId: LIMIT_RULE_ID, severity: 'warning', message: hit.message, range: lines.range(start, Math.min(text.length, start + 1)), related: [] }],
    suppressed: [],
    suppressions: [],
    quality: [],
    lines,
    chunks: 0,
  };
}

/** The analysis of an already parsed text (`IncrementalAnalyzer` parses only what changed). */
export function analyzeParsed(parsed: ParsedMarkdown, options: AnalyzeOptions = {}): Analysis {
  const config = options.config ?? resolveConfig();
  const text = parsed.lines.text;
  const findings: Finding[] = [];
  const top: Range = parsed.lines.range(0, Math.min(text.length, parsed.lines.lineText(1).length));
  let document: OkrDocument;
  try {
    document = (options.build ?? buildDocument)(parsed, { fiscalYearStartMonth: config.fiscalYearStartMonth, confidenceScale: config.confidenceScale, reuseTables: options.validated !== undefined });
  } catch (error) {
    document = emptyDocument(parsed.lines.lineCount);
    findings.push(internal(`reading the OKR model failed: ${error instanceof Error ? error.message : String(error)}`, top));
  }
  // Objectives built from text already validated (same text, same confidence scale) are not validated again:
  // the model is a pure function of them. The editor's IncrementalAnalyzer passes that memory.
  const memory = options.validated;
  const keyOf = (o: OkrDocument['objectives'][number]): string => `${config.confidenceScale}\u0000${text.slice(o.range.start.offset, parsed.lines.lineEnd(o.endLine))}`;
  const fresh = memory ? document.objectives.filter((o) => !memory.has(keyOf(o))) : document.objectives;
  const valid = OkrDocumentSchema.safeParse(fresh === document.objectives ? document : { ...document, objectives: fresh });
  if (!valid.success) {
    const issue = valid.error.issues[0];
    findings.push(internal(`the model of this document failed validation at ${issue?.path.join('.') ?? '?'} (${issue?.message ?? 'unknown'})`, top));
  } else if (memory) {
    if (memory.size > 20_000) memory.clear();
    for (const o of fresh) memory.add(keyOf(o));
  }
  const scores = scoreDocument(document, config, options.today ?? new Date());
  const suppressions = findSuppressions(parsed.root, parsed.lines);
  const rules = options.rules ?? allRules;
  for (const rule of rules) {
    const severity = config.rules[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    try {
      rule.check(
        {
          document,
          scores,
          config,
          suppressions,
          report: (r) => findings.push({ ruleId: rule.id, severity, message: r.message, range: r.range, related: r.related ?? [] }),
        },
        ruleOptions(rule, config),
      );
    } catch (error) {
      findings.push(internal(`rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`, top));
    }
  }
  findings.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
  const { kept, suppressed } = applySuppressions(findings, suppressions);
  const quality = scoreQuality(document, kept, rules);
  return { document, scores, findings: kept, suppressed, suppressions, quality, lines: parsed.lines, chunks: parsed.chunks.length };
}

const defaults = new WeakMap<Rule, Record<string, unknown>>();

/** A rule's defaults overlaid with the configured options (already validated when the config was read). */
export function ruleOptions(rule: Rule, config: LensConfig): Record<string, unknown> {
  let base = defaults.get(rule);
  if (!base) {
    base = rule.options.parse({}) as Record<string, unknown>;
    defaults.set(rule, base);
  }
  const chosen = config.ruleOptions[rule.id];
  return chosen ? { ...base, ...chosen } : base;
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
