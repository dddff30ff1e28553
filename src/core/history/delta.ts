import { formatScore, RAG_LABELS, type Rag } from '../score/rag';
import type { GraphNode, WorkspaceGraph } from '../workspace/graph';
import type { NodeDelta, TreeMessage, TreeNode } from '../workspace/protocol';

/**
 * What a change does to the rollup (issue 6, `okr-lens rollup --since`): the
 * graph of the documents as they were at a git ref against the graph as they
 * are now (working tree or index), node by node.
 */
export interface DeltaRow {
  id: string;
  kind: GraphNode['kind'];
  level: GraphNode['level'];
  team: string | null;
  title: string;
  path: string;
  line: number;
  change: 'added' | 'removed' | 'changed';
  /** The node's own score (its KRs) and rolled-up score (what supports it), before and after. */
  before: number | null;
  after: number | null;
  rolledBefore: number | null;
  rolledAfter: number | null;
  ragBefore: Rag | null;
  ragAfter: Rag | null;
  confidenceBefore: number | null;
  confidenceAfter: number | null;
  /** Planning confidence fell by more than 0.2. */
  confidenceDrop: boolean;
}

const differs = (a: number | null, b: number | null): boolean => (a === null || b === null ? a !== b : Math.abs(a - b) >= 0.005);

/** Rows for every node whose score, RAG or confidence moved, and every KR or objective added or removed. */
export function rollupDelta(before: WorkspaceGraph, after: WorkspaceGraph): DeltaRow[] {
  const rows: DeltaRow[] = [];
  const row = (n: GraphNode, change: DeltaRow['change'], a: GraphNode | null, b: GraphNode | null): DeltaRow => ({
    id: n.id,
    kind: n.kind,
    level: n.level,
    team: n.team,
    title: n.title,
    path: n.path,
    line: n.line,
    change,
    before: a?.score ?? null,
    after: b?.score ?? null,
    rolledBefore: a?.rolledUpScore ?? null,
    rolledAfter: b?.rolledUpScore ?? null,
    ragBefore: a?.rag ?? null,
    ragAfter: b?.rag ?? null,
    confidenceBefore: a?.confidence ?? null,
    confidenceAfter: b?.confidence ?? null,
    confidenceDrop: a?.confidence != null && b?.confidence != null && a.confidence - b.confidence > 0.2 + 1e-9,
  });
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  for (const n of after.nodes) {
    const o = old.get(n.id);
    if (!o) {
      if (n.kind !== 'document') rows.push(row(n, 'added', null, n));
      continue;
    }
    const r = row(n, 'changed', o, n);
    if (differs(r.before, r.after) || differs(r.rolledBefore, r.rolledAfter) || r.ragBefore !== r.ragAfter || r.confidenceDrop) rows.push(r);
  }
  const now = new Set(after.nodes.map((n) => n.id));
  for (const n of before.nodes) if (!now.has(n.id) && n.kind !== 'document') rows.push(row(n, 'removed', n, null));
  const order: Record<GraphNode['level'], number> = { company: 0, team: 1, individual: 2 };
  const kind: Record<GraphNode['kind'], number> = { document: 0, objective: 1, keyResult: 2 };
  return rows.sort((a, b) => order[a.level] - order[b.level] || kind[a.kind] - kind[b.kind] || a.path.localeCompare(b.path) || a.line - b.line);
}

function score(v: number | null): string {
  return v === null ? '—' : formatScore(v);
}

/** `0.57 → 0.71 (+0.14) · Amber → Green · confidence 0.6 → 0.3` */
export function deltaLabel(r: DeltaRow): string {
  if (r.change === 'added') return `new: ${r.after === null ? 'not started' : score(r.after)}${r.ragAfter ? ` ${RAG_LABELS[r.ragAfter]}` : ''}`;
  if (r.change === 'removed') return `removed (was ${score(r.before)})`;
  const parts: string[] = [];
  const move = (label: string, a: number | null, b: number | null): void => {
    if (!differs(a, b)) return;
    const d = a !== null && b !== null ? ` (${b - a >= 0 ? '+' : '−'}${formatScore(Math.abs(b - a))})` : '';
    parts.push(`${label}${score(a)} → ${score(b)}${d}`);
  };
  // A node no one contributes to has one score; otherwise its own and its rolled-up one can move apart.
  const single = r.before === r.rolledBefore && r.after === r.rolledAfter;
  move(single ? '' : 'own ', r.before, r.after);
  if (!single) move('rolled up ', r.rolledBefore, r.rolledAfter);
  if (r.ragBefore !== r.ragAfter) parts.push(`${r.ragBefore ? RAG_LABELS[r.ragBefore] : 'not scored'} → ${r.ragAfter ? RAG_LABELS[r.ragAfter] : 'not scored'}`);
  if (r.confidenceDrop) parts.push(`confidence ${r.confidenceBefore} → ${r.confidenceAfter} (dropped more than 0.2)`);
  return parts.join(' · ');
}

