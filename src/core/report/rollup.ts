import { z } from 'zod';
import { formatScore, RAG_LABELS, type Rag } from '../score/rag';
import type { WorkspaceGraph } from '../workspace/graph';
import type { TreeMessage, TreeNode } from '../workspace/protocol';
import { nodeScoreLabel } from './labels';
import { plainStyle, type Style } from './text';

export { nodeScoreLabel };

/**
 * `okr-lens rollup`: the workspace alignment tree as text, Markdown and the
 * versioned JSON graph. The HTML page is the webview's own renderer
 * (src/core/workspace/page.ts).
 */

const Rag = z.enum(['red', 'amber', 'green', 'stretch']);
const score = z.number().min(0).max(1).nullable();

export const RollupNodeJsonSchema = z.object({
  id: z.string().describe('Stable within one run: the path, then #objective-slug, then /kr-N.'),
  kind: z.enum(['document', 'objective', 'keyResult']),
  level: z.enum(['company', 'team', 'individual']),
  team: z.string().nullable(),
  title: z.string(),
  path: z.string().describe('Relative to the working folder.'),
  line: z.number().int().min(1),
  owner: z.string().nullable(),
  score: score.describe("The node's own score: KR attainment, an objective's weighted KR mean, a document's objective mean."),
  rolledUpScore: score.describe('The mean of its contributing children (SPEC §3); equal to score when nothing contributes.'),
  rag: Rag.nullable().describe('RAG of rolledUpScore, or of score when nothing rolled up.'),
  explanation: z.string(),
});

export const RollupReportSchema = z.object({
  version: z.literal(1),
  tool: z.object({ name: z.literal('okr-lens'), version: z.string() }),
  date: z.string(),
  roots: z.array(z.string()),
  nodes: z.array(RollupNodeJsonSchema),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      kind: z
        .enum(['contains', 'supports', 'depends'])
        .describe(
          'contains: document → objective → KR; supports: child objective → what it supports; depends: document → document of a team it needs something from.',
        ),
      label: z.string().optional(),
    }),
  ),
});
export type RollupReport = z.infer<typeof RollupReportSchema>;

export function rollupReportJsonSchema(): unknown {
  return { title: 'okr-lens rollup report, version 1', ...z.toJSONSchema(RollupReportSchema) };
}

/**
 * The JSON graph. `keep` selects the documents shown (the ones named on the
 * command line and those they support); ids and paths are made relative.
 */
export function rollupReport(
  graph: WorkspaceGraph,
  shown: ReadonlySet<string>,
  display: (key: string) => string,
  toolVersion: string,
  date: string,
): RollupReport {
  const id = (raw: string): string => {
    const n = graph.node(raw);
    return n ? display(n.path) + raw.slice(n.path.length) : raw;
  };
  const nodes = graph.nodes.filter((n) => shown.has(n.id));
  return {
    version: 1,
    tool: { name: 'okr-lens', version: toolVersion },
    date,
    roots: graph.roots.filter((r) => shown.has(r)).map(id),
    nodes: nodes.map((n) => ({
      id: id(n.id),
      kind: n.kind,
      level: n.level,
      team: n.team,
      title: n.title,
      path: display(n.path),
      line: n.line,
      owner: n.owner,
      score: n.score,
      rolledUpScore: n.rolledUpScore,
      rag: n.rag,
      explanation: n.explanation,
    })),
    edges: graph.edges
      .filter((e) => shown.has(e.from) && shown.has(e.to))
      .map((e) => ({ from: id(e.from), to: id(e.to), kind: e.kind, ...(e.label !== undefined ? { label: e.label } : {}) })),
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function nodeLine(n: TreeNode, parent: TreeNode | null, style: Style): string {
  const team = n.kind === 'objective' && parent && parent.kind !== 'document' && n.team ? `${n.team} › ` : '';
  const kind = n.kind === 'document' ? '' : n.kind === 'objective' ? 'O ' : 'KR ';
  const owner = n.owner ? style.dim(` @${n.owner}`) : '';
  const title = n.kind === 'document' ? style.bold(n.title) : truncate(n.title, 70);
  const where = n.kind === 'document' ? `  ${style.dim(`${n.path}`)}` : '';
  return `${kind}${team}${title}${owner}  ${nodeScoreLabel(n, style)}${where}`;
}

/** The tree as text lines with box-drawing branches. */
export function rollupTreeLines(message: TreeMessage, style: Style = plainStyle): string[] {
  const lines: string[] = [];
  const walk = (n: TreeNode, parent: TreeNode | null, prefix: string, last: boolean, root: boolean): void => {
    lines.push(root ? nodeLine(n, parent, style) : `${prefix}${last ? '└─ ' : '├─ '}${nodeLine(n, parent, style)}`);
    const next = root ? '' : `${prefix}${last ? '   ' : '│  '}`;
    n.children.forEach((c, i) => walk(c, n, next, i === n.children.length - 1, false));
  };
  message.roots.forEach((r, i) => {
    if (i > 0) lines.push('');
    walk(r, null, '', true, true);
  });
  if (message.teams.length > 0) {
    lines.push('', style.bold('Teams'));
    for (const t of message.teams)
      lines.push(`  ${t.team} (${t.level})  ${nodeScoreLabel({ score: t.score, rolledUpScore: t.rolledUpScore, rag: t.rag }, style)}`);
  }
  return lines;
}

function mdEscape(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** The tree as a Markdown report: nested lists with scores, then a table of teams. */
export function rollupMarkdown(message: TreeMessage): string {
  const out = ['# OKR rollup', ''];
  const walk = (n: TreeNode, parent: TreeNode | null, depth: number): void => {
    const team = n.kind === 'objective' && parent && parent.kind !== 'document' && n.team ? `${mdEscape(n.team)} › ` : '';
    const title = n.kind === 'document' ? `**${mdEscape(n.title)}**` : n.kind === 'keyResult' ? `KR ${mdEscape(n.title)}` : mdEscape(n.title);
    const owner = n.owner ? ` — ${mdEscape(n.owner)}` : '';
    const emoji = n.rag === 'red' ? '🔴' : n.rag === 'amber' ? '🟡' : n.rag === 'green' ? '🟢' : n.rag === 'stretch' ? '🔵' : n.noScore ? '⚠️' : '⚪';
    out.push(`${'  '.repeat(depth)}- ${emoji} ${team}${title}${owner}: ${nodeScoreLabel(n)} (\`${n.path}:${n.line}\`)`);
    for (const c of n.children) walk(c, n, depth + 1);
  };
  for (const r of message.roots) walk(r, null, 0);
  if (message.teams.length > 0) {
    out.push('', '| Team | Level | Own | Rolled up | RAG |', '|---|---|---:|---:|---|');
    for (const t of message.teams) {
      out.push(
        `| ${mdEscape(t.team)} | ${t.level} | ${t.score === null ? '—' : formatScore(t.score)} | ${t.rolledUpScore === null ? '—' : formatScore(t.rolledUpScore)} | ${t.rag ? RAG_LABELS[t.rag] : '—'} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
