import type { z } from 'zod';
import type { LensConfig } from '../config/config';
import type { KeyResult, Objective, OkrDocument } from '../model/schema';
import type { DocumentScores } from '../score/rollup';
import type { Suppression } from '../suppress';
import type { LockPoint } from '../history/goalposts';
import type { KrTrail } from '../history/trail';
import type { AlignmentFacts } from '../workspace/graph';
import type { Range, Severity } from '../types';

/** A place elsewhere that a finding refers to. */
export interface RelatedInfo {
  message: string;
  range: Range;
  /** The other document's index key, when the place is in another file. */
  path?: string;
}

/** One problem found in a document. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What is wrong and what to write instead. */
  message: string;
  range: Range;
  related: RelatedInfo[];
  /** A replacement the editor offers as a quick fix (a link's closest heading, an ID's closest match); never applied by fix-all. */
  suggestion?: Suggestion;
}

export interface Suggestion {
  title: string;
  range: Range;
  text: string;
}

export interface Report {
  message: string;
  range: Range;
  related?: RelatedInfo[];
  suggestion?: Suggestion;
}

/** What a rule's document step sees: one document, its scores and suppressions. */
export interface RuleContext {
  readonly document: OkrDocument;
  readonly scores: DocumentScores;
  readonly config: LensConfig;
  /** The document's inline `okr-lens-disable…` comments. */
  readonly suppressions: readonly Suppression[];
  report(this: void, report: Report): void;
}

/** A finding of a workspace step: in any document of the workspace, with places in others. */
export interface WorkspaceReport {
  message: string;
  range: Range;
  related: Array<{ message: string; range: Range; path: string }>;
  suggestion?: Suggestion;
}

/** What a rule's workspace step sees: the resolved alignment of every document. */
export interface WorkspaceRuleContext {
  readonly facts: AlignmentFacts;
  /** Reports a finding in the document with index key `key`. */
  report(this: void, key: string, report: WorkspaceReport): void;
}

/** What a rule's history step sees: the working copy and what git knows of its earlier versions. */
export interface HistoryRuleContext {
  readonly document: OkrDocument;
  readonly scores: DocumentScores;
  readonly config: LensConfig;
  readonly suppressions: readonly Suppression[];
  /** The day the check runs: pace and staleness are measured on it. */
  readonly today: Date;
  /** The quarter's lock and the document as it was there; null when there is none. */
  readonly lock: { point: LockPoint; locked: OkrDocument } | null;
  /** Each KR's check-in trail over the document's commits, ending with the working copy; null without committed history. */
  readonly trails: readonly KrTrail[] | null;
  /** Whether a finding of this rule at `range` would be suppressed by a comment of the document. */
  suppressed(this: void, range: Range): boolean;
  report(this: void, report: Report): void;
}

/**
 * The quality dimension (SPEC §3) a rule's findings count against, or null
 * when the rule does not judge the quality of an objective.
 */
export type QualityDimension = 'ambition' | 'measurability' | 'alignment' | 'outcome' | 'ownership' | 'time' | 'independence';

/**
 * A rule: its metadata and options, and the steps it checks in. A rule has
 * the steps it needs: `document` runs on each document alone, `workspace` on
 * the alignment of every document (links, levels, dependencies), `history` on
 * a document against its git history. Severity, options, suppressions and the
 * quality score are applied to every step's reports in one place
 * (rules/run.ts, report.ts).
 */
export interface Rule {
  id: string;
  /** One line: what the rule looks for. */
  description: string;
  defaultSeverity: Severity;
  tags: string[];
  dimension: QualityDimension | null;
  /**
   * `objective`: the rule's document findings about each objective depend only on that
   * objective (its text, KRs and fields), the document's kind, the
   * configuration and the quarter's clock, and checking a document that holds
   * only that objective reports exactly them. The IncrementalAnalyzer then
   * reuses them while the objective's text is unchanged. Leave it unset when a
   * finding compares objectives or looks at the document as a whole.
   */
  granularity?: 'objective';
  /**
   * The rule's options as a zod object whose every key has a default and a
   * description; an empty object for rules without options.
   */
  options: z.ZodObject;
  /** Checks one document, with options already validated against `options`. */
  document?(this: void, ctx: RuleContext, options: Readonly<Record<string, unknown>>): void;
  /**
   * Checks the workspace's alignment. Its findings may depend only on what
   * the graph resolves from the documents' shape (links, IDs, titles, levels,
   * teams, dependencies), not on scores: the graph carries them through
   * check-ins and keystrokes, moving them with the text.
   */
  workspace?(this: void, ctx: WorkspaceRuleContext, options: Readonly<Record<string, unknown>>): void;
  /** Checks a document against its git history (the lock commit, the check-in trail). */
  history?(this: void, ctx: HistoryRuleContext, options: Readonly<Record<string, unknown>>): void;
}

/** What a rule file declares: like `Rule`, with each step's options typed by the rule's schema. */
export type RuleDefinition<S extends z.ZodObject> = Omit<Rule, 'options' | 'document' | 'workspace' | 'history'> & {
  options: S;
  document?(this: void, ctx: RuleContext, options: z.output<S>): void;
  workspace?(this: void, ctx: WorkspaceRuleContext, options: z.output<S>): void;
  history?(this: void, ctx: HistoryRuleContext, options: z.output<S>): void;
};

/** Declares a rule; each step receives options typed by the rule's own schema. */
export function defineRule<S extends z.ZodObject>(definition: RuleDefinition<S>): Rule {
  return definition as unknown as Rule;
}

/** The steps a rule has, for its docs page and the engine. */
export function stepsOf(rule: Rule): Array<'document' | 'workspace' | 'history'> {
  return (['document', 'workspace', 'history'] as const).filter((step) => rule[step] !== undefined);
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

/** True when a rule is not turned off in the configuration. */
export function ruleEnabled(rule: Rule, config: LensConfig): boolean {
  return (config.rules[rule.id] ?? rule.defaultSeverity) !== 'off';
}

/** Every KR of a document with its objective. */
export function* keyResults(doc: OkrDocument): Generator<{ kr: KeyResult; objective: Objective }> {
  for (const objective of doc.objectives) for (const kr of objective.keyResults) yield { kr, objective };
}

/** Text as quoted in a message: at most 60 characters, cut with an ellipsis. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 3).trimEnd()}…` : text;
}

/** A KR as people refer to it in messages: its id or its first words. */
export function krName(kr: KeyResult): string {
  const text = clip(kr.text);
  return kr.id && text ? `${kr.id} “${text}”` : kr.id ? kr.id : `“${text}”`;
}

/** An objective as people refer to it in messages. */
export function objectiveName(objective: Objective): string {
  const t = clip(objective.title);
  return objective.id ? `${objective.id} “${t}”` : `“${t}”`;
}
