import * as vscode from 'vscode';
import type { Analysis, KrTrail } from '../core/index';
import { runtime, type LazyEngine as Engine } from './lazy';
import { lineOf } from './convert';

/** Hovers that show the arithmetic behind a score (the line's findings are VS Code's diagnostics, shown once, in the same hover). */
export function registerHover(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(
      { language: 'markdown' },
      {
        provideHover(document, position) {
          // Quality as the lens and okr-lens check give it: workspace and git-aware findings included.
          const analysis = engine.reportOf(document);
          if (!analysis) return null;
          const chart = (kind: 'objective' | 'keyResult', line: number): string | null => engine.workspace.nodeAt(document.uri, kind, line)?.id ?? null;
          const md = hoverText(analysis, lineOf(position), engine.historyTrails(document), chart);
          return md ? new vscode.Hover(md) : null;
        },
      },
    ),
  );
}

/**
 * The hover for a 1-based line: a KR, an objective title or the H1; null
 * elsewhere (a finding on another line shows in VS Code's own diagnostics hover). A KR's hover ends with its check-in trail from git when known.
 */
function hoverText(
  analysis: Analysis,
  line: number,
  trails: readonly KrTrail[] | null,
  /** The alignment tree's node id of an objective or KR, for a link to its progress chart. */
  chart: (kind: 'objective' | 'keyResult', line: number) => string | null,
): vscode.MarkdownString | null {
  const { formatScore, PACE_LABELS, paceText, RAG_LABELS, krScoreLabel, trailLine, valueOrigins } = runtime();
  const { document: doc, scores, quality } = analysis;
  const md = new vscode.MarkdownString();
  md.supportThemeIcons = true;
  const esc = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
  let found = false;
  const chartLink = (id: string | null): void => {
    if (id === null) return;
    md.isTrusted = { enabledCommands: ['okrLens.showAlignmentTree'] };
    const args = encodeURIComponent(JSON.stringify([id]));
    md.appendMarkdown(
      `\n[$(graph-line) Progress chart](command:okrLens.showAlignmentTree?${args} "Score, value and confidence over the quarter, in the alignment tree")\n`,
    );
  };
  doc.objectives.forEach((o, i) => {
    const os = scores.objective(o);
    if (o.titleRange.start.line === line) {
      found = true;
      md.appendMarkdown(`**Objective** ${esc(o.title)}\n\n`);
      md.appendMarkdown(`Score: ${os.value === null ? 'no score yet' : `${formatScore(os.value)} · ${RAG_LABELS[os.rag!]}`}  \n`);
      md.appendCodeblock(os.explanation, 'text');
      const q = quality[i]!;
      md.appendMarkdown(`\nQuality **${q.score}/100**: ${q.dimensions.map((d) => `${d.label} ${Math.round(d.weight * d.score)}/${d.weight}`).join(' · ')}\n`);
      chartLink(chart('objective', o.titleRange.start.line));
    }
    o.keyResults.forEach((kr) => {
      if (line < kr.range.start.line || line > kr.range.end.line) return;
      found = true;
      const s = scores.keyResult(kr);
      md.appendMarkdown(`**${kr.id ? `${esc(kr.id)} ` : ''}${esc(kr.text)}** — ${esc(krScoreLabel(s))}\n\n`);
      md.appendCodeblock(s.explanation, 'text');
      if (kr.ladder) md.appendMarkdown(`\nLadder: ${kr.ladder.steps.map((st) => `${esc(st.when)} → ${st.score}`).join('; ')}  \n`);
      const facts = [
        kr.confidence ? `Confidence: ${kr.confidence.value ?? esc(kr.confidence.text)}` : 'Confidence: not stated',
        s.pace && s.value !== null ? `Pace: ${s.pace.ended ? '' : `${PACE_LABELS[s.pace.status]}, `}${esc(paceText(s.value, s.pace))}` : null,
        kr.owner && kr.owner.names.length > 0 ? `Owner: ${esc(kr.owner.names.join(', '))}` : null,
      ].filter((x): x is string => x !== null);
      md.appendMarkdown(`\n${facts.join(' · ')}\n`);
      const origins = valueOrigins(kr);
      if (origins.length > 0) md.appendMarkdown(`\nRead from: ${origins.map((o) => `${o.field} ${esc(o.text)} from ${esc(o.via)}`).join(' · ')}\n`);
      const trail = trails?.find((t) => t.kr === kr);
      const shown = trail ? trailLine(trail.points) : null;
      if (shown) md.appendMarkdown(`\nCheck-ins: \`${shown.replace(/`/g, "'")}\`\n`);
      chartLink(chart('keyResult', kr.textRange.start.line));
    });
  });
  if (doc.titleRange && doc.titleRange.start.line === line) {
    found = true;
    const s = scores.document;
    md.appendMarkdown(
      `**${esc(doc.title ?? 'Document')}**\n\nScore: ${s.value === null ? 'no score yet' : `${formatScore(s.value)} · ${RAG_LABELS[s.rag!]}`}  \n`,
    );
    md.appendCodeblock(s.explanation, 'text');
    md.appendMarkdown(`\nProgram health: **${scores.health.verdict}**. ${esc(scores.health.summary)}\n`);
  }
  // Findings are not repeated here: VS Code shows the line's diagnostics in the same hover, each rule id linked to its docs.
  return found ? md : null;
}