const KIND: Record<GraphNode['kind'], string> = { document: '', objective: 'O ', keyResult: 'KR ' };

/** The delta as text lines for the terminal. */
export function deltaLines(rows: DeltaRow[], since: string, what: string, display: (key: string) => string): string[] {
  if (rows.length === 0) return [`No score moves since ${since} (${what}).`];
  const lines = [`Rollup since ${since} (${what}): ${rows.length} change${rows.length === 1 ? '' : 's'}`];
  for (const r of rows) {
    const team = r.kind !== 'document' && r.level !== 'company' && r.team ? `${r.team} › ` : '';
    lines.push(
      `  ${r.level.padEnd(10)} ${KIND[r.kind]}${team}${r.title.length > 60 ? `${r.title.slice(0, 59)}…` : r.title}  ${deltaLabel(r)}  ${display(r.path)}:${r.line}`,
    );
  }
  return lines;
}

/** The delta as a pull-request comment. */
export function deltaMarkdown(rows: DeltaRow[], since: string, what: string, display: (key: string) => string): string {
  const esc = (t: string): string => t.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
  const out = [`## OKR rollup since \`${since}\` (${what})`, ''];
  if (rows.length === 0) return `${out.join('\n')}No score moves.\n`;
  out.push('| Level | Node | Change | Where |', '|---|---|---|---|');
  for (const r of rows) {
    const kind = r.kind === 'document' ? 'Document' : r.kind === 'objective' ? 'Objective' : 'KR';
    out.push(
      `| ${r.level} | ${kind}: ${esc(r.team && r.kind !== 'document' && r.level !== 'company' ? `${r.team} › ${r.title}` : r.title)} | ${esc(deltaLabel(r))} | \`${display(r.path)}:${r.line}\` |`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * The alignment tree as a rollup preview (the editor's "Preview rollup before
 * commit"): each node that moved carries its delta, and the header says what
 * was compared and lists the nodes removed since the ref.
 */
export function previewMessage(
  message: TreeMessage,
  rows: readonly DeltaRow[],
  compared: { since: string; commit: string; what: string },
  display: (key: string) => string,
): TreeMessage {
  const byId = new Map(rows.filter((r) => r.change !== 'removed').map((r) => [r.id, r]));
  const trendOf = (r: DeltaRow): NodeDelta['trend'] => {
    // The rolled-up score when it moved, else the node's own.
    const [a, b] = differs(r.rolledBefore, r.rolledAfter) ? [r.rolledBefore, r.rolledAfter] : [r.before, r.after];
    return r.change === 'added' ? 'up' : a === null || b === null || !differs(a, b) ? 'flat' : b > a ? 'up' : 'down';
  };
  const shown = new Set<string>();
  const annotate = (n: TreeNode): TreeNode => {
    shown.add(n.id);
    const r = byId.get(n.id);
    const children = n.children.map(annotate);
    if (!r) return { ...n, children };
    return { ...n, children, delta: { change: r.change === 'added' ? 'added' : 'changed', label: deltaLabel(r), trend: trendOf(r) } };
  };
  const roots = message.roots.map(annotate);
  return {
    ...message,
    roots,
    compare: {
      ...compared,
      changes: rows.length,
      removed: rows
        .filter((r) => r.change === 'removed')
        .map((r) => ({ id: r.id, kind: r.kind, title: r.title, path: display(r.path), line: r.line, label: deltaLabel(r) })),
      documents: rows
        .filter((r) => r.change !== 'removed' && r.kind === 'document' && !shown.has(r.id))
        .map((r) => ({ title: r.title, team: r.team, path: display(r.path), label: deltaLabel(r), trend: trendOf(r) })),
    },
  };
}
