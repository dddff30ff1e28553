import type { Analysis } from '../analyze';
import type { KrScore } from '../score/attainment';
import { formatGap, PACE_LABELS } from '../score/pace';
import { formatScore, RAG_LABELS, type Rag } from '../score/rag';
import type { RollupScore } from '../score/rollup';
import type { Severity } from '../types';

/** Optional ANSI styling; identity functions when colour is off. */
export interface Style {
  severity(s: Severity, text: string): string;
  rag(r: Rag | null, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const plainStyle: Style = { severity: (_s, t) => t, rag: (_r, t) => t, dim: (t) => t, bold: (t) => t };

export const ansiStyle: Style = {
  severity: (s, t) => `\x1b[${s === 'error' ? 31 : s === 'warning' ? 33 : 36}m${t}\x1b[39m`,
  rag: (r, t) => (r === null ? t : `\x1b[${r === 'red' ? 31 : r === 'amber' ? 33 : r === 'green' ? 32 : 35}m${t}\x1b[39m`),
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
};

/** `0.60 Amber`, or `no score`. */
export function scoreLabel(s: RollupScore | KrScore, style: Style = plainStyle): string {
  if (s.value === null || s.rag === null) return 'no score';
  return style.rag(s.rag, `${formatScore(s.value)} ${RAG_LABELS[s.rag]}`);
}

/**
 * A KR's score as a lens shows it: `0.60 · Amber · behind pace (0.74 expected, −0.14)`,
 * `0.42 · Red · quarter ended, final`, or `not started`.
 */
export function krScoreLabel(s: KrScore, style: Style = plainStyle): string {
  if (s.value === null || s.rag === null) return s.state === 'not-started' ? 'not started' : `no score: ${s.reason ?? 'unscorable'}`;
  const p = s.pace;
  const pace = !p
    ? ''
    : p.ended
      ? ' · quarter ended, final'
      : ` · ${PACE_LABELS[p.status]} (${formatScore(p.expected)} expected, ${formatGap(p.gap)}${p.due ? `; due ${p.due}` : ''})`;
  return `${style.rag(s.rag, `${formatScore(s.value)} · ${RAG_LABELS[s.rag]}`)}${pace}`;
}

/** `path:line:col severity rule-id message` lines, one per finding. */
export function diagnosticLines(path: string, analysis: Analysis, style: Style = plainStyle): string[] {
  return analysis.findings.flatMap((f) => [
    `${path}:${f.range.start.line}:${f.range.start.column} ${style.severity(f.severity, f.severity)} ${style.dim(f.ruleId)} ${f.message}`,
    // Places in other files (workspace rules) are worth a line: the reader has to go there. So are the places a
    // finding stands for (the KRs of one stale-kr, the objectives past the limit), which its message only counts.
    ...f.related
      .filter((r) => r.path !== undefined || f.related.length > 1)
      .map((r) => style.dim(`    ↳ ${r.path ?? path}:${r.range.start.line}:${r.range.start.column} ${r.message}`)),
  ]);
}

function plural(n: number, word: string): string {
  if (n === 1 || word === 'info') return `${n} ${word}`;
  return `${n} ${word.endsWith('y') ? `${word.slice(0, -1)}ie` : word}s`;
}

/** `3 errors, 5 warnings, 1 info` */
function findingCounts(findings: ReadonlyArray<{ severity: Severity }>): string {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}`;
}

/** `6 documents checked: 3 errors, 5 warnings, 1 info` */
export function totalsLine(documents: number, findings: ReadonlyArray<{ severity: Severity }>): string {
  return `${plural(documents, 'document')} checked: ${findingCounts(findings)}`;
}

/** One line that sums up a document: score, size, health and findings. */
export function summaryLine(path: string, analysis: Analysis, style: Style = plainStyle): string {
  const { document: doc, scores, findings } = analysis;
  const findingsText = findingCounts(findings);
  if (doc.kind === 'weekly') {
    const rows = doc.weeklyTables.reduce((n, t) => n + t.rows.length, 0);
    return `${path}: ${style.bold('weekly update')}${doc.date ? ` ${doc.date}` : ''} · ${plural(rows, 'metric row')} · ${plural(doc.priorities.length, 'priority')} · ${plural(doc.blockers.length, 'blocker')} · ${findingsText}`;
  }
  const krs = scores.objectives.flatMap((o) => o.keyResults);
  const by = (state: KrScore['state']): number => krs.filter((k) => k.state === state).length;
  const states = [
    `${by('scored')} scored`,
    by('not-started') ? `${by('not-started')} not started` : '',
    by('unscorable') ? `${by('unscorable')} unscorable` : '',
  ]
    .filter(Boolean)
    .join(', ');
  // Once the quarter is over the scores are final: nothing is behind pace any more.
  const behind = krs.filter((k) => k.pace?.status === 'behind' && !k.pace.ended).length;
  return [
    `${path}: ${style.bold(scores.document.value === null ? 'no score yet' : `score ${scoreLabel(scores.document, style)}`)}`,
    plural(doc.objectives.length, 'objective'),
    `${plural(krs.length, 'KR')}${krs.length ? ` (${states})` : ''}`,
    ...(behind ? [`${behind} behind pace`] : []),
    `health ${scores.health.verdict}`,
    findingsText,
  ].join(' · ');
}

/** The objectives and KRs of a document as a tree with scores and RAG (`okr-lens rollup`). */
export function rollupTree(path: string, analysis: Analysis, style: Style = plainStyle): string[] {
  const { document: doc, scores } = analysis;
  const title = doc.title ?? path;
  const head = doc.quarter && !title.includes(doc.quarter.label) ? `${title} (${doc.quarter.label})` : title;
  const lines = [`${style.bold(head)}  ${scoreLabel(scores.document, style)}  ${style.dim(path)}`];
  if (doc.kind === 'weekly') {
    lines.push(`└─ ${style.dim('weekly update: no objectives to roll up')}`);
    return lines;
  }
  doc.objectives.forEach((o, i) => {
    const os = scores.objective(o);
    const lastO = i === doc.objectives.length - 1;
    lines.push(`${lastO ? '└─' : '├─'} ${o.id ? `${o.id} ` : ''}${truncate(o.title, 70)}  ${scoreLabel(os, style)}`);
    const pad = lastO ? '   ' : '│  ';
    o.keyResults.forEach((kr, j) => {
      const s = scores.keyResult(kr);
      const lastK = j === o.keyResults.length - 1;
      const shown = (f: typeof kr.current): string | null => (f && f.quantity.kind !== 'empty' ? f.text : null);
      const values = [shown(kr.current) && `now ${shown(kr.current)}`, shown(kr.target) && `target ${shown(kr.target)}`].filter(Boolean).join(', ');
      lines.push(`${pad}${lastK ? '└─' : '├─'} ${truncate(kr.text, 60)}  ${krScoreLabel(s, style)}${values ? style.dim(`  (${values})`) : ''}`);
    });
    if (o.keyResults.length === 0) lines.push(`${pad}└─ ${style.dim('no key results')}`);
  });
  lines.push(style.dim(`   health: ${scores.health.summary}`));
  return lines;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * One line per objective: its quality out of 100 and the dimensions that lost
 * points; then, when findings outside every objective cost points, one line
 * for the whole document.
 */
export function qualityLines(analysis: Analysis, style: Style = plainStyle): string[] {
  const whole = analysis.documentQuality;
  const documentLine =
    whole.score !== null && whole.lost.length > 0
      ? [
          `  ${style.bold(`quality ${whole.score}/100`)}  whole document${style.dim(`  lost: ${whole.lost.map((l) => `${l.label} −${Math.round(l.points)} (${l.rules.join(', ')})`).join('; ')}`)}`,
        ]
      : [];
  return [...objectiveQualityLines(analysis, style), ...documentLine];
}

function objectiveQualityLines(analysis: Analysis, style: Style): string[] {
  return analysis.document.objectives.map((o, i) => {
    const q = analysis.quality[i]!;
    const lost = q.dimensions
      .filter((d) => d.score < 1)
      .map((d) => `${d.label} −${Math.round(d.weight * (1 - d.score))}${d.lost.length ? ` (${d.lost.join(', ')})` : ''}`);
    const name = `${o.id ? `${o.id} ` : ''}${truncate(o.title, 50)}`;
    return `  ${style.bold(`quality ${q.score}/100`)}  ${name}${lost.length ? style.dim(`  lost: ${lost.join('; ')}`) : ''}`;
  });
}

/** `path:line kind rules -- reason (n findings)`, one line per suppression comment. */
export function suppressionLines(path: string, analysis: Analysis): string[] {
  return analysis.suppressions.map((s) => {
    const n = analysis.suppressed.filter((x) => x.by === s).length;
    const rules = s.rules.length > 0 ? s.rules.join(' ') : '(all rules)';
    const used = s.kind === 'enable' ? '' : ` (${n === 1 ? '1 finding' : `${n} findings`} suppressed)`;
    return `${path}:${s.range.start.line} okr-lens-${s.kind} ${rules} -- ${s.reason ?? '(no reason given)'}${used}`;
  });
}
