import { resolveConfig, type LensConfig } from './config/config';
import { buildDocument, emptyDocument } from './read/index';
import { OkrDocumentSchema, type OkrDocument } from './model/schema';
import { parseMarkdown, type ChunkTrees, type ParsedMarkdown } from './parse/parse';
import { rules as allRules } from './rules/index';
import { internalFinding, runDocumentStep, settle, severityOf } from './rules/run';
import type { Finding, Rule } from './rules/types';

export { ruleOptions } from './rules/types';
import type { DocumentQuality, ObjectiveQuality } from './score/quality';
import { quarterClock } from './score/pace';
import { scoreDocument, type DocumentScores, type ObjectiveScores } from './score/rollup';
import { findSuppressions, type Suppressed, type Suppression } from './suppress';
import { checkLimits, LIMIT_RULE_ID, limitsFor } from './limits';
import { LineIndex, movedRange, type Range, type Severity } from './types';

export interface AnalyzeOptions {
  config?: LensConfig;
  /** The day pace is measured on. Default: now. */
  today?: Date;
  /** The rules to run. Default: every registered rule. */
  rules?: readonly Rule[];
  /**
   * What was learnt about the objectives of earlier versions of the same
   * document; analyze updates it. Only the editor's IncrementalAnalyzer passes one.
   */
  memory?: AnalysisMemory;
  /** The model builder. Default: `buildDocument`; tests substitute a failing one. */
  build?: typeof buildDocument;
  /** Parse trees of other versions of the same document to copy unchanged chunks from (the CLI's history reads). */
  chunkTrees?: ChunkTrees;
  /**
   * Whether to check the model against its schema, reporting a failure as an
   * internal finding. Default: true; the analyses of a document's old
   * versions, whose findings nobody reads, skip it.
   */
  validate?: boolean;
}

/**
 * What IncrementalAnalyzer keeps between versions of one document, by the
 * source text of each objective (from the start of its first line to the end
 * of its last): the model of the same text was valid, and its scores and the
 * findings of the objective-scoped rules (`Rule.granularity`) are the same,
 * moved by as many lines and characters as the objective moved.
 */
export interface AnalysisMemory {
  /** Objective texts whose model passed validation with confidence scale `scale`. */
  validated: Set<string>;
  scale: string | null;
  /** By objective text: what was computed with `context` (configuration, document kind, quarter's clock). */
  objectives: Map<string, ObjectiveMemo>;
  context: string;
}

interface ObjectiveMemo {
  /** Where the objective's text started when this was computed: 1-based line, 0-based offset. */
  line: number;
  offset: number;
  scores: ObjectiveScores;
  /** Findings of the objective-scoped rules, at that place. */
  findings: Finding[];
}

export function newAnalysisMemory(): AnalysisMemory {
  return { validated: new Set(), scale: null, objectives: new Map(), context: '' };
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
  /** The document's quality: its objectives' mean, less what findings outside every objective cost, once. */
  documentQuality: DocumentQuality;
  lines: LineIndex;
  /** How many independent chunks the text was parsed in. */
  chunks: number;
}

export { INTERNAL_RULE_ID } from './rules/run';

/**
 * Analyses one OKR document: text → mdast → model (validated with zod) →
 * scores → findings. Never throws on any input; an internal failure becomes a
 * finding that says so.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return limited(text, options) ?? analyzeParsed(parseMarkdown(text, undefined, options.chunkTrees), options);
}

/** The analysis of a text past an input limit: no model, one finding that says which limit and what to do. Null within the limits. */
export function limited(text: string, options: AnalyzeOptions = {}): Analysis | null {
  const config = options.config ?? resolveConfig();
  const hit = checkLimits(text, limitsFor(config));
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
    documentQuality: { score: null, lost: [] },
    lines,
    chunks: 0,
  };
}

