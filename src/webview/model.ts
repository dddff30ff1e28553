import * as z from 'zod';
import { formatScore, RAG_LABELS } from '../core/score/rag';
import type { ProgressSeries } from '../core/history/series';
import type { TreeMessage, TreeNode } from '../core/workspace/protocol';

/**
 * The alignment tree's view model, free of the DOM: filters, default
 * expansion, labels and the UI state a webview persists. The DOM side
 * (view.ts) only turns these answers into elements.
 */

/** A RAG band, or `none` for a node with no score yet. */
export type RagKey = 'red' | 'amber' | 'green' | 'stretch' | 'none';

export const RAG_KEYS: readonly RagKey[] = ['red', 'amber', 'green', 'stretch', 'none'];

export const RAG_KEY_LABELS: Record<RagKey, string> = { ...RAG_LABELS, none: 'Not scored' };

export const KIND_LABELS: Record<TreeNode['kind'], string> = { document: 'Document', objective: 'Objective', keyResult: 'Key result' };

/** What the user chose; persisted with `vscode.setState` so a hidden-and-shown panel keeps it. */
export const UiStateSchema = z.object({
  /** Ids the user expanded, and ids the user collapsed; every other node follows `defaultExpanded`. */
  expanded: z.array(z.string()),
  collapsed: z.array(z.string()),
  selected: z.string().nullable(),
  /** A team name, or '' for all teams. */
  team: z.string(),
  /** RAG bands to show; empty shows every band. */
  rags: z.array(z.enum(['red', 'amber', 'green', 'stretch', 'none'])),
  search: z.string(),
  /** In a rollup preview: show only the nodes that moved since the ref (and the way to them). */
  changed: z.boolean().default(false),
});
export type UiState = z.infer<typeof UiStateSchema>;

export function emptyUiState(): UiState {
  return { expanded: [], collapsed: [], selected: null, team: '', rags: [], search: '', changed: false };
}

export interface Filters {
  team: string;
  rags: readonly RagKey[];
  search: string;
  /** Only nodes with a delta (a rollup preview). */
  changed?: boolean;
}

export function ragKey(node: { rag: TreeNode['rag'] }): RagKey {
  return node.rag ?? 'none';
}

/** `0.57`, or `not started` for a node without a score. */
export function scoreText(value: number | null): string {
  return value === null ? 'not started' : formatScore(value);
}

/** `own 0.57 · rolled up 0.64`; `0.71` when the two agree (a KR, a node no one contributes to); `not started`, or why there is no score, when neither is known. */
export function scoresText(node: Pick<TreeNode, 'score' | 'rolledUpScore' | 'noScore'>): string {
  if (node.score === null && node.rolledUpScore === null) return node.noScore ? `no score: ${node.noScore}` : 'not started';
  if (node.score === node.rolledUpScore) return scoreText(node.score);
  return `own ${scoreText(node.score)} · rolled up ${scoreText(node.rolledUpScore)}`;
}

/** A rollup preview's header line: `Rollup since HEAD (1a2b3c4), the working copy, unsaved edits included: 3 changes`. */
export function compareText(compare: NonNullable<TreeMessage['compare']>): string {
  return `Rollup since ${compare.since} (${compare.commit}), ${compare.what}: ${compare.changes === 0 ? 'no score moves' : `${compare.changes} change${compare.changes === 1 ? '' : 's'}`}`;
}

/** The tooltip: the arithmetic, then where the node is written. */
export function tooltipText(node: Pick<TreeNode, 'explanation' | 'path' | 'line'>): string {
  return node.explanation ? `${node.explanation}\n${node.path}:${node.line}` : `${node.path}:${node.line}`;
}

/**
 * The team a node belongs to, as the message's `teams` name it: the document's
 * team, or (for a document whose H1 names none) its lower-cased file name
 * without `.md`, as the graph does.
 */
