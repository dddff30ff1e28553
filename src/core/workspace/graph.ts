import * as posix from './posix';
import type { RagBands } from '../config/config';
import { closest } from '../config/read';
import { githubSlug } from '../model/text';
import { formatScore, ragOf, type Rag } from '../score/rag';
import type { Suggestion } from '../rules/types';
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

/** A finding of a workspace rule, before severity and suppressions are applied. */
export interface WorkspaceReport {
  ruleId: WorkspaceRuleId;
  message: string;
  range: Range;
  related: RelatedPlace[];
  suggestion?: Suggestion;
}

export type WorkspaceRuleId = 'alignment-broken-link' | 'alignment-orphan' | 'alignment-cycle' | 'alignment-too-deep' | 'dependency-unknown-team';

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
  /** Raw workspace findings by document key. */
  reports: Map<string, WorkspaceReport[]>;
  node(id: string): GraphNode | undefined;
}

export interface GraphOptions {
  ragBands: RagBands;
  /** `alignment-too-deep`: most levels an alignment chain may have. */
  maxDepth: number;
  /** `dependency-unknown-team`: teams that exist without an OKR document. */
  knownTeams: readonly string[];
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
}

function docId(doc: DocSummary): string {
  return doc.key;
}

function objectiveId(doc: DocSummary, index: number): string {
  const o = doc.objectives[index]!;
  return `${doc.key}#${o.slug ?? `objective-index-${index + 1}`}`;
}

/** `foo bar` from `../x/Foo-Bar.okr.md`, for matching file names. */
function baseWords(key: string): string {
  return posix.basename(key).replace(/\.md$/i, '').toLowerCase();
}

function teamKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Word-overlap similarity of two slugs or titles, 0–1. */
function similarity(wa: ReadonlySet<string>, wb: ReadonlySet<string>): number {
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.max(wa.size, wb.size);
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

/** The item whose key shares the most words with `wanted`; a key may be given as its words already. */
function closestBy<T>(items: readonly T[], key: (t: T) => string | ReadonlySet<string>, wanted: string, floor = 0.2): T | null {
  const wb = words(wanted);
  let best: T | null = null;
  let score = floor;
  for (const item of items) {
    const k = key(item);
    const s = similarity(typeof k === 'string' ? words(k) : k, wb);
    if (s > score) [best, score] = [item, s];
  }
  return best;
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const LEVELS: Level[] = ['company', 'team', 'individual'];

function levelOf(depth: number): Level {
  return LEVELS[Math.min(depth, 3) - 1] ?? 'individual';
}

/** Builds the alignment graph of the given documents. */
export function buildGraph(summaries: Iterable<DocSummary>, options: GraphOptions): WorkspaceGraph {
  const docs = [...summaries].filter((d) => d.kind === 'okr').sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = new Map(docs.map((d) => [d.key, d]));
  const reports = new Map<string, WorkspaceReport[]>();
  const report = (doc: DocSummary, r: WorkspaceReport): void => {
    const list = reports.get(doc.key);
    if (list) list.push(r);
    else reports.set(doc.key, [r]);
  };

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
      });
    });
  }
  // After all are set, so that a (pathological) repeated id finds the same state as a lookup by id would.
  for (const doc of docs) docStates.set(doc, objectiveIds.get(doc)!.map((id) => states.get(id)!));

  // ---- resolve links and IDs -------------------------------------------------
  // Did-you-mean searches scan every document (or ID, or team), so they are memoised per wanted
  // text for this build: when a much-linked document moves, every link to it breaks at once, and
  // one search per link made the graph quadratic (bench/README.md, issue 5).
  let knownIds: string[] | null = null;
  const nearIds = new Map<string, string | null>();
  const nearDocs = new Map<string, DocSummary | null>();
  const docWordSets = new Map<DocSummary, Set<string>>();
  const docWords = (d: DocSummary): Set<string> => {
    let w = docWordSets.get(d);
    if (!w) docWordSets.set(d, (w = words(`${baseWords(d.key)} ${posix.dirname(d.key).split('/').slice(-2).join(' ')}`)));
    return w;
  };
  const nearDocument = (from: DocSummary, wanted: string): DocSummary | null => {
    let near = nearDocs.get(wanted);
    if (near === undefined) nearDocs.set(wanted, (near = closestBy(docs, docWords, wanted)));
    // The closest of all documents is also the closest of the others, unless it is `from` itself.
    return near === from ? closestBy(docs.filter((d) => d !== from), docWords, wanted) : near;
  };
  const resolve = (from: DocSummary, ref: RefSummary, docLevel: boolean): Target | null => {
    if (ref.kind === 'id') {
      const hit = ids.get(ref.text.toUpperCase(), from);
      if (hit) return { kind: 'objective', doc: hit.doc, index: hit.index };
      if (docLevel) return null; // annual goals usually live outside the OKR files; not reported
      const known = (knownIds ??= [...ids.keys()]);
      const wanted = ref.text.toUpperCase();
      let near = nearIds.get(wanted);
      if (near === undefined) nearIds.set(wanted, (near = closest(wanted, known)));
      report(from, {
        ruleId: 'alignment-broken-link',
        message: `${ref.text} is not defined in any OKR document of this workspace${near ? `: did you mean ${near}?` : known.length > 0 ? ` (defined IDs: ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''})` : ''}. Define it with an \`ID: ${ref.text}\` line under the objective, or link to the objective's heading.`,
        range: ref.range,
        related: near ? [{ message: `${near} is defined here`, path: ids.get(near)!.doc.key, range: ids.get(near)!.range }] : [],
        ...(near ? { suggestion: { title: `Change to ${near}`, range: ref.range, text: near } } : {}),
      });
      return null;
    }
    const file = ref.path ? safeDecode(ref.path.split('?')[0]!) : '';
    const targetKey = file === '' ? from.key : file.startsWith('/') ? posix.normalize(file) : posix.join(posix.dirname(from.key), file);
    const doc = byKey.get(targetKey);
    if (!doc) {
      const near = nearDocument(from, `${baseWords(targetKey)} ${posix.dirname(targetKey).split('/').slice(-2).join(' ')}`);
      report(from, {
        ruleId: 'alignment-broken-link',
        message: `The link target ${ref.path} is not an OKR document of this workspace${near ? `: did you mean ${posix.relative(posix.dirname(from.key), near.key)}?` : '.'} Link to the heading of the objective this one supports.`,
        range: ref.range,
        related: near ? [{ message: `closest OKR document: ${near.title ?? baseWords(near.key)}`, path: near.key, range: near.titleRange ?? near.headings[0]?.range ?? ref.range }] : [],
        ...(near ? { suggestion: linkFix(ref, posix.relative(posix.dirname(from.key), near.key), ref.fragment) } : {}),
      });
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
    const near = closestBy(doc.headings, (h) => h.slug, fragment);
    const where = doc === from ? 'this document' : posix.relative(posix.dirname(from.key), doc.key);
    report(from, {
      ruleId: 'alignment-broken-link',
      message: `No heading #${clip(fragment)} in ${where}${near ? `: the closest is #${near.slug} (“${clip(near.text)}”)` : ''}. Headings are linked by their GitHub slug; fix the link after renaming a heading.`,
      range: ref.range,
      related: near ? [{ message: `closest heading: ${clip(near.text)}`, path: doc.key, range: near.range }] : [],
      ...(near ? { suggestion: linkFix(ref, ref.path ?? '', near.slug) } : {}),
    });
    return null;
  };

  for (const doc of docs) {
    const inherited = doc.refs.map((ref) => ({ ref, target: resolve(doc, ref, true) }));
    doc.objectives.forEach((objective, index) => {
      const state = stateOf(doc, index);
      const own = objective.refs.map((ref) => ({ ref, target: resolve(doc, ref, false) }));
      const chosen = objective.hasAlignment ? own : inherited;
      for (const { ref, target } of chosen) if (target && !(target.doc === doc && target.kind !== 'document' && target.index === index)) state.parents.push({ ref, target });
    });
  }

  // ---- cycles (Tarjan's strongly connected components over objective → parent objective) ----
  const parentStates = (s: ObjectiveState): ObjectiveState[] => s.parents.flatMap((p) => (p.target.kind === 'document' ? [] : [stateOf(p.target.doc, p.target.index)]));
  markCycles([...states.values()], parentStates, (cycle) => {
    for (const s of cycle) s.inCycle = true;
    for (const s of cycle) {
      const next = parentStates(s).find((p) => p.inCycle && cycle.includes(p))!;
      const via = s.parents.find((p) => p.target.kind !== 'document' && stateOf(p.target.doc, p.target.index) === next)!;
      report(s.doc, {
        ruleId: 'alignment-cycle',
        message: `Alignment cycle: ${cycle.map((c) => `“${clip(c.objective.title, 40)}”`).join(' → ')} → back again. An objective cannot support itself through others; point one of these Supports lines at a higher-level objective.`,
        range: via.ref.range,
        related: cycle.filter((c) => c !== s).map((c) => ({ message: `part of the cycle: ${clip(c.objective.title)}`, path: c.doc.key, range: c.objective.titleRange })),
      });
    }
  });

  // ---- children, depth ---------------------------------------------------------
  for (const s of states.values()) {
    if (s.inCycle) continue;
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
    const depths = doc.objectives.map((_, i) => stateOf(doc, i)).filter((s) => s.parents.length > 0 && !s.inCycle).map((s) => s.depth);
    const depth = isCompany(doc) ? 1 : depths.length > 0 ? Math.min(...depths) : 2;
    docLevel.set(doc.key, { level: doc.level ?? levelOf(depth), depth });
  }
  const hasCompany = docs.some(isCompany);

  // ---- orphans and depth ---------------------------------------------------------
  let companyDocs: DocSummary[] | null = null; // computed at the first orphan, the same for all
  for (const s of states.values()) {
    if (isCompany(s.doc)) continue;
    if (!s.objective.hasAlignment && s.parents.length === 0 && hasCompany) {
      const companies = (companyDocs ??= docs.filter(isCompany));
      const example = companies.flatMap((c) => c.objectives.map((o, i) => ({ c, o, i }))).find(() => true);
      report(s.doc, {
        ruleId: 'alignment-orphan',
        message: `Objective “${clip(s.objective.title)}” supports nothing while the workspace has a company document. Add a line under it such as \`Supports: ${example ? (example.o.id ?? `[${clip(example.o.title, 40)}](${posix.relative(posix.dirname(s.doc.key), example.c.key)}#${example.o.slug ?? ''})`) : 'CO-1'}\`.`,
        range: s.objective.titleRange,
        related: companies.slice(0, 3).map((c) => ({ message: `company document: ${c.title ?? baseWords(c.key)}`, path: c.key, range: c.titleRange ?? c.headings[0]?.range ?? s.objective.titleRange })),
      });
    }
    if (s.depth > options.maxDepth && s.parents[0]) {
      const chain: ObjectiveState[] = [];
      for (let c: ObjectiveState | undefined = s; c && chain.length <= s.depth; ) {
        chain.push(c);
        const t: Target | undefined = c.parents[0]?.target;
        c = t && t.kind !== 'document' ? stateOf(t.doc, t.index) : undefined;
      }
      report(s.doc, {
        ruleId: 'alignment-too-deep',
        message: `This objective sits ${s.depth} levels deep (${chain
          .reverse()
          .map((c) => c.doc.team ?? baseWords(c.doc.key))
          .join(' → ')}); more than ${options.maxDepth} levels dilute accountability. Align it to a higher-level objective.`,
        range: s.parents[0].ref.range,
        related: chain.slice(0, -1).map((c) => ({ message: `level ${chain.indexOf(c) + 1}: ${clip(c.objective.title)}`, path: c.doc.key, range: c.objective.titleRange })),
      });
    }
  }

  // ---- rollup ---------------------------------------------------------------
  const bands = options.ragBands;
  const label = (s: ObjectiveState): string => `${s.doc.team ?? baseWords(s.doc.key)}: ${clip(s.objective.title, 40)}`;
  const effective = (s: ObjectiveState): number | null => {
    if (s.done === 1) return null; // a cycle (already reported) contributes nothing
    if (s.done === 0) {
      s.done = 1;
      s.objective.keyResults.forEach((kr, j) => {
        const kids = s.krChildren[j]!;
        const values = kids.map((k) => ({ k, v: effective(k) })).filter((x): x is { k: ObjectiveState; v: number } => x.v !== null);
        const rolled = values.length > 0 ? mean(values.map((x) => x.v)) : null;
        s.krEffective[j] = kr.score ?? rolled;
        s.krExplanation[j] =
          kids.length === 0 ? (kr.score === null ? 'not started' : 'own score')
          : values.length === 0 ? 'no contributing objective is scored yet'
          : `mean of ${values.map((x) => `${formatScore(x.v)} (${label(x.k)})`).join(', ')} = ${formatScore(rolled!)}`;
      });
      s.own = weightedMean(s.objective.keyResults.map((kr, j) => ({ score: s.krEffective[j] ?? null, weight: kr.weight })));
      const values = s.children.map((k) => ({ k, v: effective(k) })).filter((x): x is { k: ObjectiveState; v: number } => x.v !== null);
      s.rolled = s.children.length === 0 ? s.own : values.length > 0 ? mean(values.map((x) => x.v)) : null;
      s.explanation =
        s.children.length === 0 ? (s.own === null ? 'no scored key results yet' : 'no contributing objectives: its own score')
        : values.length === 0 ? 'no contributing objective is scored yet'
        : `mean of ${values.map((x) => `${formatScore(x.v)} (${label(x.k)})`).join(', ')} = ${formatScore(s.rolled!)}`;
      s.done = 2;
    }
    return s.own ?? s.rolled;
  };

  // ---- nodes and edges ---------------------------------------------------------
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const byId = new Map<string, GraphNode>();
  const add = (n: GraphNode): GraphNode => {
    nodes.push(n);
    byId.set(n.id, n);
    return n;
  };
  const ragFor = (rolled: number | null, own: number | null): Rag | null => {
    const v = rolled ?? own;
    return v === null ? null : ragOf(v, bands);
  };
  for (const s of states.values()) effective(s);
  const teams: TeamSummary[] = [];
  const roots: string[] = [];
  for (const doc of docs) {
    const { level, depth } = docLevel.get(doc.key)!;
    const objectiveStates = doc.objectives.map((_, i) => stateOf(doc, i));
    const owns = objectiveStates.map((s) => s.own ?? s.rolled).filter((v): v is number => v !== null);
    const rolls = objectiveStates.map((s) => s.rolled ?? s.own).filter((v): v is number => v !== null);
    const own = owns.length > 0 ? mean(owns) : null;
    const rolled = rolls.length > 0 ? mean(rolls) : null;
    const docNode = add({
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
      explanation: rolls.length === 0 ? 'no scored objectives yet' : `mean of the objectives' rolled-up scores ${rolls.map(formatScore).join(', ')} = ${formatScore(rolled!)}`,
      confidence: null,
      children: [],
    });
    teams.push({ team: doc.team ?? baseWords(doc.key), path: doc.key, level, score: own, rolledUpScore: rolled, rag: docNode.rag });
    objectiveStates.forEach((s) => {
      const objNode = add({
        id: s.id,
        kind: 'objective',
        level: doc.level ?? (isCompany(doc) ? 'company' : levelOf(s.parents.length > 0 && !s.inCycle ? s.depth : depth)),
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
      });
      edges.push({ from: docNode.id, to: objNode.id, kind: 'contains' });
      s.objective.keyResults.forEach((kr, j) => {
        const krNode = add({
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
          children: [],
        });
        objNode.children.push(krNode.id);
        edges.push({ from: objNode.id, to: krNode.id, kind: 'contains' });
      });
    });
  }
  // Supports edges and tree placement: an objective sits under its first resolved parent.
  for (const doc of docs) {
    const docNode = byId.get(docId(doc))!;
    let unplaced = 0;
    doc.objectives.forEach((_, i) => {
      const s = stateOf(doc, i);
      for (const p of s.parents) edges.push({ from: s.id, to: targetId(p.target), kind: 'supports' });
      const first = s.inCycle ? undefined : s.parents[0];
      if (first && !isCompany(doc)) {
        const parentNode = byId.get(targetId(first.target))!;
        parentNode.children.push(s.id);
      } else {
        docNode.children.push(s.id);
        unplaced++;
      }
    });
    if (isCompany(doc) || unplaced > 0) roots.push(docNode.id);
  }
  // Company documents first, then the rest by path.
  roots.sort((a, b) => Number(byId.get(b)!.level === 'company') - Number(byId.get(a)!.level === 'company'));

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
  const known = new Set(options.knownTeams.map(teamKey));
  let teamNames: string[] | null = null; // computed at the first unknown team, the same for all
  const nearTeams = new Map<string, string | null>(); // memoised as nearDocs above
  const nameWordSets = new Map<string, Set<string>>();
  const nameWords = (name: string): Set<string> => {
    let w = nameWordSets.get(name);
    if (!w) nameWordSets.set(name, (w = words(name)));
    return w;
  };
  // Only names sharing a word with the wanted team can score above the floor; in their order, they give the same answer.
  let namesByWord: Map<string, number[]> | null = null;
  const nearTeam = (names: string[], team: string): string | null => {
    if (!namesByWord) {
      const index = new Map<string, number[]>();
      names.forEach((n, i) => {
        for (const w of nameWords(n)) {
          const list = index.get(w);
          if (list) list.push(i);
          else index.set(w, [i]);
        }
      });
      namesByWord = index;
    }
    const candidates = new Set<number>();
    for (const w of words(team)) for (const i of namesByWord.get(w) ?? []) candidates.add(i);
    return closestBy([...candidates].sort((a, b) => a - b).map((i) => names[i]!), nameWords, team, 0.49);
  };
  for (const doc of docs) {
    for (const dep of doc.dependencies) {
      const targets = teamDocs.get(teamKey(dep.team));
      if (targets && targets.length > 0) {
        for (const t of targets) if (t !== doc) edges.push({ from: docId(doc), to: docId(t), kind: 'depends', label: dep.what });
        continue;
      }
      if (docs.length < 2 || known.has(teamKey(dep.team))) continue;
      const names = (teamNames ??= [...new Set(docs.map((d) => d.team).filter((t): t is string => t !== null))]);
      let near = nearTeams.get(dep.team);
      if (near === undefined) nearTeams.set(dep.team, (near = nearTeam(names, dep.team)));
      report(doc, {
        ruleId: 'dependency-unknown-team',
        message: `No OKR document in this workspace belongs to “${clip(dep.team, 40)}”${near ? `: did you mean ${near}?` : ''}. A dependency on a team without OKRs is easy to miss: ask them to commit to it, or list the team under this rule's knownTeams option.`,
        range: dep.range,
        related: [],
      });
    }
  }
  for (const list of reports.values()) list.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { nodes, edges, roots, teams, reports, node: (id) => byId.get(id) };

  function targetId(t: Target): string {
    // A state's id is its objective's id; a KR's id appends /kr-<n> to it.
    return t.kind === 'document' ? docId(t.doc) : t.kind === 'objective' ? stateOf(t.doc, t.index).id : krIdOf(stateOf(t.doc, t.index), t.kr);
  }
}

/** Rewrites a link to point at another file or heading; the link text stays. */
function linkFix(ref: RefSummary, path: string, fragment: string | null): Suggestion {
  const url = `${path}${fragment ? `#${fragment}` : ''}`;
  return { title: `Link to ${url}`, range: ref.range, text: `[${ref.text.replace(/[[\]]/g, '\\$&')}](${url.replace(/[ ()]/g, (c) => encodeURIComponent(c))})` };
}

const krIdCache = new WeakMap<object, string[]>();

/**
 * A KR's node id: its objective's, then a slug of its text (`-2` for a
 * repeat), so ids survive KRs being reordered, added or removed, and a
 * history delta can tell a new KR from a changed one.
 */
function krIdOf(s: { id: string; objective: ObjectiveSummary }, j: number): string {
  let ids = krIdCache.get(s.objective);
  if (!ids) {
    const seen = new Map<string, number>();
    ids = s.objective.keyResults.map((kr, i) => {
      const base = githubSlug(kr.text).slice(0, 80) || `kr-${i + 1}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${s.id}/${n === 1 ? base : `${base}-${n}`}`;
    });
    krIdCache.set(s.objective, ids);
  }
  return ids[j]!;
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