/** The analysis of an already parsed text (`IncrementalAnalyzer` parses only what changed). */
export function analyzeParsed(parsed: ParsedMarkdown, options: AnalyzeOptions = {}): Analysis {
  const config = options.config ?? resolveConfig();
  const today = options.today ?? new Date();
  const lines = parsed.lines;
  const text = lines.text;
  const findings: Finding[] = [];
  const top: Range = lines.range(0, Math.min(text.length, lines.lineText(1).length));
  let document: OkrDocument;
  let unreadable = false;
  try {
    document = (options.build ?? buildDocument)(parsed, {
      fiscalYearStartMonth: config.fiscalYearStartMonth,
      confidenceScale: config.confidenceScale,
      reuseTables: options.memory !== undefined,
    });
  } catch (error) {
    document = emptyDocument(lines.lineCount);
    unreadable = true;
    findings.push(internalFinding(`reading the OKR model failed: ${error instanceof Error ? error.message : String(error)}`, top));
  }
  const memory = options.memory;
  // Each objective's source text, from the start of its first line: what the memory is keyed by. Null where an
  // objective reaches outside that text (KRs read from elsewhere), which is then never taken from memory.
  const sources = memory ? document.objectives.map((o) => objectiveSource(o, lines)) : [];

  // Objectives built from text already validated (same text, same confidence scale) are not validated again:
  // the model is a pure function of them. Both memories are keyed by the objective's text alone (hashed once per
  // version), and forget everything when what else they depend on changes.
  if (memory && memory.scale !== config.confidenceScale) {
    memory.validated.clear();
    memory.scale = config.confidenceScale;
  }
  const fresh = memory
    ? document.objectives.filter((_, i) => {
        const s = sources[i];
        return !s || !memory.validated.has(s.text);
      })
    : document.objectives;
  const valid =
    options.validate === false
      ? ({ success: true } as const)
      : OkrDocumentSchema.safeParse(fresh === document.objectives ? document : { ...document, objectives: fresh });
  if (!valid.success) {
    const issue = valid.error.issues[0];
    findings.push(internalFinding(`the model of this document failed validation at ${issue?.path.join('.') ?? '?'} (${issue?.message ?? 'unknown'})`, top));
  } else if (memory) {
    if (memory.validated.size > 20_000) memory.validated.clear();
    for (const s of sources) if (s) memory.validated.add(s.text);
  }

  // Scores and objective-scoped findings of unchanged objectives come from memory (only with the default rules:
  // the memory does not record which rules ran).
  const rules = options.rules ?? allRules;
  const remember = memory !== undefined && options.rules === undefined && valid.success;
  if (remember) {
    // Objective-scoped findings also depend on what the document is as a whole: a plan or a review, personal or not.
    const context = `${configKey(config)}\u0000${document.kind}\u0000${document.stance}\u0000${document.personal}\u0000${JSON.stringify(quarterClock(document.quarter, today))}`;
    if (memory.context !== context) {
      memory.objectives.clear();
      memory.context = context;
    }
  }
  const keys = sources.map((s) => (remember && s ? s.text : null));
  const known = keys.map((k) => (k === null ? undefined : memory!.objectives.get(k)));
  const scores = scoreDocument(document, config, today, (i) => known[i]?.scores);
  const suppressions = findSuppressions(parsed.root, lines);
  const run = (rule: Rule, severity: Severity, doc: OkrDocument, docScores: DocumentScores, into: Finding[]): boolean =>
    runDocumentStep(rule, severity, { document: doc, scores: docScores, config, suppressions }, into, findings, top);
  const scoped: Array<[Rule, Severity]> = [];
  for (const rule of rules) {
    if (!rule.document) continue;
    const severity = severityOf(rule, rule.id, config);
    if (severity === 'off') continue;
    if (remember && rule.granularity === 'objective') scoped.push([rule, severity]);
    else run(rule, severity, document, scores, findings);
  }
  if (remember) {
    const next = new Map<string, ObjectiveMemo>();
    document.objectives.forEach((objective, i) => {
      const source = sources[i];
      const key = keys[i];
      const earlier = known[i];
      if (earlier && source) {
        for (const f of earlier.findings) findings.push(movedFinding(f, source.line - earlier.line, source.offset - earlier.offset));
        next.set(key!, earlier);
        return;
      }
      const own: Finding[] = [];
      const single = { ...document, objectives: [objective] };
      const singleScores = scores.only(single.objectives);
      let ok = true;
      for (const [rule, severity] of scoped) ok = run(rule, severity, single, singleScores, own) && ok;
      for (const f of own) findings.push(f);
      // Remembered only when every finding lies in the objective's text, so that moving it with the text is right.
      if (!ok || key === null || !source) return;
      const inside = (r: Range): boolean => r.start.offset >= source.offset && r.end.offset <= source.offset + source.text.length;
      if (own.every((f) => inside(f.range) && f.related.every((r) => r.path === undefined && inside(r.range)) && (!f.suggestion || inside(f.suggestion.range))))
        next.set(key, { line: source.line, offset: source.offset, scores: scores.objective(objective), findings: own.map((f) => movedFinding(f, 0, 0)) });
    });
    memory!.objectives = next;
  }
  // When reading failed, the internal finding says so; "no objective could be read" would only repeat it.
  if (unreadable) for (let i = findings.length - 1; i >= 0; i--) if (findings[i]!.ruleId === 'doc-no-objectives') findings.splice(i, 1);
  const settled = settle(document, findings, suppressions, rules);
  return { document, scores, ...settled, suppressions, lines, chunks: parsed.chunks.length };
}

/**
 * An objective's source text from the start of its first line to the end of
 * its last, with where it starts; null when a KR of it lies outside that text.
 */
function objectiveSource(objective: OkrDocument['objectives'][number], lines: LineIndex): { text: string; line: number; offset: number } | null {
  const line = objective.range.start.line;
  const offset = lines.lineStart(line);
  const end = lines.lineEnd(Math.max(line, objective.endLine));
  for (const kr of objective.keyResults) if (kr.range.start.offset < offset || kr.range.end.offset > end) return null;
  return { text: lines.text.slice(offset, end), line, offset };
}

const configKeys = new WeakMap<LensConfig, string>();

function configKey(config: LensConfig): string {
  let key = configKeys.get(config);
  if (key === undefined) {
    key = JSON.stringify(config);
    configKeys.set(config, key);
  }
  return key;
}

/** A copy of a finding moved down by whole lines (columns hold). */
function movedFinding(f: Finding, lines: number, offset: number): Finding {
  const moved: Finding = {
    ...f,
    range: movedRange(f.range, lines, offset),
    related: f.related.map((r) => ({ ...r, range: movedRange(r.range, lines, offset) })),
  };
  if (f.suggestion) moved.suggestion = { ...f.suggestion, range: movedRange(f.suggestion.range, lines, offset) };
  return moved;
}
