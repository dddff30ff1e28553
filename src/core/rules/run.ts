import type { LensConfig } from '../config/config';
import type { OkrDocument } from '../model/schema';
import { scoreQuality, type DocumentQuality, type ObjectiveQuality } from '../score/quality';
import { applySuppressions, suppressionFor, type Suppressed, type Suppression } from '../suppress';
import type { Range, Severity } from '../types';
import type { AlignmentFacts, WorkspaceFinding } from '../workspace/graph';
import { ruleOptions, type Finding, type HistoryRuleContext, type Report, type Rule, type RuleContext } from './types';

/**
 * Where every rule's reports become findings, whatever the step: the
 * configured severity (a rule set to `off` does not run), the rule's options,
 * failures of a rule turned into a finding that says so, the document's
 * suppression comments, and the quality score over what is left.
 */

/** Id of the finding reported when OKR Lens itself fails on a document. */
export const INTERNAL_RULE_ID = 'okr-lens-internal';

/** A finding that says OKR Lens could not analyse a document completely. */
export function internalFinding(what: string, range: Range): Finding {
  return {
    ruleId: INTERNAL_RULE_ID,
    severity: 'error',
    message: `OKR Lens could not analyse this document completely: ${what}. Please report this with the document.`,
    range,
    related: [],
  };
}

/** The severity a rule's findings get under a configuration; `off` when it is turned off. */
export function severityOf(rule: Rule | undefined, ruleId: string, config: LensConfig): Severity | 'off' {
  return config.rules[ruleId] ?? rule?.defaultSeverity ?? 'warning';
}

function findingOf(rule: Rule, severity: Severity, r: Report): Finding {
  return { ruleId: rule.id, severity, message: r.message, range: r.range, related: r.related ?? [], ...(r.suggestion ? { suggestion: r.suggestion } : {}) };
}

function failure(rule: Rule, error: unknown): string {
  return `rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Runs a rule's document step on `document` (the whole document, or one
 * objective of it for objective-scoped rules), adding its findings to `into`;
 * a failure adds an internal finding to `failures` instead. False when it failed.
 */
export function runDocumentStep(rule: Rule, severity: Severity, ctx: Omit<RuleContext, 'report'>, into: Finding[], failures: Finding[], top: Range): boolean {
  if (!rule.document) return true;
  try {
    rule.document({ ...ctx, report: (r) => into.push(findingOf(rule, severity, r)) }, ruleOptions(rule, ctx.config));
    return true;
  } catch (error) {
    failures.push(internalFinding(failure(rule, error), top));
    return false;
  }
}

/**
 * The workspace check the alignment graph runs once per build: every rule's
 * workspace step, with options from the workspace's configuration. Severity
 * is applied later, under each document's own configuration
 * (`workspaceFindings`), so every rule with a workspace step runs.
 */
export function workspaceCheck(config: LensConfig, rules: readonly Rule[]): (facts: AlignmentFacts) => Array<{ key: string; finding: WorkspaceFinding }> {
  return (facts) => {
    const out: Array<{ key: string; finding: WorkspaceFinding }> = [];
    for (const rule of rules) {
      if (!rule.workspace) continue;
      const mine: typeof out = [];
      try {
        rule.workspace({ facts, report: (key, r) => mine.push({ key, finding: { ruleId: rule.id, ...r } }) }, ruleOptions(rule, config));
        out.push(...mine);
      } catch (error) {
        const first = facts.docs[0];
        if (first)
          out.push({
            key: first.key,
            finding: {
              ...internalFinding(
                failure(rule, error),
                first.titleRange ?? { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
              ),
              related: [],
            },
          });
      }
    }
    return out;
  };
}

/** A document's workspace findings under its configuration: severity applied, rules turned off dropped, places in the document itself without a path. */
export function workspaceFindings(key: string, reports: readonly WorkspaceFinding[], config: LensConfig, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const r of reports) {
    const rule = rules.find((x) => x.id === r.ruleId);
    if (!rule && r.ruleId !== INTERNAL_RULE_ID) continue;
    const severity = rule ? severityOf(rule, r.ruleId, config) : 'error';
    if (severity === 'off') continue;
    findings.push({
      ruleId: r.ruleId,
      severity,
      message: r.message,
      range: r.range,
      related: r.related.map((p) => (p.path === key ? { message: p.message, range: p.range } : p)),
      ...(r.suggestion ? { suggestion: r.suggestion } : {}),
    });
  }
  return findings;
}

/** Runs every enabled rule's history step on a document. */
export function historyFindings(ctx: Omit<HistoryRuleContext, 'report' | 'suppressed'>, rules: readonly Rule[], top: Range): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!rule.history) continue;
    const severity = severityOf(rule, rule.id, ctx.config);
    if (severity === 'off') continue;
    const suppressed = (range: Range): boolean => suppressionFor({ ruleId: rule.id, severity, message: '', range, related: [] }, ctx.suppressions) !== null;
    try {
      rule.history({ ...ctx, suppressed, report: (r) => findings.push(findingOf(rule, severity, r)) }, ruleOptions(rule, ctx.config));
    } catch (error) {
      findings.push(internalFinding(failure(rule, error), top));
    }
  }
  return findings;
}

export interface Settled {
  /** Findings in position order, without the suppressed ones. */
  findings: Finding[];
  suppressed: Suppressed[];
  quality: ObjectiveQuality[];
  documentQuality: DocumentQuality;
}

/**
 * Findings as the user sees them: sorted by position, the suppressed ones set
 * apart, and the quality scored on the rest. `settled` holds findings already
 * settled for the same document (its own, when workspace and history findings
 * are added).
 */
export function settle(
  document: OkrDocument,
  findings: Finding[],
  suppressions: readonly Suppression[],
  rules: readonly Rule[],
  settled?: { findings: readonly Finding[]; suppressed: readonly Suppressed[] },
): Settled {
  findings.sort(byPosition);
  const { kept, suppressed } = applySuppressions(findings, suppressions);
  const all = settled ? [...settled.findings, ...kept].sort(byPosition) : kept;
  return { findings: all, suppressed: settled ? [...settled.suppressed, ...suppressed] : suppressed, ...scoreQuality(document, all, rules) };
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId);
}