export function teamOf(node: Pick<TreeNode, 'team' | 'path'>): string {
  if (node.team !== null) return node.team;
  const base = node.path.slice(node.path.lastIndexOf('/') + 1);
  return base.replace(/\.md$/i, '').toLowerCase();
}

/** Team choices for the filter: each name once, in message order, with its score and RAG. */
export function teamChoices(message: Pick<TreeMessage, 'teams'>): Array<{ team: string; label: string }> {
  const seen = new Set<string>();
  const out: Array<{ team: string; label: string }> = [];
  for (const t of message.teams) {
    if (seen.has(t.team)) continue;
    seen.add(t.team);
    const value = t.rolledUpScore ?? t.score;
    out.push({ team: t.team, label: value === null ? `${t.team} — not started` : `${t.team} — ${formatScore(value)} ${RAG_KEY_LABELS[t.rag ?? 'none']}` });
  }
  return out;
}

/** `Red ≤ 0.30`, … `Stretch > 0.90`. */
export function legendEntries(bands: TreeMessage['bands']): Array<{ rag: RagKey; text: string }> {
  return [
    { rag: 'red', text: `Red ≤ ${formatScore(bands.red)}` },
    { rag: 'amber', text: `Amber ≤ ${formatScore(bands.amber)}` },
    { rag: 'green', text: `Green ≤ ${formatScore(bands.green)}` },
    { rag: 'stretch', text: `Stretch > ${formatScore(bands.green)}` },
    { rag: 'none', text: 'Not scored' },
  ];
}

export function filtersActive(filters: Filters): boolean {
  return filters.team !== '' || filters.rags.length > 0 || filters.search.trim() !== '' || filters.changed === true;
}

/** Whether a node itself passes every active filter (search: case-insensitive substring of title or owner). */
export function matches(node: TreeNode, filters: Filters): boolean {
  if (filters.team !== '' && teamOf(node) !== filters.team) return false;
  if (filters.rags.length > 0 && !filters.rags.includes(ragKey(node))) return false;
  if (filters.changed && !node.delta) return false;
  const q = filters.search.trim().toLowerCase();
  if (q !== '' && !node.title.toLowerCase().includes(q) && !(node.owner ?? '').toLowerCase().includes(q)) return false;
  return true;
}

export interface FilterResult {
  /** Nodes to show: those that match and their ancestors. Every node when no filter is active. */
  visible: Set<TreeNode>;
  /** Ancestors of matching nodes (expanded when the filters change). */
  ancestors: Set<TreeNode>;
  shownObjectives: number;
  totalObjectives: number;
}

/** Applies the filters to a forest: a matching node keeps its ancestors visible; a subtree with no match is hidden. */
export function applyFilters(roots: readonly TreeNode[], filters: Filters): FilterResult {
  const active = filtersActive(filters);
  const visible = new Set<TreeNode>();
  const ancestors = new Set<TreeNode>();
  let shownObjectives = 0;
  let totalObjectives = 0;
  // Iterative post-order walk: documents can nest deeply through Supports links.
  const stack: Array<{ node: TreeNode; i: number; any: boolean }> = roots.map((node) => ({ node, i: 0, any: false })).reverse();
  const path: Array<{ node: TreeNode; i: number; any: boolean }> = [];
  while (stack.length > 0 || path.length > 0) {
    const top = path[path.length - 1];
    if (top && top.i < top.node.children.length) {
      path.push({ node: top.node.children[top.i++]!, i: 0, any: false });
      continue;
    }
    if (top) {
      path.pop();
      const self = !active || matches(top.node, filters);
      const shown = self || top.any;
      if (top.node.kind === 'objective') {
        totalObjectives++;
        if (shown) shownObjectives++;
      }
      if (shown) visible.add(top.node);
      if (top.any) ancestors.add(top.node);
      const parent = path[path.length - 1];
      if (parent && shown) parent.any = true;
      continue;
    }
    path.push(stack.pop()!);
  }
  return { visible, ancestors: active ? ancestors : new Set(), shownObjectives, totalObjectives };
}

