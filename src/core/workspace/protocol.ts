import * as z from 'zod';
import type { RagBands } from '../config/config';
import type { ProgressSeries } from '../history/series';
import { clockOf, paceOf, paceText } from '../score/pace';
import type { GraphNode, WorkspaceGraph } from './graph';

/**
 * The alignment tree's message protocol between the extension host and the
 * webview (and the CLI's self-contained HTML page, which embeds one `tree`
 * message). No `vscode` here: both sides import it, and both validate what
 * they receive with these schemas.
 */

const Rag = z.enum(['red', 'amber', 'green', 'stretch']);
const Level = z.enum(['company', 'team', 'individual']);

export interface TreeNode {
  id: string;
  kind: 'document' | 'objective' | 'keyResult';
  level: 'company' | 'team' | 'individual';
  team: string | null;
  title: string;
  owner: string | null;
  score: number | null;
  rolledUpScore: number | null;
  rag: z.infer<typeof Rag> | null;
  /** The arithmetic behind the rolled-up score, for the tooltip. */
  explanation: string;
  /** Key results: why there is no score (`target is a placeholder (TBD)`); absent when scored or not started. */
  noScore?: string;
  /** Where the node is written: a path relative to the workspace, 1-based line. */
  path: string;
  line: number;
  children: TreeNode[];
  /** In a rollup preview ("Preview rollup before commit"): how this node moved since the ref; absent when it did not. */
  delta?: NodeDelta;
  /** Key results with a score in a quarter with dates: the pace on the message's day. */
  pace?: NodePace;
  /** The score and value over the quarter, when the host read the document's history. */
  progress?: ProgressSeries;
}

export interface NodePace {
  status: 'behind' | 'on-pace' | 'ahead';
  /** The quarter is over: the score is final. */
  ended: boolean;
  /** `0.50 against 0.74 expected, −0.24`, `quarter ended, final 0.42`. */
  text: string;
}

/** How a node moved since a git ref: new, or its scores, RAG or confidence changed. */
export interface NodeDelta {
  change: 'added' | 'changed';
  /** `0.57 → 0.71 (+0.14) · Amber → Green`, as `okr-lens rollup --since` prints it. */
  label: string;
  /** Whether the rolled-up score went up, down, or stayed (a RAG or confidence change alone). */
  trend: 'up' | 'down' | 'flat';
}

const NodeDeltaSchema = z.object({ change: z.enum(['added', 'changed']), label: z.string().max(1000), trend: z.enum(['up', 'down', 'flat']) });

const score = z.number().min(0).max(1).nullable();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const NodePaceSchema = z.object({ status: z.enum(['behind', 'on-pace', 'ahead']), ended: z.boolean(), text: z.string().max(200) });

export const ProgressSeriesSchema: z.ZodType<ProgressSeries> = z.object({
  start: isoDay.nullable(),
  end: isoDay.nullable(),
  due: isoDay.nullable(),
  target: z.number().finite().nullable(),
  targetText: z.string().max(200).nullable(),
  pace: z.string().max(200).nullable(),
  idle: z.number().int().min(0).nullable(),
  points: z
    .array(
      z.object({
        date: isoDay,
        commit: z.string().max(64).nullable(),
        weekly: z.string().max(4096).optional(),
        score,
        value: z.number().finite().nullable(),
        text: z.string().max(200).nullable(),
        confidence: score,
      }),
    )
    .max(500),
});

export const TreeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({
    id: z.string().max(4096),
    kind: z.enum(['document', 'objective', 'keyResult']),
    level: Level,
    team: z.string().nullable(),
    title: z.string(),
    owner: z.string().nullable(),
    score,
    rolledUpScore: score,
    rag: Rag.nullable(),
    explanation: z.string(),
    noScore: z.string().max(1000).optional(),
    path: z.string(),
    line: z.number().int().min(1),
    children: z.array(TreeNodeSchema),
    delta: NodeDeltaSchema.optional(),
    pace: NodePaceSchema.optional(),
    progress: ProgressSeriesSchema.optional(),
  }),
);

/** A rollup preview's header: what was compared, and the nodes that no longer exist. */
export const CompareSchema = z.object({
  /** The ref as asked (`HEAD`) and its commit's short hash. */
  since: z.string().max(200),
  commit: z.string().max(64),
  /** What was compared with it, in words: `the working copy, unsaved edits included`. */
  what: z.string().max(200),
  /** How many nodes moved, were added or removed. */
  changes: z.number().int().min(0),
  removed: z.array(
    z.object({
      id: z.string().max(4096),
      kind: z.enum(['document', 'objective', 'keyResult']),
      title: z.string(),
      path: z.string(),
      line: z.number().int().min(1),
      label: z.string(),
    }),
  ),
  /** Documents that moved but are not nodes of the tree (a team document sits under what it supports): their team rollups. */
  documents: z.array(z.object({ title: z.string(), team: z.string().nullable(), path: z.string(), label: z.string(), trend: z.enum(['up', 'down', 'flat']) })),
});
export type Compare = z.infer<typeof CompareSchema>;

export const TeamEntrySchema = z.object({ team: z.string(), level: Level, score, rolledUpScore: score, rag: Rag.nullable() });
export type TeamEntry = z.infer<typeof TeamEntrySchema>;

