import * as posix from './posix';
import type { RagBands } from '../config/config';
import { githubSlug } from '../model/text';
import { formatScore, ragOf, type Rag } from '../score/rag';
import type { WorkspaceReport } from '../rules/types';
import { baseWords, clip, teamKey } from './names';
import type { Range } from '../types';
import type { DocSummary, Level, ObjectiveSummary, RefSummary } from './summary';

/**
 * The alignment graph of a workspace (SPEC §2, §3): every OKR document, its
 * objectives and KRs, the `Supports:` links between them across files, the
 * cross-team dependencies, and scores rolled up from individual to team to
 * company. Built from document summaries only; a pure function of them.
 */

export type NodeKind = 'document' | 'objective' | 'keyResult';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Company, team or individual: from front matter `level:` or the node's depth in the alignment. */
  level: Level;
  /** 1 for company objectives, 2 for those supporting them, and so on. */
  depth: number;
  /** The team (or person) the document's H1 names. */
  team: string | null;
  title: string;
  /** The document's index key (an absolute POSIX path). */
  path: string;
  line: number;
  owner: string | null;
  /** The node's own score: KR attainment, an objective's weighted KR mean, a document's objective mean. */
  score: number | null;
  /** The mean of its contributing children; equal to `score` for a node no one contributes to. */
  rolledUpScore: number | null;
  /** RAG of the rolled-up score, or of the own score when nothing rolled up. */
  rag: Rag | null;
  /** The arithmetic behind `rolledUpScore`. */
  explanation: string;
  /** Key results: the planning confidence (0–1), when given. */
  confidence: number | null;
  /** Key results: why there is no score (a placeholder target, units that differ); absent when scored or not started. */
  noScore?: string;
  /** Key results in a quarter with dates: the quarter's first and last days and the KR's own due date, for pace. */
  dates?: { start: string; end: string; due: string | null };
  /** Tree children in display order (ids). */
  children: string[];
}

export type EdgeKind = 'contains' | 'supports' | 'depends';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** For `depends`: what is needed, as written. */
  label?: string;
}

/** A place in another (or the same) document that a workspace finding points to. */
export interface RelatedPlace {
  message: string;
  path: string;
  range: Range;
}

/** A finding of a workspace rule in one document, before severity and suppressions are applied. */
export interface WorkspaceFinding extends WorkspaceReport {
  ruleId: string;
}

export interface TeamSummary {
  team: string;
  path: string;
  level: Level;
  score: number | null;
  rolledUpScore: number | null;
  rag: Rag | null;
}

export interface WorkspaceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Tree roots: company documents, then documents with objectives that support nothing. */
  roots: string[];
  teams: TeamSummary[];
  /** The workspace rules' findings by document key, in position order: found at each build, moved with the text by each patch. */
  reports: Map<string, WorkspaceFinding[]>;
  node(id: string): GraphNode | undefined;
}

export interface GraphOptions {
  ragBands: RagBands;
  /**
   * Checks the alignment once per build (the workspace rules, rules/run.ts):
   * what it reports travels with the graph through patches.
   */
  check?: (facts: AlignmentFacts) => Array<{ key: string; finding: WorkspaceFinding }>;
}

/** A `Supports:` link or ID that resolves to nothing. */
export type UnresolvedLink =
  /** An ID no document defines. */
  | { kind: 'id'; from: DocSummary; ref: RefSummary }
  /** A file that is not an OKR document of the workspace; `key` is the path it names. */
  | { kind: 'document'; from: DocSummary; ref: RefSummary; key: string }
  /** A heading the (existing) document `doc` does not have; `fragment` is the slug asked for. */
  | { kind: 'heading'; from: DocSummary; ref: RefSummary; doc: DocSummary; fragment: string };

/** One objective as the alignment places it. */
export interface ObjectiveFact {
  doc: DocSummary;
  objective: ObjectiveSummary;
  /** Its document is a company document. */
  company: boolean;
  /** 1 for company objectives, 2 for those supporting them, and so on. */
  depth: number;
  /** How many links of it (or of its document, when it has none) resolved. */
  supports: number;
  /** Its first resolved link and the objective that link reaches (null for a whole document); null without one. */
  first: { ref: RefSummary; parent: ObjectiveFact | null } | null;
}

/**
 * What the graph resolved about the alignment of a workspace, for the
 * workspace rules: links that lead nowhere, cycles, every objective's place,
 * and dependencies on teams without a document. Its ranges are the
 * summaries' own, so findings made from them move with the text.
 */
export interface AlignmentFacts {
  /** The workspace's OKR documents, by key. */
  docs: readonly DocSummary[];
  unresolved: readonly UnresolvedLink[];
  /** Each cycle: its objectives in order, each with the link that leads to the next. */
  cycles: ReadonlyArray<ReadonlyArray<{ doc: DocSummary; objective: ObjectiveSummary; via: RefSummary }>>;
  objectives: readonly ObjectiveFact[];
  /** The company documents, by key. */
  companies: readonly DocSummary[];
  /** Dependencies naming a team no document of the workspace belongs to. */
  unknownDependencies: ReadonlyArray<{ doc: DocSummary; dependency: DocSummary['dependencies'][number] }>;
  /** Every ID defined, upper case. */
  ids: readonly string[];
  /** Where an ID (upper case) is defined: the definition nearest `from` when there are several. */
  idDefinition(id: string, from?: DocSummary): { doc: DocSummary; range: Range } | undefined;
}