/**
 * Default expansion, until the user toggles a node: documents are open, and so
 * is everything at the top two levels (a root document's objectives, showing
 * their KRs and the team objectives that support them); deeper objectives and
 * key results start collapsed.
 */
export function defaultExpanded(node: TreeNode, level: number): boolean {
  return node.kind === 'document' || level <= 2;
}

/** Every id in a forest. */
export function allIds(roots: readonly TreeNode[]): Set<string> {
  const ids = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop()!;
    ids.add(n.id);
    stack.push(...n.children);
  }
  return ids;
}

/** A validation failure in a sentence or three: where in the message, and what was expected. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(message)'}: ${i.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

/** Days without a check-in after which a KR counts as stale (stale-kr's three weeks). */
export const STALE_DAYS = 21;

/** The KRs the summary above the tree lists, in tree order. */
export interface ProgressSummary {
  behind: TreeNode[];
  stale: TreeNode[];
  notStarted: TreeNode[];
  /** KRs in the tree, and how many of them have a history (the stale count covers only those). */
  keyResults: number;
  withHistory: number;
}

/** KRs behind pace (not once the quarter ended), stale (no new value for more than three weeks) and not started. */
export function progressSummary(roots: readonly TreeNode[]): ProgressSummary {
  const out: ProgressSummary = { behind: [], stale: [], notStarted: [], keyResults: 0, withHistory: 0 };
  const seen = new Set<string>();
  const visit = (n: TreeNode): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (n.kind === 'keyResult') {
      out.keyResults++;
      if (n.pace?.status === 'behind' && !n.pace.ended) out.behind.push(n);
      if (n.progress && n.progress.points.length > 1) out.withHistory++;
      if (n.progress?.idle != null && n.progress.idle > STALE_DAYS) out.stale.push(n);
      if (n.score === null && !n.noScore) out.notStarted.push(n);
    }
    for (const c of n.children) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}

/** One row of a chart's text alternative. */
export interface ChartRow {
  date: string;
  score: string;
  value: string;
  confidence: string;
  commit: string;
}

/** The points of a series as the table under the chart reads them. */
export function chartRows(series: ProgressSeries): ChartRow[] {
  return series.points.map((p) => ({
    date: p.date,
    score: p.score === null ? '—' : formatScore(p.score),
    value: p.text ?? (p.value === null ? '—' : String(p.value)),
    confidence: p.confidence === null ? '—' : formatScore(p.confidence),
    commit: p.weekly ? `weekly update ${p.weekly.slice(p.weekly.lastIndexOf('/') + 1)}` : (p.commit ?? 'working copy'),
  }));
}

/**
 * The chart's data on one time axis (seconds): the points' days, the quarter's
 * first and last days and the due date; the expected-pace line from 0 at the
 * start to 1 at the due date (or the end), flat after it; the target as a flat
 * line. Null where a series has no value on a day.
 */
export function chartData(series: ProgressSeries): {
  x: number[];
  score: Array<number | null>;
  expected: Array<number | null>;
  confidence: Array<number | null>;
  value: Array<number | null>;
  target: Array<number | null>;
} {
  const secs = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 1000;
  const days = new Set(series.points.map((p) => p.date));
  for (const d of [series.start, series.end, series.due]) if (d) days.add(d);
  const x = [...days].sort().map(secs);
  const at = new Map(series.points.map((p) => [secs(p.date), p]));
  const start = series.start ? secs(series.start) : null;
  const due = series.due ?? series.end;
  const until = due ? secs(due) + 86_400 : null;
  return {
    x,
    score: x.map((t) => at.get(t)?.score ?? null),
    expected: x.map((t) => (start === null || until === null || t < start ? null : Math.min(1, (t + 86_400 - start) / (until - start)))),
    confidence: x.map((t) => at.get(t)?.confidence ?? null),
    value: x.map((t) => at.get(t)?.value ?? null),
    target: x.map(() => series.target),
  };
}
