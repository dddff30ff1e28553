import type { Analysis } from '../analyze';
import { ruleDocsUrl } from '../rules/docs';
import { formatScore, RAG_LABELS, type Rag } from '../score/rag';
import type { Severity } from '../types';

export interface MarkdownFile {
  path: string;
  analysis: Analysis;
}

const RAG_EMOJI: Record<Rag, string> = { red: '🔴', amber: '🟡', green: '🟢', stretch: '🟣' };
const SEVERITY_LABEL: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** Text safe inside a Markdown table cell: pipes escaped, no line breaks, no raw HTML. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function score(value: number | null, rag: Rag | null): string {
  return value === null || rag === null ? '—' : `${RAG_EMOJI[rag]} ${formatScore(value)} ${RAG_LABELS[rag]}`;
}

function count(findings: ReadonlyArray<{ severity: Severity }>, s: Severity): number {
  return findings.filter((f) => f.severity === s).length;
}

/**
 * The check as a Markdown report to paste into a pull request: a summary
 * table, then per document the objectives with score and quality, and the
 * findings with links to the rule docs.
 */
export function markdownReport(files: MarkdownFile[]): string {
  const all = files.flatMap((f) => f.analysis.findings);
  const out: string[] = [];
  out.push(
    `## OKR Lens: ${files.length} document${files.length === 1 ? '' : 's'} · ${count(all, 'error')} errors · ${count(all, 'warning')} warnings · ${count(all, 'info')} info`,
  );
  out.push('');
  if (files.length === 0) {
    out.push('No OKR documents found.');
    return `${out.join('\n')}\n`;
  }
  out.push('| Document | Score | Health | Errors | Warnings | Info |', '|---|---|---|---:|---:|---:|');
  for (const { path, analysis } of files) {
    const { scores, findings, document } = analysis;
    const health = document.kind === 'weekly' ? 'weekly update' : scores.health.verdict;
    out.push(
      `| \`${cell(path)}\` | ${score(scores.document.value, scores.document.rag)} | ${health} | ${count(findings, 'error')} | ${count(findings, 'warning')} | ${count(findings, 'info')} |`,
    );
  }
  for (const { path, analysis } of files) {
    const { document, scores, findings, quality } = analysis;
    out.push('', `### \`${cell(path)}\``, '');
    if (document.title) out.push(`**${cell(document.title)}**${document.kind === 'okr' ? ` · ${cell(scores.health.summary)}` : ''}`, '');
    if (document.objectives.length > 0) {
      out.push('| Objective | Score | Quality | KRs |', '|---|---|---:|---:|');
      document.objectives.forEach((o, i) => {
        const os = scores.objective(o);
        out.push(`| ${cell(`${o.id ? `${o.id} ` : ''}${o.title}`)} | ${score(os.value, os.rag)} | ${quality[i]!.score}/100 | ${o.keyResults.length} |`);
      });
      out.push('');
    }
    if (findings.length === 0) {
      out.push('No findings.');
      continue;
    }
    out.push(`<details${count(findings, 'error') > 0 ? ' open' : ''}><summary>${findings.length} finding${findings.length === 1 ? '' : 's'}</summary>`, '');
    out.push('| Line | Severity | Rule | Message |', '|---:|---|---|---|');
    for (const f of findings)
      out.push(`| ${f.range.start.line} | ${SEVERITY_LABEL[f.severity]} | [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) | ${cell(f.message)} |`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}
