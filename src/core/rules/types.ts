import type { LensConfig } from '../config/config';
import type { KeyResult, Objective, OkrDocument } from '../model/schema';
import type { DocumentScores } from '../score/rollup';
import type { Range, Severity } from '../types';

/** A place elsewhere that a finding refers to. */
export interface RelatedInfo {
  message: string;
  range: Range;
}

/** One problem found in a document. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What is wrong and what to write instead. */
  message: string;
  range: Range;
  related: RelatedInfo[];
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
  report(report: Report): void;
}

/** A lint rule: metadata and a check that reports through the context. */
export interface Rule {
  id: string;
  /** One line: what the rule looks for. */
  description: string;
  defaultSeverity: Severity;
  tags: string[];
  check(context: RuleContext): void;
}

/** Every KR of a document with its objective. */
export function* keyResults(doc: OkrDocument): Generator<{ kr: KeyResult; objective: Objective }> {
  for (const objective of doc.objectives) for (const kr of objective.keyResults) yield { kr, objective };
}

/** A KR as people refer to it in messages: its id or its first words. */
export function krName(kr: KeyResult): string {
  const text = kr.text.length > 60 ? `${kr.text.slice(0, 57).trimEnd()}…` : kr.text;
  return kr.id && text ? `${kr.id} “${text}”` : kr.id ? kr.id : `“${text}”`;
}