/** Extension host (or the HTML page) → webview. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('tree'),
    /** Bumped on every workspace change; a webview ignores older versions. */
    version: z.number().int().min(0),
    roots: z.array(TreeNodeSchema),
    teams: z.array(TeamEntrySchema),
    /** The RAG bands, for the legend. */
    bands: z.object({ red: z.number(), amber: z.number(), green: z.number() }),
    /** Whether clicking a node can open it (false in the CLI's static page). */
    canOpen: z.boolean(),
    /** Present in a rollup preview: the tree then shows each node's change since the ref. */
    compare: CompareSchema.optional(),
    /** The day pace was measured on (YYYY-MM-DD), when the nodes carry pace. */
    today: isoDay.optional(),
    /** Where the progress charts come from, or why there are none (`history is off in the browser`). */
    history: z.string().max(300).optional(),
  }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** Extension host → webview, after a tree: select a node and show its progress chart (the command's node argument). */
export const SelectMessageSchema = z.object({ type: z.literal('select'), id: z.string().max(4096) });
export type SelectMessage = z.infer<typeof SelectMessageSchema>;
export type TreeMessage = Extract<HostMessage, { type: 'tree' }>;

/** Webview → extension host. */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Open the node's source line. The host looks the id up in its own graph; it never trusts a path from the webview. */
  z.object({ type: z.literal('open'), id: z.string().max(4096) }),
  /**
   * A tree message was rendered: its version, how many nodes it held and how
   * many tree items the DOM shows (collapsed children are not in the DOM).
   */
  z.object({ type: z.literal('rendered'), version: z.number().int().min(0), nodes: z.number().int().min(0), items: z.number().int().min(0) }),
  /** The detail pane drew a node's progress chart: its series' labels and how many points. */
  z.object({ type: z.literal('chart'), id: z.string().max(4096), series: z.array(z.string().max(300)).max(10), points: z.number().int().min(0) }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

/**
 * A message from the webview, validated: a known message, or why it was
 * dropped (a line for the log, with at most 200 characters of what came).
 */
export function readWebviewMessage(raw: unknown): { ok: true; message: WebviewMessage } | { ok: false; reason: string } {
  const parsed = WebviewMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  let shown: string;
  try {
    shown = JSON.stringify(raw)?.slice(0, 200) ?? String(raw);
  } catch {
    shown = `(${typeof raw}, not serialisable)`;
  }
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reason: `dropped an unknown message from the webview (${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid'}): ${shown}`,
  };
}

/**
 * The ids of the nodes to show for a selection of documents: every node of
 * those documents, and the nodes above them in the tree (what they support).
 * Nodes of other documents below them are left out; their numbers still count
 * in the rolled-up scores.
 */
export function visibleIds(graph: WorkspaceGraph, documents: ReadonlySet<string>): Set<string> {
  const shown = new Set<string>();
  const visit = (id: string, depth: number): boolean => {
    const n = graph.node(id);
    if (!n || depth > 200) return false;
    let any = documents.has(n.path);
    for (const c of n.children) if (visit(c, depth + 1)) any = true;
    if (any) shown.add(id);
    return any;
  };
  for (const r of graph.roots) visit(r, 0);
  // Documents placed under what they support have no tree node of their own, but belong to the graph (JSON, dependencies).
  for (const n of graph.nodes) if (documents.has(n.path)) shown.add(n.id);
  return shown;
}

/**
 * The tree message for a graph: nested nodes from the graph's roots, paths
 * shown relative to the workspace by `display`; only `shown` nodes when given.
 */
export function treeMessage(
  graph: WorkspaceGraph,
  version: number,
  bands: RagBands,
  display: (key: string) => string,
  canOpen: boolean,
  shown?: ReadonlySet<string>,
  options?: TreeOptions,
): TreeMessage {
  const today = options ? options.today.toISOString().slice(0, 10) : null;
  const seen = new Set<string>();
  const paths = new Set<string>();
  const build = (id: string): TreeNode | null => {
    const n = graph.node(id);
    if (!n || seen.has(id) || (shown && !shown.has(id))) return null;
    paths.add(n.path);
    seen.add(id);
    return {
      id: n.id,
      kind: n.kind,
      level: n.level,
      team: n.team,
      title: n.title,
      owner: n.owner,
      score: n.score,
      rolledUpScore: n.rolledUpScore,
      rag: n.rag,
      explanation: n.explanation,
      ...(n.noScore ? { noScore: n.noScore } : {}),
      ...(options ? nodeExtras(n, options) : {}),
      path: display(n.path),
      line: n.line,
      children: n.children.map(build).filter((c): c is TreeNode => c !== null),
    };
  };
  const roots = graph.roots.map(build).filter((c): c is TreeNode => c !== null);
  return {
    type: 'tree',
    version,
    roots,
    // The teams whose documents have a node in the tree.
    teams: graph.teams
      .filter((t) => paths.has(t.path))
      .map((t) => ({ team: t.team, level: t.level, score: t.score, rolledUpScore: t.rolledUpScore, rag: t.rag })),
    bands: { red: bands.red, amber: bands.amber, green: bands.green },
    canOpen,
    ...(today ? { today } : {}),
    ...(options?.history ? { history: options.history } : {}),
  };
}

/** What a host adds to the plain tree: pace on the day, and the progress series it could read. */
export interface TreeOptions {
  today: Date;
  paceThreshold: number;
  /** A node's series, when the host has its document's history. */
  progress?: (node: GraphNode) => ProgressSeries | undefined;
  /** Where the series come from, or why there are none, for the detail pane. */
  history?: string;
}

function nodeExtras(n: GraphNode, options: TreeOptions): { pace?: NodePace; progress?: ProgressSeries } {
  const extras: { pace?: NodePace; progress?: ProgressSeries } = {};
  if (n.kind === 'keyResult' && n.dates && n.score !== null) {
    const clock = clockOf(n.dates, options.today);
    const pace = paceOf(n.score, clock, options.paceThreshold, n.dates.due);
    if (pace) extras.pace = { status: pace.status, ended: pace.ended, text: paceText(n.score, pace) };
  }
  const progress = options.progress?.(n);
  if (progress) extras.progress = progress;
  return extras;
}