type Target =
  | { kind: 'objective'; doc: DocSummary; index: number }
  | { kind: 'keyResult'; doc: DocSummary; index: number; kr: number }
  | { kind: 'document'; doc: DocSummary };

interface ObjectiveState {
  doc: DocSummary;
  index: number;
  objective: ObjectiveSummary;
  id: string;
  /** Resolved parents, own refs first (or the document's when the objective has none). */
  parents: Array<{ target: Target; ref: RefSummary }>;
  /** Objectives supporting this objective directly, and per KR. */
  children: ObjectiveState[];
  krChildren: ObjectiveState[][];
  inCycle: boolean;
  depth: number;
  own: number | null;
  rolled: number | null;
  explanation: string;
  krEffective: Array<number | null>;
  krExplanation: string[];
  done: 0 | 1 | 2;
  /** The objectives this one contributes to (its objective and KR parents; none in a cycle): the inverse of `children` and `krChildren`. */
  up: ObjectiveState[];
  /** Supports something, outside any cycle: placed under its first parent, at the level of its depth. */
  aligned: boolean;
  /** `0.70 (Team: title)`: this objective's part in its parents' explanations, once rolled up. */
  entry: string;
}

/**
 * What a graph keeps of one document so that the next version can be patched
 * from it (`updateGraph`). Never visible to callers.
 */
interface LiveDoc {
  doc: DocSummary;
  /** The document's objective states, by objective index. */
  states: ObjectiveState[];
  level: Level;
  depth: number;
  company: boolean;
  /** Where the document's node is in `nodes`; its objective and KR nodes follow it. */
  at: number;
  /** How many nodes the document has (its own, its objectives', its KRs'). */
  count: number;
  /** Where its `contains` edges are in `edges`: one per node after its own, in node order. */
  edges: number;
  /** Where its entry is in `teams`. */
  team: number;
}

/** The state behind one graph version, handed on to the version patched from it (and only to that one). */
interface Live {
  options: GraphOptions;
  docs: Map<string, LiveDoc>;
  /** Node id → position in `nodes`; a patch that renames KRs hands a copy on, the others the same map. */
  at: Map<string, number>;
  /** The order in which the build reported each finding: ties in position keep it when findings are sorted. */
  seq: WeakMap<WorkspaceFinding, number>;
}

const lives = new WeakMap<WorkspaceGraph, Live>();

function docId(doc: DocSummary): string {
  return doc.key;
}

const objectiveIdCache = new WeakMap<DocSummary, string[]>();

