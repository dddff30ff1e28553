import type { Root } from 'mdast';
import type { Finding } from './rules/types';
import type { LineIndex, Range } from './types';

/** The reason text the editor's quick fix inserts; it counts as no reason until replaced. */
export const REASON_PLACEHOLDER = 'reason: why this is fine here';

export type SuppressionKind = 'disable-next-line' | 'disable-line' | 'disable-file' | 'disable' | 'enable';

/** One `<!-- okr-lens-disable… rule-id -- reason -->` comment. */
export interface Suppression {
  kind: SuppressionKind;
  /** The rule ids named; empty means every rule. */
  rules: string[];
  /** The text after ` -- `, or null when none was given. */
  reason: string | null;
  /** The comment itself. */
  range: Range;
}

/** A finding that a suppression removed. */
export interface Suppressed {
  finding: Finding;
  by: Suppression;
}

/** Findings that are never suppressed: the ones about suppressions and OKR Lens's own failures. */
const UNSUPPRESSIBLE = new Set(['suppression-without-reason', 'okr-lens-internal']);

const DIRECTIVE = /<!--\s*okr-lens-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])([\s\S]*?)-->/g;

/**
 * Every suppression comment of a document, read from the HTML nodes of its
 * mdast, so comments inside code blocks do not count.
 */
export function findSuppressions(root: Root, lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  if (!lines.text.includes('okr-lens-')) return out;
  const visit = (node: Root | Root['children'][number]): void => {
    if (node.type === 'html') {
      const base = node.position?.start.offset;
      if (base === undefined || !node.value.includes('okr-lens-')) return;
      for (const m of node.value.matchAll(DIRECTIVE)) {
        const body = m[2]!;
        const split = /(?:^|\s)--(?:\s|$)/.exec(body);
        const ids = (split ? body.slice(0, split.index) : body).split(/[\s,]+/).filter((s) => s !== '');
        const written = split ? body.slice(split.index + split[0].length).trim() : '';
        // The quick fix inserts a placeholder; it is no reason until someone replaces it.
        const reason = written === REASON_PLACEHOLDER ? '' : written;
        const start = base + m.index;
        out.push({ kind: m[1] as SuppressionKind, rules: ids, reason: reason === '' ? null : reason, range: lines.range(start, start + m[0].length) });
      }
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

function names(s: Suppression, ruleId: string): boolean {
  return s.rules.length === 0 || s.rules.includes(ruleId);
}

/** The suppression that removes a finding, or null when it stands. */
export function suppressionFor(finding: Finding, suppressions: readonly Suppression[]): Suppression | null {
  if (UNSUPPRESSIBLE.has(finding.ruleId)) return null;
  const line = finding.range.start.line;
  let region: Suppression | null = null;
  for (const s of suppressions) {
    if (!names(s, finding.ruleId)) continue;
    switch (s.kind) {
      case 'disable-file':
        return s;
      case 'disable-line':
        if (s.range.start.line <= line && line <= s.range.end.line) return s;
        break;
      case 'disable-next-line':
        if (line === s.range.end.line + 1) return s;
        break;
      case 'disable':
        if (s.range.start.line <= line) region = s;
        break;
      case 'enable':
        if (s.range.start.line <= line) region = null;
        break;
    }
  }
  return region;
}

/** Splits findings into those that stand and those a suppression removed. */
export function applySuppressions(findings: Finding[], suppressions: readonly Suppression[]): { kept: Finding[]; suppressed: Suppressed[] } {
  if (suppressions.length === 0) return { kept: findings, suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const finding of findings) {
    const by = suppressionFor(finding, suppressions);
    if (by) suppressed.push({ finding, by });
    else kept.push(finding);
  }
  return { kept, suppressed };
}
