import type { z } from 'zod';
import type { LensConfig } from '../config/config';
import type { KeyResult, Objective, OkrDocument } from '../model/schema';
import type { DocumentScores } from '../score/rollup';
import type { Suppression } from '../suppress';
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
}

export interface RuleContext {
  readonly document: OkrDocument;
  readonly scores: DocumentScores;
  readonly config: LensConfig;
  /** The document's inline `okr-lens-disable…` comments. */
  readonly suppressions: readonly Suppression[];
  report(report: Report): void;
}

/**
 * The quality dimension (SPEC §3) a rule's findings count against, or null
 * when the rule does not judge the quality of an objective.
 */
export type QualityDimension = 'ambition' | 'measurability' | 'alignment' | 'outcome' | 'ownership' | 'time' | 'independence';

/** A lint rule: metadata, options and a check that reports through the context. */
export interface Rule {
  id: string;
  /** One line: what the rule looks for. */
  description: string;
  defaultSeverity: Severity;
  tags: string[];
  dimension: QualityDimension | null;
  /**
   * `workspace` rules need every document (alignment links, dependencies):
   * their per-document check does nothing and the workspace index reports them.
   * `history` rules need the document's git history (src/git) and are
   * reported where it is read: the CLI and the editor's runtime.
   */
  scope?: 'document' | 'workspace' | 'history';
  /**
   * `objective`: the rule's findings about each objective depend only on that
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
  /** Runs the rule with options already validated against `options`. */
  check(ctx: RuleContext, options: Readonly<Record<string, unknown>>): void;
}

/**
 * What a rule file declares: like `Rule`, with options typed by their schema.
 * A document rule has a check; a workspace or history rule has none here (the
 * workspace index, or the code that reads git, reports it).
 */
export type RuleDefinition<S extends z.ZodObject> = Omit<Rule, 'options' | 'check' | 'scope'> & { options: S } & (
    | { scope?: 'document'; check(this: void, ctx: RuleContext, options: z.output<S>): void }
    | { scope: 'workspace' | 'history'; check?: never }
  );

/** Declares a rule; the check receives options typed by the rule's own schema. */
export function defineRule<S extends z.ZodObject>(definition: RuleDefinition<S>): Rule {
  const check = definition.check;
  return { ...definition, check: check ? (ctx, options) => check(ctx, options as z.output<S>) : () => undefined };
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