/** An objective's node id; the same string from build to build, so maps keyed by it hash it once. */
function objectiveId(doc: DocSummary, index: number): string {
  let ids = objectiveIdCache.get(doc);
  if (!ids) objectiveIdCache.set(doc, (ids = doc.objectives.map((o, i) => `${doc.key}#${o.slug ?? `objective-index-${i + 1}`}`)));
  return ids[index]!;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

const LEVELS: Level[] = ['company', 'team', 'individual'];

function levelOf(depth: number): Level {
  return LEVELS[Math.min(depth, 3) - 1] ?? 'individual';
}

/** Builds the alignment graph of the given documents. */
export function buildGraph(summaries: Iterable<DocSummary>, options: GraphOptions): WorkspaceGraph {
  const docs = [...summaries].filter((d) => d.kind === 'okr').sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = new Map(docs.map((d) => [d.key, d]));
  const unresolved: UnresolvedLink[] = [];

  // IDs defined anywhere (case-insensitive).
  type IdDef = { doc: DocSummary; index: number; range: Range };
  const idDefs = new Map<string, IdDef[]>();
  for (const doc of docs) {
    for (const d of doc.ids) {
      const list = idDefs.get(d.id.toUpperCase());
      if (list) list.push({ doc, index: d.objective, range: d.range });
      else idDefs.set(d.id.toUpperCase(), [{ doc, index: d.objective, range: d.range }]);
    }
  }
  // An ID defined twice (two quarters, two copies) resolves to the definition nearest the referring file.
  const ids = {
    get: (id: string, from?: DocSummary): IdDef | undefined => {
      const list = idDefs.get(id);
      if (!list || list.length === 1 || !from) return list?.[0];
      const shared = (d: IdDef): number => {
        let i = 0;
        while (i < d.doc.key.length && d.doc.key[i] === from.key[i]) i++;
        return i;
      };
      return list.reduce((best, d) => (shared(d) > shared(best) ? d : best));
    },
    keys: () => idDefs.keys(),
  };

  const states = new Map<string, ObjectiveState>();
  // Each document's states by objective index: building and hashing the long string ids on every
  // lookup was most of the graph's time in large workspaces (bench/workspace.ts).
  const docStates = new Map<DocSummary, ObjectiveState[]>();
  const stateOf = (doc: DocSummary, index: number): ObjectiveState => docStates.get(doc)![index]!;
  const objectiveIds = new Map<DocSummary, string[]>();
  for (const doc of docs) {
    const docIds: string[] = [];
    objectiveIds.set(doc, docIds);
    doc.objectives.forEach((objective, index) => {
      const id = objectiveId(doc, index);
      docIds.push(id);
      states.set(id, {
        doc,
        index,
        objective,
        id,
        parents: [],
        children: [],
        krChildren: objective.keyResults.map(() => []),
        inCycle: false,
        depth: 1,
        own: null,
        rolled: null,
        explanation: '',
        krEffective: [],
        krExplanation: [],
        done: 0,
        up: [],
        aligned: false,
        entry: '',
      });
    });
  }
  // After all are set, so that a (pathological) repeated id finds the same state as a lookup by id would.
  for (const doc of docs)
    docStates.set(
      doc,
      objectiveIds.get(doc)!.map((id) => states.get(id)!),
    );

  // ---- resolve links and IDs -------------------------------------------------
  const resolve = (from: DocSummary, ref: RefSummary, docLevel: boolean): Target | null => {
    if (ref.kind === 'id') {
      const hit = ids.get(ref.text.toUpperCase(), from);
      if (hit) return { kind: 'objective', doc: hit.doc, index: hit.index };
      if (!docLevel) unresolved.push({ kind: 'id', from, ref }); // annual goals usually live outside the OKR files; not reported
      return null;
    }
    const file = ref.path ? safeDecode(ref.path.split('?')[0]!) : '';
    const targetKey = file === '' ? from.key : file.startsWith('/') ? posix.normalize(file) : posix.join(posix.dirname(from.key), file);
    const doc = byKey.get(targetKey);
    if (!doc) {
      unresolved.push({ kind: 'document', from, ref, key: targetKey });
      return null;
    }
    if (!ref.fragment) return { kind: 'document', doc };
    const fragment = safeDecode(ref.fragment).toLowerCase();
    const objective = doc.objectives.findIndex((o) => o.slug === fragment);
    if (objective >= 0) return { kind: 'objective', doc, index: objective };
    const heading = doc.headings.find((h) => h.slug === fragment);
    if (heading) {
      // A KR written as a heading, or any other heading of the document.
      for (let i = 0; i < doc.objectives.length; i++) {
        const kr = doc.objectives[i]!.keyResults.findIndex((k) => k.range.start.line === heading.range.start.line);
        if (kr >= 0) return { kind: 'keyResult', doc, index: i, kr };
      }
      return { kind: 'document', doc };
    }
    unresolved.push({ kind: 'heading', from, ref, doc, fragment });
    return null;
  };

  for (const doc of docs) {
    const inherited = doc.refs.map((ref) => ({ ref, target: resolve(doc, ref, true) }));
    doc.objectives.forEach((objective, index) => {
      const state = stateOf(doc, index);
      const own = objective.refs.map((ref) => ({ ref, target: resolve(doc, ref, false) }));
      const chosen = objective.hasAlignment ? own : inherited;
      for (const { ref, target } of chosen)
        if (target && !(target.doc === doc && target.kind !== 'document' && target.index === index)) state.parents.push({ ref, target });
    });
  }

  // ---- cycles (Tarjan's strongly connected components over objective → parent objective) ----
  for (const s of states.values()) s.up = s.parents.flatMap((p) => (p.target.kind === 'document' ? [] : [stateOf(p.target.doc, p.target.index)]));
  const cycles: Array<Array<{ doc: DocSummary; objective: ObjectiveSummary; via: RefSummary }>> = [];
  markCycles(
    [...states.values()],
    (s) => s.up,
    (cycle) => {
      for (const s of cycle) s.inCycle = true;
      cycles.push(
        cycle.map((s) => {
          const next = s.up.find((p) => p.inCycle && cycle.includes(p))!;
          const via = s.parents.find((p) => p.target.kind !== 'document' && stateOf(p.target.doc, p.target.index) === next)!;
          return { doc: s.doc, objective: s.objective, via: via.ref };
        }),
      );
    },
  );

  // ---- children, depth ---------------------------------------------------------
  for (const s of states.values()) {
    if (s.inCycle) {
      s.up = []; // contributes nothing
      continue;
    }
    s.aligned = s.parents.length > 0;
    for (const p of s.parents) {
      if (p.target.kind === 'objective') stateOf(p.target.doc, p.target.index).children.push(s);
      else if (p.target.kind === 'keyResult') stateOf(p.target.doc, p.target.index).krChildren[p.target.kr]!.push(s);
    }
  }
  const depthOf = (s: ObjectiveState, seen: number): number => {
    if (s.depth > 1 || seen > 64) return s.depth;
    const first = s.inCycle ? undefined : s.parents[0];
    if (!first) return 1;
    if (first.target.kind === 'document') {
      s.depth = 2; // supports a document as a whole
      return s.depth;
    }
    s.depth = depthOf(stateOf(first.target.doc, first.target.index), seen + 1) + 1;
    return s.depth;
  };
  for (const s of states.values()) depthOf(s, 0);

  // ---- document levels ---------------------------------------------------------
  const referenced = new Set<string>();
  for (const s of states.values()) for (const p of s.parents) if (p.target.doc !== s.doc) referenced.add(p.target.doc.key);
  const aligned = (doc: DocSummary): boolean => doc.objectives.some((_, i) => stateOf(doc, i).parents.length > 0 && !stateOf(doc, i).inCycle);
  const anyCompanyLike = docs.some((d) => d.level === 'company' || (d.level === null && d.companyLike && !aligned(d)));
  // Memoised: called several times per objective below, and nothing it reads changes from here on.
  const companyMemo = new Map<DocSummary, boolean>();
  const isCompany = (doc: DocSummary): boolean => {
    let company = companyMemo.get(doc);
    if (company === undefined) {
      company = doc.level === 'company' || (doc.level === null && !aligned(doc) && (doc.companyLike || (!anyCompanyLike && referenced.has(doc.key))));
      companyMemo.set(doc, company);
    }
    return company;
  };
  const docLevel = new Map<string, { level: Level; depth: number }>();
  for (const doc of docs) {
    const depths = doc.objectives
      .map((_, i) => stateOf(doc, i))
      .filter((s) => s.parents.length > 0 && !s.inCycle)
      .map((s) => s.depth);
    const depth = isCompany(doc) ? 1 : depths.length > 0 ? Math.min(...depths) : 2;
    docLevel.set(doc.key, { level: doc.level ?? levelOf(depth), depth });
  }

  // ---- nodes and edges ---------------------------------------------------------
  for (const s of states.values()) rollup(s);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  // Node id → position in `nodes` (the last node of an id, should two share one).
  const at = new Map<string, number>();
  const byId = (id: string): GraphNode => nodes[at.get(id)!]!;
  const teams: TeamSummary[] = [];
  const roots: string[] = [];
  const reports = new Map<string, WorkspaceFinding[]>();
  const seq = new WeakMap<WorkspaceFinding, number>();
  const live: Live = { options, docs: new Map(), at, seq };
  for (const doc of docs) {
    const { level, depth } = docLevel.get(doc.key)!;
    const entry: LiveDoc = {
      doc,
      states: docStates.get(doc)!,
      level,
      depth,
      company: isCompany(doc),
      at: nodes.length,
      count: 0,
      edges: edges.length,
      team: teams.length,
    };
    const made = documentNodes(entry, options.ragBands, edges);
    for (const n of made.nodes) {
      at.set(n.id, nodes.length);
      nodes.push(n);
    }
    entry.count = made.nodes.length;
    teams.push(made.team);
    live.docs.set(doc.key, entry);
  }
  // Supports edges and tree placement: an objective sits under its first resolved parent.
  for (const doc of docs) {
    const docNode = byId(docId(doc));
    let unplaced = 0;
    doc.objectives.forEach((_, i) => {
      const s = stateOf(doc, i);
      for (const p of s.parents) edges.push({ from: s.id, to: targetId(p.target), kind: 'supports' });
      const first = s.inCycle ? undefined : s.parents[0];
      if (first && !isCompany(doc)) {
        const parentNode = byId(targetId(first.target));
        parentNode.children.push(s.id);
      } else {
        docNode.children.push(s.id);
        unplaced++;
      }
    });
    if (isCompany(doc) || unplaced > 0) roots.push(docNode.id);
  }
  // Company documents first, then the rest by path.
  roots.sort((a, b) => Number(byId(b).level === 'company') - Number(byId(a).level === 'company'));

  // ---- dependencies ---------------------------------------------------------------
  const teamDocs = new Map<string, DocSummary[]>();
  const addTeam = (name: string, doc: DocSummary): void => {
    const k = teamKey(name);
    if (!k) return;
    const list = teamDocs.get(k) ?? [];
    if (!list.includes(doc)) list.push(doc);
    teamDocs.set(k, list);
  };
  for (const doc of docs) {
    // The H1's team; a document without one is known by its folder (teams/platform/q4.okr.md).
    addTeam(doc.team ?? posix.basename(posix.dirname(doc.key)), doc);
  }
  for (const doc of docs) {
    for (const dep of doc.dependencies) {
      const targets = teamDocs.get(teamKey(dep.team));
      for (const t of targets ?? []) if (t !== doc) edges.push({ from: docId(doc), to: docId(t), kind: 'depends', label: dep.what });
    }
  }
  // ---- what the workspace rules check -------------------------------------------
  if (options.check) {
    const objectiveFacts = new Map<ObjectiveState, ObjectiveFact>();
    for (const s of states.values()) {
      if (!objectiveFacts.has(s))
        objectiveFacts.set(s, { doc: s.doc, objective: s.objective, company: isCompany(s.doc), depth: s.depth, supports: s.parents.length, first: null });
    }
    for (const [s, fact] of objectiveFacts) {
      const first = s.parents[0];
      if (first)
        fact.first = { ref: first.ref, parent: first.target.kind === 'document' ? null : objectiveFacts.get(stateOf(first.target.doc, first.target.index))! };
    }
    const facts: AlignmentFacts = {
      docs,
      unresolved,
      cycles,
      objectives: [...objectiveFacts.values()],
      companies: docs.filter(isCompany),
      unknownDependencies: docs.flatMap((doc) => doc.dependencies.filter((d) => !teamDocs.has(teamKey(d.team))).map((dependency) => ({ doc, dependency }))),
      ids: [...ids.keys()],
      idDefinition: (id, from) => ids.get(id, from),
    };
    let n = 0;
    for (const { key, finding } of options.check(facts)) {
      seq.set(finding, n++);
      const list = reports.get(key);
      if (list) list.push(finding);
      else reports.set(key, [finding]);
    }
    for (const list of reports.values()) list.sort((a, b) => a.range.start.offset - b.range.start.offset || seq.get(a)! - seq.get(b)!);
  }
  const graph = graphOf(nodes, edges, roots, teams, reports, at);
  // Patchable unless ids repeat (pathological: two objectives with one slug share a state).
  if (at.size === nodes.length && byKey.size === docs.length) {
    lives.set(graph, live);
    // Patches need none of this, and it holds other documents' summaries as they were at this build.
    for (const s of states.values()) s.parents = [];
  }
  return graph;

  function targetId(t: Target): string {
    // A state's id is its objective's id; a KR's id appends /kr-<n> to it.
    return t.kind === 'document' ? docId(t.doc) : t.kind === 'objective' ? stateOf(t.doc, t.index).id : krIdOf(stateOf(t.doc, t.index), t.kr);
  }
}

function label(s: ObjectiveState): string {
  return `${s.doc.team ?? baseWords(s.doc.key)}: ${clip(s.objective.title, 40)}`;
}

/**
 * An objective's rolled-up score (SPEC §3), with its KRs' and the arithmetic
 * behind both, from its own KRs and the objectives contributing to it:
 * computed once per state (`done`), children first.
 */
function rollup(s: ObjectiveState): number | null {
  if (s.done === 1) return null; // a cycle (already reported) contributes nothing
  if (s.done === 0) {
    s.done = 1;
    s.objective.keyResults.forEach((kr, j) => {
      const kids = s.krChildren[j]!;
      const rolled = meanOf(kids);
      s.krEffective[j] = kr.score ?? rolled?.value ?? null;
      s.krExplanation[j] =
        kids.length === 0 ? (kr.score === null ? 'not started' : 'own score') : rolled === null ? 'no contributing objective is scored yet' : rolled.text;
    });
    s.own = weightedMean(s.objective.keyResults.map((kr, j) => ({ score: s.krEffective[j] ?? null, weight: kr.weight })));
    const rolled = s.children.length === 0 ? null : meanOf(s.children);
    s.rolled = s.children.length === 0 ? s.own : (rolled?.value ?? null);
    s.explanation =
      s.children.length === 0
        ? s.own === null
          ? 'no scored key results yet'
          : 'no contributing objectives: its own score'
        : rolled === null
          ? 'no contributing objective is scored yet'
          : rolled.text;
    const value = s.own ?? s.rolled;
    // Joined rather than concatenated, to get a flat string: parents join hundreds of these after
    // every check-in below them, and joining nested concatenations took ten times as long.
    s.entry = value === null ? '' : [formatScore(value), ' (', label(s), ')'].join('');
    s.done = 2;
  }
  return s.own ?? s.rolled;
}

/**
 * The mean of the scored ones of `kids`, with the arithmetic (`mean of 0.70
 * (A: Alpha), 0.30 (B: Beta) = 0.50`), or null when none is scored yet. Each
 * child's part of the text is kept on it: a company objective has hundreds of
 * contributors, and a patch rolls it up again after each check-in below it.
 */
function meanOf(kids: ObjectiveState[]): { value: number; text: string } | null {
  let sum = 0;
  const parts: string[] = [];
  for (const k of kids) {
    const v = rollup(k);
    if (v === null) continue;
    sum += v;
    parts.push(k.entry);
  }
  if (parts.length === 0) return null;
  const value = sum / parts.length;
  return { value, text: `mean of ${parts.join(', ')} = ${formatScore(value)}` };
}

/**
 * The nodes of one document, its objectives and KRs (in `nodes` order), and
 * its team summary, from states already rolled up. Tree placement adds the
 * objectives' children later. With `edges`, the `contains` edges go there.
 */
function documentNodes(d: LiveDoc, bands: RagBands, edges: GraphEdge[] | null): { nodes: GraphNode[]; team: TeamSummary } {
  const { doc, level, depth } = d;
  const ragFor = (rolled: number | null, own: number | null): Rag | null => {
    const v = rolled ?? own;
    return v === null ? null : ragOf(v, bands);
  };
  const owns = d.states.map((s) => s.own ?? s.rolled).filter((v): v is number => v !== null);
  const rolls = d.states.map((s) => s.rolled ?? s.own).filter((v): v is number => v !== null);
  const own = owns.length > 0 ? mean(owns) : null;
  const rolled = rolls.length > 0 ? mean(rolls) : null;
  const docNode: GraphNode = {
    id: docId(doc),
    kind: 'document',
    level,
    depth,
    team: doc.team,
    title: doc.title ?? baseWords(doc.key),
    path: doc.key,
    line: doc.titleRange?.start.line ?? 1,
    owner: doc.owner,
    score: own,
    rolledUpScore: rolled,
    rag: ragFor(rolled, own),
    explanation:
      rolls.length === 0
        ? 'no scored objectives yet'
        : `mean of the objectives' rolled-up scores ${rolls.map(formatScore).join(', ')} = ${formatScore(rolled!)}`,
    confidence: null,
    children: [],
  };
  const nodes = [docNode];
  const team: TeamSummary = { team: doc.team ?? baseWords(doc.key), path: doc.key, level, score: own, rolledUpScore: rolled, rag: docNode.rag };
  for (const s of d.states) {
    const objNode: GraphNode = {
      id: s.id,
      kind: 'objective',
      level: doc.level ?? (d.company ? 'company' : levelOf(s.aligned ? s.depth : depth)),
      depth: s.depth,
      team: doc.team,
      title: s.objective.title,
      path: doc.key,
      line: s.objective.titleRange.start.line,
      owner: s.objective.owner,
      score: s.own,
      rolledUpScore: s.rolled,
      rag: ragFor(s.rolled, s.own),
      explanation: s.explanation,
      confidence: null,
      children: [],
    };
    nodes.push(objNode);
    edges?.push({ from: docNode.id, to: objNode.id, kind: 'contains' });
    s.objective.keyResults.forEach((kr, j) => {
      const krNode: GraphNode = {
        id: krIdOf(s, j),
        kind: 'keyResult',
        level: objNode.level,
        depth: s.depth,
        team: doc.team,
        title: kr.id && !kr.text.startsWith(kr.id) ? `${kr.id}: ${kr.text}` : kr.text,
        path: doc.key,
        line: kr.range.start.line,
        owner: kr.owner,
        score: kr.score,
        rolledUpScore: s.krChildren[j]!.length > 0 ? (s.krEffective[j] ?? null) : kr.score,
        rag: ragFor(s.krChildren[j]!.length > 0 ? (s.krEffective[j] ?? null) : kr.score, kr.score),
        explanation: s.krExplanation[j] ?? '',
        confidence: kr.confidence,
        ...(kr.noScore ? { noScore: kr.noScore } : {}),
        ...(doc.quarterDates ? { dates: { ...doc.quarterDates, due: kr.due ?? null } } : {}),
        children: [],
      };
      nodes.push(krNode);
      objNode.children.push(krNode.id);
      edges?.push({ from: objNode.id, to: krNode.id, kind: 'contains' });
    });
  }
  return { nodes, team };
}

function graphOf(
  nodes: GraphNode[],
  edges: GraphEdge[],
  roots: string[],
  teams: TeamSummary[],
  reports: Map<string, WorkspaceFinding[]>,
  at: ReadonlyMap<string, number>,
): WorkspaceGraph {
  return {
    nodes,
    edges,
    roots,
    teams,
    reports,
    node: (id) => {
      const i = at.get(id);
      return i === undefined ? undefined : nodes[i];
    },
  };
}

/**
 * The graph after one document's summary changed from `before` to `after`,
 * patched from `prev` (built or patched from the summaries with `before`)
 * without touching it: equal to `buildGraph` of the new summaries. Only for a
 * change that keeps the document's shape (`sameShape`): current values,
 * confidence, weights, owners, positions and KR texts. Returns null when the
 * graph has to be built again: another change, a graph that was patched
 * already (a version hands its state on to one successor), a workspace with
 * repeated node ids, or a new id for a KR written as a heading (a link may
 * point at it). Costs the changed document, its ancestors in the alignment
 * and the findings pointing into it, plus copying the node list (and, when a
 * KR's text changes its id, the edge list and the id → position map).
 */
export function updateGraph(prev: WorkspaceGraph, before: DocSummary, after: DocSummary): WorkspaceGraph | null {
  const live = lives.get(prev);
  if (!live) return null;
  // Documents that are not OKR documents are not part of the graph.
  if (before.kind !== 'okr' && after.kind !== 'okr' && before.key === after.key) return prev;
  const d = live.docs.get(before.key);
  if (!d || d.doc !== before || after.key !== before.key || after.kind !== 'okr' || !sameShape(before, after)) return null;
  const ranges = rangeMap(before, after);
  if (!ranges) return null;
  const renamed = renamedKrs(d, before, after, prev, live.at);
  if (renamed === null) return null;
  // From here on the state belongs to the new version.
  lives.delete(prev);
  const at = renamed ? renamed.at : live.at;
  live.at = at;

  d.doc = after;
  d.states.forEach((s, i) => {
    s.doc = after;
    s.objective = after.objectives[i]!;
  });
  // The document's objectives and every objective they contribute to, transitively.
  const affected = new Set<ObjectiveState>();
  const stack = [...d.states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (affected.has(s)) continue;
    affected.add(s);
    stack.push(...s.up);
  }
  for (const s of affected) s.done = 0;
  for (const s of affected) rollup(s);

  const touched = new Set<LiveDoc>([d]);
  for (const s of affected) touched.add(live.docs.get(s.doc.key)!);
  const nodes = prev.nodes.slice();
  const teams = prev.teams.slice();
  for (const t of touched) {
    const made = documentNodes(t, live.options.ragBands, null);
    if (made.nodes.length !== t.count) return null;
    for (let k = 0; k < made.nodes.length; k++) {
      const old = prev.nodes[t.at + k]!;
      const n = made.nodes[k]!;
      if (old.id !== n.id && at.get(n.id) !== t.at + k) return null;
      // Tree placement is part of the shape: the children stay. An objective's KRs come first, under their new ids.
      n.children =
        renamed && t === d && n.kind === 'objective' && n.children.length > 0 ? n.children.concat(old.children.slice(n.children.length)) : old.children;
      nodes[t.at + k] = n;
    }
    teams[t.team] = made.team;
  }

  // Findings in the document, and places in others' findings that point into it, move with its text.
  let reports = prev.reports;
  const move = (r: Range): Range => ranges.get(r) ?? r;
  for (const [key, list] of prev.reports) {
    let changed = false;
    const next = list.map((r) => {
      const range = move(r.range);
      const related = r.related.some((p) => ranges.has(p.range)) ? r.related.map((p) => (ranges.has(p.range) ? { ...p, range: move(p.range) } : p)) : r.related;
      const suggestion = r.suggestion && ranges.has(r.suggestion.range) ? { ...r.suggestion, range: move(r.suggestion.range) } : r.suggestion;
      if (range === r.range && related === r.related && suggestion === r.suggestion) return r;
      const moved: WorkspaceFinding = { ...r, range, related, ...(suggestion ? { suggestion } : {}) };
      live.seq.set(moved, live.seq.get(r)!);
      changed = true;
      return moved;
    });
    if (!changed) continue;
    if (reports === prev.reports) reports = new Map(prev.reports);
    const order = (r: WorkspaceFinding): number => live.seq.get(r)!;
    next.sort((a, b) => a.range.start.offset - b.range.start.offset || order(a) - order(b));
    reports.set(key, next);
  }

  const graph = graphOf(nodes, renamed ? renamed.edges : prev.edges, prev.roots, teams, reports, at);
  lives.set(graph, live);
  return graph;
}

/**
 * When the new summary of a document gives some of its KRs new ids (their
 * text changed, or a repeated text's `-2` moved): the id → position map and
 * the edge list with those ids replaced, both copies. Undefined when no id
 * changes; null when the graph has to be built again: a renamed KR is written
 * as a heading (links resolve to those, and a build places their supporters
 * under them), or a new id repeats another node's.
 */
function renamedKrs(
  d: LiveDoc,
  before: DocSummary,
  after: DocSummary,
  prev: WorkspaceGraph,
  at: Map<string, number>,
): { at: Map<string, number>; edges: GraphEdge[] } | null | undefined {
  let changes: Array<{ from: string; to: string; flat: number }> | undefined;
  let flat = 0;
  for (let i = 0; i < d.states.length; i++) {
    const id = d.states[i]!.id;
    const a = before.objectives[i]!;
    const b = after.objectives[i]!;
    const n = a.keyResults.length;
    if (a.keyResults.every((kr, j) => kr.text === b.keyResults[j]!.text)) {
      flat += n;
      continue;
    }
    // A repeated text's `-2` may move to another KR of the objective, or land on a text that reads `… 2`.
    const ids = new Set<string>();
    for (let j = 0; j < n; j++, flat++) {
      const from = krIdOf({ id, objective: a }, j);
      const to = krIdOf({ id, objective: b }, j);
      ids.add(to);
      if (from !== to) (changes ??= []).push({ from, to, flat });
    }
    if (ids.size !== n) return null;
  }
  if (!changes) return undefined;
  const headings = new Set(headingKrs(before));
  const next = new Map(at);
  const edges = prev.edges.slice();
  const moved: Array<{ to: string; position: number }> = [];
  for (const c of changes) {
    if (headings.has(c.flat)) return null;
    const position = at.get(c.from);
    if (position === undefined || position <= d.at || position >= d.at + d.count) return null;
    const e = d.edges + (position - d.at - 1);
    const edge = edges[e];
    if (!edge || edge.kind !== 'contains' || edge.to !== c.from) return null;
    edges[e] = { from: edge.from, to: c.to, kind: 'contains' };
    next.delete(c.from);
    moved.push({ to: c.to, position });
  }
  for (const m of moved) next.set(m.to, m.position);
  // A new id that another node has already would leave the map short.
  if (next.size !== prev.nodes.length) return null;
  return { at: next, edges };
}

/**
 * Whether two summaries of one document give the same graph apart from
 * scores, owners, confidence, positions and KR texts and IDs (KR node ids
 * and titles, which `updateGraph` renames): the same ids, links, headings,
 * titles, number of KRs, dependencies, team and level. Everything that
 * resolves links, places nodes or goes into a message is compared (a KR
 * written as a heading is compared as its heading).
 */
export function sameShape(a: DocSummary, b: DocSummary): boolean {
  const sameRef = (x: RefSummary, y: RefSummary): boolean => x.kind === y.kind && x.text === y.text && x.path === y.path && x.fragment === y.fragment;
  return (
    a.key === b.key &&
    a.kind === b.kind &&
    a.title === b.title &&
    a.team === b.team &&
    a.level === b.level &&
    a.companyLike === b.companyLike &&
    (a.titleRange === null) === (b.titleRange === null) &&
    sameList(a.refs, b.refs, sameRef) &&
    sameList(a.dependencies, b.dependencies, (x, y) => x.team === y.team && x.what === y.what) &&
    sameList(a.ids, b.ids, (x, y) => x.id === y.id && x.objective === y.objective) &&
    sameList(a.headings, b.headings, (x, y) => x.text === y.text && x.slug === y.slug) &&
    sameList(
      a.objectives,
      b.objectives,
      (x, y) =>
        x.id === y.id &&
        x.title === y.title &&
        x.slug === y.slug &&
        x.hasAlignment === y.hasAlignment &&
        sameList(x.refs, y.refs, sameRef) &&
        x.keyResults.length === y.keyResults.length,
    ) &&
    sameList(headingKrs(a), headingKrs(b), (x, y) => x === y)
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false;
  return true;
}

/** For each heading, the KR written as it (found by line, as a link to the heading resolves), as an index over all KRs, or -1. */
function headingKrs(doc: DocSummary): number[] {
  const byLine = new Map<number, number>();
  let n = 0;
  for (const o of doc.objectives) {
    for (const kr of o.keyResults) {
      if (!byLine.has(kr.range.start.line)) byLine.set(kr.range.start.line, n);
      n++;
    }
  }
  return doc.headings.map((h) => byLine.get(h.range.start.line) ?? -1);
}

/**
 * Each range object of `a` to the range in the same place of `b` (same
 * shape). The graph's findings hold the summaries' range objects, so this
 * moves them. Null if `a` shares one range object between places whose
 * ranges in `b` differ.
 */
function rangeMap(a: DocSummary, b: DocSummary): Map<Range, Range> | null {
  const map = new Map<Range, Range>();
  let ok = true;
  const put = (x: Range | null, y: Range | null): void => {
    if (!x || !y) return;
    const had = map.get(x);
    if (had === undefined) map.set(x, y);
    else if (had !== y && !sameRange(had, y)) ok = false;
  };
  const refs = (x: RefSummary[], y: RefSummary[]): void => x.forEach((r, i) => put(r.range, y[i]!.range));
  put(a.titleRange, b.titleRange);
  refs(a.refs, b.refs);
  a.dependencies.forEach((x, i) => put(x.range, b.dependencies[i]!.range));
  a.ids.forEach((x, i) => put(x.range, b.ids[i]!.range));
  a.headings.forEach((x, i) => put(x.range, b.headings[i]!.range));
  a.objectives.forEach((o, i) => {
    const p = b.objectives[i]!;
    put(o.titleRange, p.titleRange);
    refs(o.refs, p.refs);
    o.keyResults.forEach((kr, j) => put(kr.range, p.keyResults[j]!.range));
  });
  return ok ? map : null;
}

function sameRange(x: Range, y: Range): boolean {
  return (
    x.start.offset === y.start.offset &&
    x.end.offset === y.end.offset &&
    x.start.line === y.start.line &&
    x.start.column === y.start.column &&
    x.end.line === y.end.line &&
    x.end.column === y.end.column
  );
}

/** KR ids by objective summary, with the objective id they were made under: a renamed document shares its objectives with the old summary. */
const krIdCache = new WeakMap<ObjectiveSummary, { prefix: string; ids: string[] }>();

/**
 * A KR's node id: its objective's, then a slug of its text (`-2` for a
 * repeat), so ids survive KRs being reordered, added or removed, and a
 * history delta can tell a new KR from a changed one.
 */
function krIdOf(s: { id: string; objective: ObjectiveSummary }, j: number): string {
  let cached = krIdCache.get(s.objective);
  if (!cached || cached.prefix !== s.id) {
    const seen = new Map<string, number>();
    const ids = s.objective.keyResults.map((kr, i) => {
      const base = githubSlug(kr.text).slice(0, 80) || `kr-${i + 1}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${s.id}/${n === 1 ? base : `${base}-${n}`}`;
    });
    krIdCache.set(s.objective, (cached = { prefix: s.id, ids }));
  }
  return cached.ids[j]!;
}

/** Weighted mean as in an objective's score (SPEC §3): a KR without a weight gets the mean of the given ones, or 1. */
function weightedMean(parts: Array<{ score: number | null; weight: number | null }>): number | null {
  const given = parts.map((p) => p.weight).filter((w): w is number => w !== null);
  const fallback = given.length > 0 ? mean(given) : 1;
  let sum = 0;
  let weights = 0;
  for (const p of parts) {
    if (p.score === null) continue;
    const w = p.weight ?? fallback;
    sum += p.score * w;
    weights += w;
  }
  return weights > 0 ? sum / weights : null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Calls `found` once per cycle (strongly connected component with more than one member, or a self-loop). Iterative Tarjan. */
function markCycles<T>(items: T[], next: (t: T) => T[], found: (cycle: T[]) => void): void {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  let counter = 0;
  for (const start of items) {
    if (index.has(start)) continue;
    const work: Array<{ node: T; edges: T[]; i: number }> = [];
    const enter = (node: T): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: next(node), i: 0 });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.edges.length) {
        const w = frame.edges[frame.i++]!;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: T[] = [];
        let w: T;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        if (component.length > 1 || next(frame.node).includes(frame.node)) found(component.reverse());
      }
    }
  }
}
