import type { Code, Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, RootContent, Table, TableRow } from 'mdast';
import type { ParsedMarkdown } from '../parse/parse';
import { movedRange, type LineIndex, type Range } from '../types';
import { columnFor, type KrColumn } from './aliases';
import { parseConfidence, parseKrType, parseLadder, parseOwner, parseScore, splitLabel, type ConfidenceScale } from './fields';
import { parseQuantity } from './quantity';
import { isPeriodHeading, parseQuarter } from './quarter';
import type {
  Alignment,
  AlignmentRef,
  Blocker,
  ConfidenceField,
  ContextItem,
  DefinedId,
  Heading as DocHeading,
  Dependency,
  Field,
  Item,
  KeyResult,
  OkrDocument,
  Objective,
  OwnerField,
  Priority,
  QuantityField,
  WeeklyRow,
  WeeklyTable,
} from './schema';
import { readKrLabel, readSentence, type SentenceValue, type Span } from './sentence';
import { Flat, memoize, plain, Slugger, squash } from './text';

/** Options that change how a document is read. */
export interface BuildOptions {
  /** Month (1–12) fiscal years start in, for `FY23-Q3` quarters. Default 1. */
  fiscalYearStartMonth?: number;
  /** How confidence values are written. Default `0-1`. */
  confidenceScale?: ConfidenceScale;
  /**
   * Reuse the KRs read from a table node seen in an earlier build, when the
   * very same node (IncrementalAnalyzer reuses unchanged nodes) is still at
   * the same place. Off for one-off analyses, where every node is new.
   */
  reuseTables?: boolean;
}

/**
 * What reading a table did, in row order: a KR (pristine, before anything else
 * touched it) or a lazy line read as the statement it was meant to be (whether
 * a row is one depends only on its text; what reading it does depends on the
 * builder's state, so it is read again). And where the table was.
 */
interface TableMemo {
  line: number;
  offset: number;
  scale: ConfidenceScale;
  events: Array<{ kr: KeyResult } | { lazy: TableRow }>;
}
const tableMemos = new WeakMap<Table, TableMemo>();

function copiedField<F extends { range: Range }>(f: F | null): F | null {
  return f ? { ...f, range: movedRange(f.range, 0, 0) } : null;
}

function shiftRangeInPlace(r: Range, lines: number, offset: number): void {
  r.start.line += lines;
  r.start.offset += offset;
  r.end.line += lines;
  r.end.offset += offset;
}

/** Moves the ranges of a KR made by `copiedKr` (each range and point its own object) in place. */
function shiftKrInPlace(kr: KeyResult, lines: number, offset: number): void {
  shiftRangeInPlace(kr.range, lines, offset);
  shiftRangeInPlace(kr.textRange, lines, offset);
  for (const f of [kr.baseline, kr.target, kr.current, kr.owner, kr.confidence, kr.score, kr.weight, kr.status, kr.due, kr.ladder]) if (f) shiftRangeInPlace(f.range, lines, offset);
}

/** A copy of a KR with fresh range objects (none shared with the tree or the builder's model). */
function copiedKr(kr: KeyResult): KeyResult {
  return {
    ...kr,
    range: movedRange(kr.range, 0, 0),
    textRange: movedRange(kr.textRange, 0, 0),
    baseline: copiedField(kr.baseline),
    target: copiedField(kr.target),
    current: copiedField(kr.current),
    owner: copiedField(kr.owner),
    confidence: copiedField(kr.confidence),
    score: copiedField(kr.score),
    weight: copiedField(kr.weight),
    status: copiedField(kr.status),
    due: copiedField(kr.due),
    ladder: copiedField(kr.ladder),
  };
}


/**
 * Quantities and owners are pure functions of a cell's text, and a document's
 * next version repeats almost all of its cells: memoised, an edit re-reads only
 * the cells it changed. The results are never mutated, so sharing them is safe.
 */
const quantityOf = memoize(parseQuantity, 8192);
const ownerOf = memoize(parseOwner, 4096);

type ListKind = 'kr' | 'initiatives' | 'context' | 'dependencies' | 'notDoing' | 'priorities' | 'blockers' | 'other';

interface ObjectiveDraft {
  objective: Objective;
  /** Heading depth, or the enclosing heading depth + 0.5 for paragraph and list objectives. */
  depth: number;
  explicit: boolean;
}

const OBJECTIVE_LABEL = /^(?:objective|objetivo|objectif|O)[ \t]*(?:#?[ \t]*(\d+(?:\.\d+)*))?[ \t]*(?:[:.)\-—–][ \t]*|$)/i;
const ID_PATTERN = /\b[A-Z]{1,6}(?:-[A-Z0-9]{1,8})*-\d{1,4}\b/g;
const ID_HEADING = /^([A-Z]{1,6}(?:-[A-Z0-9]{1,8})*-\d{1,4})[ \t]*[:—–-][ \t]*(.+)$/;
const ALIGN_LABEL = /^(?:supports|parent|parent objective|aligns? to|aligned (?:to|with)|alignment|contributes to|ladders? up to|[\w ]*okr alignment)\s*:\s*/i;
const NO_COLUMNS: ReadonlySet<KrColumn> = new Set();
const SENTENCE_VALUES: SentenceValue[] = ['baseline', 'target', 'current', 'owner', 'confidence', 'due'];

const SECTION = new RegExp(
  [
    String.raw`^(?<kr>key results?|krs|key results \(krs\)|results|resultados[- ]chave|resultados chave|we['’]ll know we['’]re successful when|we will know we are successful when|success criteria|measured by|how we['’]ll measure(?: success)?)$`,
    String.raw`^(?<initiatives>(?:key )?initiatives?|iniciativas(?: principais)?|key projects)$`,
    String.raw`^(?<context>context|background|contexto)$`,
    String.raw`^(?<dependencies>dependenc(?:y|ies)|depend[eê]ncias|cross-team dependencies)$`,
    String.raw`(?<notDoing>\bnot doing\b|\bwon['’]?t do\b|\bwill not do\b|\bnot working on\b|\bout of scope\b|\bnon-goals?\b|\bnot in scope\b|\bnão vamos\b|\bfora do escopo\b)`,
    String.raw`^(?<priorities>top \d+(?: priorities)?(?: this week)?|priorities(?: this week)?)$`,
    String.raw`^(?<blockers>blockers?|impediments?|bloqueios)$`,
  ].join('|'),
);

/** Words every section label contains one of: a cheap filter before SECTION. */
const SECTION_WORDS = /result|krs|initiativ|iniciativ|project|context|background|depend|not |won|out of|scope|escopo|não|goal|succe|measur|top \d|priorit|blocker|impediment|bloqueio/i;

/** The kind of list a heading or label introduces, or null for any other text. */
const sectionKind = memoize((text: string): ListKind | null => {
  if (text.length > 80 || !SECTION_WORDS.test(text)) return null;
  const t = text
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/[^\p{L}\p{N}'’ ()\-/]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m = SECTION.exec(t);
  if (!m?.groups) return null;
  for (const [kind, value] of Object.entries(m.groups)) if (value !== undefined) return kind as ListKind;
  return null;
});

/**
 * The range of an mdast node. The model shares the parser's position objects
 * (micromark always sets offsets) instead of copying them: neither side mutates
 * them, and a document has thousands.
 */
function rangeOf(node: { position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } } }, lines: LineIndex): Range {
  const p = node.position;
  if (!p) return lines.range(0, 0);
  if (p.start.offset !== undefined && p.end.offset !== undefined) return p as Range;
  return {
    start: { line: p.start.line, column: p.start.column, offset: p.start.offset ?? lines.lineStart(p.start.line) + p.start.column - 1 },
    end: { line: p.end.line, column: p.end.column, offset: p.end.offset ?? lines.lineStart(p.end.line) + p.end.column - 1 },
  };
}

function startOffset(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

/** True when a paragraph is nothing but bold text (and an optional trailing colon). */
function isBoldOnly(children: readonly PhrasingContent[]): boolean {
  const meaningful = children.filter((c) => !(c.type === 'text' && /^[\s:：.]*$/.test(c.value)));
  return meaningful.length === 1 && meaningful[0]!.type === 'strong';
}

function cleanTitle(text: string): string {
  return squash(text)
    .replace(/^[^\p{L}\p{N}"“'(¿¡[]+/u, '')
    .replace(/[\s:：]+$/, '')
    .trim();
}

class Builder {
  private readonly slugger = new Slugger();
  private readonly scale: ConfidenceScale;
  private title: string | null = null;
  private titleRange: Range | null = null;
  private titleSlug: string | null = null;
  private readonly explicit: ObjectiveDraft[] = [];
  private readonly candidates: ObjectiveDraft[] = [];
  private readonly orphans: KeyResult[] = [];
  private headingDepth = 0;
  private obj: ObjectiveDraft | null = null;
  private section: { kind: ListKind; depth: number } | null = null;
  private krDetail: { kr: KeyResult; depth: number } | null = null;
  private statementSlot: { kr: KeyResult; depth: number } | null = null;
  private pendingList: ListKind | null = null;
  private pendingTitle: ObjectiveDraft | null = null;
  private pendingOwner: { field: Field; depth: number } | null = null;
  private lastKr: KeyResult | null = null;
  private lastLine = 1;
  private periodQuarter: string | null = null;
  private readonly context: ContextItem[] = [];
  private contextRange: Range | null = null;
  private readonly docAlignments: Alignment[] = [];
  private readonly docInitiatives: Item[] = [];
  private readonly dependencies: Dependency[] = [];
  private dependenciesRange: Range | null = null;
  private readonly notDoing: Item[] = [];
  private notDoingRange: Range | null = null;
  private readonly weeklyTables: WeeklyTable[] = [];
  private readonly priorities: Priority[] = [];
  private readonly blockers: Blocker[] = [];
  private readonly definedIds: DefinedId[] = [];
  private readonly headings: DocHeading[] = [];

  constructor(
    private readonly parsed: ParsedMarkdown,
    private readonly options: BuildOptions,
  ) {
    this.scale = options.confidenceScale ?? '0-1';
  }

  private get lines(): LineIndex {
    return this.parsed.lines;
  }

  build(): OkrDocument {
    for (const block of this.parsed.root.children) {
      this.block(block);
      if (block.position) this.lastLine = Math.max(this.lastLine, block.position.end.line);
    }
    this.closeObjective();
    return this.finish();
  }

  // ---- blocks --------------------------------------------------------------

  private block(node: RootContent): void {
    if (this.statementSlot && node.type !== 'heading') this.statementSlot = null;
    switch (node.type) {
      case 'heading':
        this.heading(node);
        break;
      case 'paragraph':
        this.paragraph(node);
        break;
      case 'list':
        this.list(node, this.takePendingList());
        break;
      case 'table':
        this.table(node);
        break;
      case 'code':
        this.code(node);
        break;
      default:
        break;
    }
  }

  private takePendingList(): ListKind | null {
    const kind = this.pendingList;
    this.pendingList = null;
    return kind;
  }

  private heading(node: Heading): void {
    const flat = Flat.of(node.children, startOffset(node));
    const text = squash(flat.text);
    const d = node.depth;
    const range = rangeOf(node, this.lines);
    const slug = this.slugger.slug(plain(node.children).trim());
    this.headings.push({ text, slug, depth: d, range });

    // The heading right under a KR heading holds its statement (`## KR1 — Leading Metric` / `### ≥ 65% …`).
    if (this.statementSlot && d > this.statementSlot.depth && !readKrLabel(text) && !OBJECTIVE_LABEL.test(text)) {
      const kr = this.statementSlot.kr;
      this.statementSlot = null;
      this.setStatement(kr, flat, range);
      return;
    }
    this.statementSlot = null;
    this.pendingList = null;
    this.pendingTitle = null;
    if (this.krDetail && d <= this.krDetail.depth) this.krDetail = null;
    if (this.section && d <= this.section.depth) this.section = null;
    if (this.pendingOwner && d < this.pendingOwner.depth) this.pendingOwner = null;

    const krLabel = readKrLabel(text);
    const kind = sectionKind(text);
    const keepsObjective = krLabel !== null || kind === 'kr';
    if (this.obj && d <= this.obj.depth && !keepsObjective) this.closeObjective();
    this.headingDepth = d;

    if (d === 1 && this.title === null && !OBJECTIVE_LABEL.test(text)) {
      this.title = cleanTitle(text) || text;
      this.titleRange = range;
      this.titleSlug = slug;
      return;
    }
    const objective = OBJECTIVE_LABEL.exec(text);
    if (objective) {
      const titleStart = objective[0].length;
      const draft = this.openObjective(flat, titleStart, range, d, true, slug);
      if (draft.objective.title === '') this.pendingTitle = draft;
      return;
    }
    const idHeading = ID_HEADING.exec(text);
    if (idHeading && d >= 2) {
      const draft = this.openObjective(flat, text.indexOf(idHeading[2]!), range, d, true, slug);
      this.defineId(draft, idHeading[1]!, range);
      return;
    }
    if (krLabel) {
      const kr = this.newKr('heading', flat, range, range);
      this.attachKr(kr);
      this.krDetail = { kr, depth: d };
      this.statementSlot = { kr, depth: d };
      return;
    }
    if (kind) {
      this.section = { kind, depth: d };
      this.noteSection(kind, range);
      return;
    }
    const label = splitLabel(text, 3);
    if (label && columnFor(label.label) === 'owner') {
      const field: Field = { text: label.value, range: flat.range(this.lines, label.valueIndex, flat.text.length), source: 'field' };
      if (this.obj && !this.obj.objective.owner) this.obj.objective.owner = field;
      else this.pendingOwner = { field, depth: d };
      return;
    }
    if (isPeriodHeading(text)) {
      if (!this.periodQuarter && this.explicit.length === 0 && this.candidates.length === 0) this.periodQuarter = text;
      return;
    }
    // Any other heading may head an objective written without a label.
    if (!this.obj || !this.obj.explicit) this.openObjective(flat, 0, range, d, false, slug);
  }

  private noteSection(kind: ListKind, range: Range): void {
    if (kind === 'context' && !this.contextRange) this.contextRange = range;
    if (kind === 'dependencies' && !this.dependenciesRange) this.dependenciesRange = range;
    if (kind === 'notDoing' && !this.notDoingRange) this.notDoingRange = range;
  }

  private paragraph(node: Paragraph): void {
    const flat = Flat.of(node.children, startOffset(node));
    const text = flat.text.trim();
    const range = rangeOf(node, this.lines);
    if (text === '') return;

    if (this.pendingTitle) {
      const draft = this.pendingTitle;
      this.pendingTitle = null;
      if (!ALIGN_LABEL.test(text) && !/^ID\s*:/i.test(text)) {
        const firstLine = text.split('\n')[0]!;
        draft.objective.title = cleanTitle(firstLine);
        const lead = flat.text.indexOf(firstLine);
        draft.objective.titleRange = flat.range(this.lines, lead, lead + firstLine.length);
        return;
      }
    }

    // One paragraph may hold several `Label: value` lines (soft line breaks).
    const lineTexts = splitLines(flat.text);
    if (lineTexts.length > 1 && lineTexts.some((l) => this.isLineStatement(l.text))) {
      for (const l of lineTexts) if (this.isLineStatement(l.text)) this.lineStatement(flat, l.start, l.text, node);
      return;
    }
    if (this.isLineStatement(text)) {
      this.lineStatement(flat, flat.text.indexOf(text), text, node);
      return;
    }

    if (isBoldOnly(node.children)) {
      const kind = sectionKind(text);
      if (kind) {
        this.pendingList = kind;
        this.noteSection(kind, range);
        if (kind !== 'kr' && kind !== 'initiatives') this.section = { kind, depth: this.headingDepth + 0.5 };
        return;
      }
      if (!this.obj || !this.obj.explicit) {
        this.openObjective(flat, 0, range, this.headingDepth + 0.5, false, null);
        return;
      }
      this.pendingList = 'other';
      return;
    }
    // A plain label line (`Within this area, in Q2 we are not working on:`).
    if (/[:：]\s*$/.test(text) && text.length < 120) {
      const kind = sectionKind(text.replace(/[:：]\s*$/, ''));
      this.pendingList = kind ?? (text.split(/\s+/).length <= 6 ? 'other' : this.pendingList);
      if (kind) this.noteSection(kind, range);
    }
  }

  /** A line that says something on its own: an objective, a KR, a field, an alignment, an ID, a ladder. */
  private isLineStatement(text: string): boolean {
    if (OBJECTIVE_LABEL.test(text) || readKrLabel(text) || ALIGN_LABEL.test(text) || /^ID\s*:/i.test(text)) return true;
    if (/^scoring\b[^:]{0,80}:/i.test(text)) return true;
    const label = splitLabel(text, 4);
    return label !== null && columnFor(label.label) !== null && label.value !== '';
  }

  private lineStatement(flat: Flat, at: number, text: string, node: Paragraph | ListItem): void {
    const end = at + text.length;
    const range = flat.range(this.lines, at, end);
    const objective = OBJECTIVE_LABEL.exec(text);
    if (objective) {
      const sub = flat.slice(at, end);
      const draft = this.openObjective(sub, objective[0].length, range, this.headingDepth + 0.5, true, null);
      if (draft.objective.title === '') this.pendingTitle = draft;
      return;
    }
    if (readKrLabel(text)) {
      const kr = this.newKr('paragraph', flat.slice(at, end), range, range);
      this.attachKr(kr);
      this.krDetail = { kr, depth: this.headingDepth + 0.5 };
      return;
    }
    if (ALIGN_LABEL.test(text)) {
      const label = /^(.*?)\s*:/.exec(text)![1]!.replace(/[*_]/g, '').trim();
      const alignment: Alignment = { label, refs: this.refsIn(node, at, end, flat), range };
      if (this.obj) this.obj.objective.alignments.push(alignment);
      else this.docAlignments.push(alignment);
      return;
    }
    const idLine = /^ID\s*:\s*(\S+)/i.exec(text);
    if (idLine) {
      if (this.obj) this.defineId(this.obj, idLine[1]!, range);
      return;
    }
    const scoring = /^scoring\b\s*(?:\(([^)]*)\)|for\s+([^:]+))?\s*:\s*/i.exec(text);
    if (scoring) {
      const steps = parseLadder(text.slice(scoring[0].length));
      const kr = this.findKr(scoring[1] ?? scoring[2] ?? null);
      if (steps && kr) kr.ladder = { text: text.slice(scoring[0].length), range, steps };
      return;
    }
    const label = splitLabel(text, 4);
    if (!label) return;
    const column = columnFor(label.label);
    const valueStart = at + label.valueIndex;
    const target = this.krDetail?.kr ?? null;
    if (target && column) {
      this.applyField(target, column, flat, valueStart, end, 'field');
    } else if (this.obj && column === 'owner' && !this.obj.objective.owner) {
      this.obj.objective.owner = { text: label.value, range: flat.range(this.lines, valueStart, end), source: 'field' };
    }
  }

  private list(node: List, kind: ListKind | null): void {
    const effective = kind ?? this.section?.kind ?? null;
    const items = node.children;
    items.forEach((item, index) => this.listItem(item, effective, index === items.length - 1));
  }

  private listItem(item: ListItem, kind: ListKind | null, last: boolean): void {
    const first = item.children[0];
    const nested = item.children.filter((c): c is List => c.type === 'list');
    if (!first || first.type !== 'paragraph') {
      for (const n of nested) this.list(n, kind);
      return;
    }
    const flat = Flat.of(first.children, startOffset(first));
    const text = squash(flat.text);
    const at = flat.text.indexOf(flat.text.trim());
    const itemRange = rangeOf(item, this.lines);
    const textRange = flat.range(this.lines, at, at + flat.text.trim().length);
    if (text === '') return;

    switch (kind) {
      case 'context':
        this.contextItem(first, flat, text, itemRange);
        return;
      case 'dependencies':
        this.dependencies.push(readDependency(text, itemRange));
        return;
      case 'notDoing':
        this.notDoing.push({ text, range: itemRange });
        return;
      case 'initiatives':
        (this.obj ? this.obj.objective.initiatives : this.docInitiatives).push({ text, range: itemRange });
        return;
      case 'priorities': {
        const m = /(?:→|->)\s*supports?\s*:?\s*\[?([^\]]+?)\]?\s*$/i.exec(text);
        this.priorities.push({ text, supports: m ? m[1]!.trim() : null, range: itemRange });
        return;
      }
      case 'blockers': {
        const m = /^(.+?)\s*(?:→|->|—|–)\s*need(?:s)?\s+(.+?)(?:\s+from\s+(.+?))?\s*$/i.exec(text);
        this.blockers.push({ text, blocker: m ? m[1]!.trim() : text, need: m ? m[2]!.trim() : null, from: m?.[3]?.trim() ?? null, range: itemRange });
        return;
      }
      case 'other':
        return;
      default:
        break;
    }

    // Objectives written as list items (`* **Objective:** …`) with their KRs nested.
    const objective = OBJECTIVE_LABEL.exec(text);
    if (objective && (kind !== 'kr' || nested.length > 0)) {
      const draft = this.openObjective(flat.slice(at, flat.text.length), objective[0].length, itemRange, this.headingDepth + 0.5, true, null);
      draft.objective.titleRange = textRange;
      for (const n of nested) this.list(n, 'kr');
      return;
    }
    if (ALIGN_LABEL.test(text) || /^ID\s*:/i.test(text) || /^scoring\b[^:]{0,80}:/i.test(text)) {
      this.lineStatement(flat, at, flat.text.trim(), item);
      return;
    }
    const label = splitLabel(text, 4);
    const column = label ? columnFor(label.label) : null;
    if (label && column && !readKrLabel(text) && label.value !== '') {
      // `- Baseline: 41%` under a KR.
      const kr = this.krDetail?.kr ?? null;
      if (kr && column !== 'kr') {
        const valueStart = flat.text.indexOf(label.value, at + label.valueIndex - 1);
        this.applyField(kr, column, flat, valueStart < 0 ? at + label.valueIndex : valueStart, at + flat.text.trim().length, 'field');
      } else if (this.obj && column === 'owner' && !this.obj.objective.owner) {
        this.obj.objective.owner = { text: label.value, range: textRange, source: 'field' };
      }
      return;
    }
    const bold = isBoldOnly(first.children);
    const boldLabel = boldLead(first.children);
    if (bold) {
      const section = sectionKind(text);
      if (nested.length > 0) {
        if (section) {
          for (const n of nested) this.list(n, section);
        } else if (!this.obj || !this.obj.explicit) {
          this.openObjective(flat.slice(at, flat.text.length), 0, itemRange, this.headingDepth + 0.5, false, null);
          for (const n of nested) this.list(n, 'kr');
        }
        return;
      }
      if (last) this.pendingList = section ?? 'other';
      return;
    }
    if (boldLabel && !readKrLabel(text) && kind !== 'kr') {
      // `- **Active from:** 09.05.19`: a field of the objective, not a KR.
      return;
    }
    if (this.krDetail && kind === null) {
      // Notes under a KR heading (`* 38 / 52`) are details, not new KRs.
      return;
    }
    const explicitKr = readKrLabel(text) !== null;
    if (!explicitKr && (isLinkOnly(first.children) || !looksLikeKr(text, kind === 'kr'))) return;
    if (!this.obj && !explicitKr && kind !== 'kr') return;
    const kr = this.newKr('bullet', flat.slice(at, flat.text.length), itemRange, textRange);
    this.attachKr(kr);
    const saved = this.krDetail;
    this.krDetail = { kr, depth: Number.POSITIVE_INFINITY };
    for (const n of nested) this.list(n, null);
    this.krDetail = saved;
  }

  private table(node: Table): void {
    const [head, ...body] = node.children;
    if (!head) return;

    if (this.section?.kind === 'dependencies' || this.pendingList === 'dependencies') {
      for (const row of body) {
        const text = row.children.map((c) => squash(plain(c))).filter(Boolean).join(' — ');
        if (text) this.dependencies.push({ ...readDependency(text, rangeOf(row, this.lines)), team: null });
      }
      this.pendingList = null;
      return;
    }
    this.pendingList = null;

    const at = node.position?.start;
    const memo = this.options.reuseTables ? tableMemos.get(node) : undefined;
    if (memo && at?.offset !== undefined && memo.scale === this.scale) {
      // The same table, maybe moved by whole lines (chunks start at a line start, so columns hold): the
      // pristine KRs with their ranges moved are what reading the table again gives. Like the tree's
      // positions (IncrementalAnalyzer), their ranges are moved in place, which moves them in the model the
      // previous build returned too: that model is superseded by this one. Each build gets shallow copies,
      // since the builder may still replace a KR's field after reading it (a later `Scoring:` line sets its
      // ladder); nothing changes a field or a range of a KR in place but this.
      const lines = at.line - memo.line;
      const offset = at.offset - memo.offset;
      if (lines !== 0 || offset !== 0) {
        for (const event of memo.events) if ('kr' in event) shiftKrInPlace(event.kr, lines, offset);
        memo.line = at.line;
        memo.offset = at.offset;
      }
      for (const event of memo.events) {
        if ('kr' in event) this.attachKr({ ...event.kr });
        else this.lazyLine(event.lazy);
      }
      return;
    }
    const events: TableMemo['events'] = [];
    const cacheable = this.options.reuseTables === true && at?.offset !== undefined;
    const headers = head.children.map((c) => squash(plain(c)));
    const columns = headers.map((h) => columnFor(h));
    const col = (k: KrColumn): number => columns.indexOf(k);
    const tableRange = rangeOf(node, this.lines);

    const nameCol = col('kr') >= 0 ? col('kr') : col('text');
    if (col('last') >= 0 && nameCol >= 0) {
      this.weeklyTable(node, headers, columns, nameCol, tableRange);
      return;
    }
    // Each cell flattened once; the same texts serve classification and values.
    const rows = body.map((row) => {
      const flats = row.children.map((c) => Flat.of(c.children, startOffset(c)));
      return { row, flats, texts: flats.map((f) => squash(f.text)) };
    });
    const columnTexts = (i: number): string[] => rows.map((r) => r.texts[i] ?? '');
    let krCol = col('kr');
    let textCol = col('text');
    const emptyHeader = headers.findIndex((h) => h === '');
    const idCol = [krCol, emptyHeader].find((i) => i >= 0 && mostlyIds(columnTexts(i))) ?? -1;
    if (idCol === krCol) krCol = -1;
    const targetCol = col('target');
    if (textCol < 0) textCol = krCol;
    if (textCol < 0 && idCol >= 0 && targetCol >= 0 && mostlySentences(columnTexts(targetCol))) textCol = targetCol;
    if (textCol < 0) return;
    const statementInTarget = textCol === targetCol;
    // Values the table has a column for come from the cells, not from the KR sentence.
    const fromCells = new Set(columns.filter((c): c is KrColumn => c !== null && !(statementInTarget && c === 'target')));

    for (const { row, flats, texts } of rows) {
      const textCell = row.children[textCol];
      const flat = flats[textCol];
      if (!textCell || !flat || texts[textCol] === '') continue;
      if (headers.length > 1 && texts[0] !== '' && texts.every((t, i) => i === 0 || t === '') && this.lazyLine(row)) {
        if (cacheable) events.push({ lazy: row });
        continue;
      }
      const rowRange = rangeOf(row, this.lines);
      const lead = flat.text.length - flat.text.trimStart().length;
      const textRange = flat.range(this.lines, lead, flat.text.trimEnd().length);
      const kr = this.newKr('table', flat, rowRange, textRange, headers, fromCells);
      if (idCol >= 0) {
        const id = normaliseId(texts[idCol] ?? '');
        if (id) kr.id = id;
      }
      columns.forEach((c, i) => {
        if (c === null || i === textCol || i === idCol || c === 'kr' || c === 'text') return;
        if (statementInTarget && c === 'target') return;
        const cell = row.children[i];
        const cf = flats[i];
        if (!cell || !cf) {
          // A row with fewer cells than the header: the value is missing.
          const end = rowRange.end.offset;
          this.setField(kr, c, { text: '', range: this.lines.range(end, end), source: 'cell' });
          return;
        }
        const l = cf.text.length - cf.text.trimStart().length;
        const range = cell.children.length > 0 ? cf.range(this.lines, l, cf.text.trimEnd().length) : rangeOf(cell, this.lines);
        this.setField(kr, c, { text: texts[i]!, range, source: 'cell' });
      });
      if (cacheable) events.push({ kr: copiedKr(kr) });
      this.attachKr(kr);
    }
    if (cacheable && at) tableMemos.set(node, { line: at.line, offset: at.offset!, scale: this.scale, events });
  }

  /**
   * A line written right under a table without a blank line becomes a table
   * row in GFM (`**Key initiatives:**`, `Scoring: …`). When only its first cell
   * has text and that text is a label or a statement, read it as the line it was meant to be.
   */
  private lazyLine(row: TableRow): boolean {
    const cell = row.children[0]!;
    const flat = Flat.of(cell.children, startOffset(cell));
    const text = flat.text.trim();
    if (this.isLineStatement(text) && !readKrLabel(text)) {
      this.lineStatement(flat, flat.text.indexOf(text), text, { type: 'paragraph', children: cell.children, position: cell.position });
      return true;
    }
    if (isBoldOnly(cell.children) || /[:：]$/.test(text)) {
      const kind = sectionKind(text.replace(/[:：]$/, ''));
      this.pendingList = kind ?? 'other';
      if (kind) this.noteSection(kind, rangeOf(row, this.lines));
      return true;
    }
    return false;
  }

  private weeklyTable(node: Table, headers: string[], columns: Array<KrColumn | null>, nameCol: number, range: Range): void {
    const rows: WeeklyRow[] = [];
    for (const row of node.children.slice(1)) {
      const field = (k: KrColumn): Field | null => {
        const i = columns.indexOf(k);
        const cell = i >= 0 ? row.children[i] : undefined;
        if (!cell) return null;
        return { text: squash(plain(cell)), range: rangeOf(cell, this.lines), source: 'cell' };
      };
      const q = (f: Field | null): QuantityField | null => (f ? { ...f, quantity: quantityOf(f.text) } : null);
      const c = (f: Field | null): ConfidenceField | null => (f ? { ...f, value: parseConfidence(f.text, this.scale) } : null);
      const name = row.children[nameCol] ? squash(plain(row.children[nameCol]!)) : '';
      if (name === '') continue;
      rows.push({
        name,
        last: q(field('last')),
        current: q(field('current')),
        delta: field('delta'),
        status: field('status'),
        note: field('note'),
        confidence: c(field('confidence')),
        lastConfidence: c(field('lastConfidence')),
        range: rangeOf(row, this.lines),
      });
    }
    this.weeklyTables.push({ columns: headers, rows, range });
  }

  /** KRs pasted as plain text become indented code (`    KR2: …`); a person still reads them as KRs. */
  private code(node: Code): void {
    if (node.lang || !node.position) return;
    const startLine = node.position.start.line;
    if (!/^(?: {4}|\t)/.test(this.lines.lineText(startLine))) return;
    let line = startLine;
    for (const raw of node.value.split('\n')) {
      const text = raw.trim();
      if (text !== '' && readKrLabel(text)) {
        const lineText = this.lines.lineText(line);
        const col = lineText.indexOf(text);
        const offset = this.lines.lineStart(line) + Math.max(0, col);
        const range = this.lines.range(offset, offset + text.length);
        const kr = this.newKr('paragraph', Flat.synthetic(text, offset), range, range);
        this.attachKr(kr);
      }
      line++;
    }
  }

  // ---- pieces --------------------------------------------------------------

  private contextItem(first: Paragraph, flat: Flat, text: string, range: Range): void {
    const label = splitLabel(text, 8);
    const item: ContextItem = { text, range, label: label?.label ?? null, value: label?.value ?? text };
    this.context.push(item);
    if (label && /\bsupports?\b|\baligns?\b|\bparent\b/i.test(label.label)) {
      const at = flat.text.indexOf(flat.text.trim());
      this.docAlignments.push({ label: label.label, refs: this.refsIn(first, at, at + flat.text.trim().length, flat), range });
    }
  }

  private refsIn(node: Paragraph | ListItem, from: number, to: number, flat: Flat): AlignmentRef[] {
    const refs: AlignmentRef[] = [];
    const para = node.type === 'listItem' ? node.children.find((c): c is Paragraph => c.type === 'paragraph') : node;
    const fromOffset = flat.offset(from);
    const toOffset = flat.offset(to);
    const inSpan = (n: Nodes): boolean => {
      const s = n.position?.start.offset ?? -1;
      return s >= fromOffset && s < toOffset;
    };
    const visit = (n: Nodes): void => {
      if (n.type === 'link') {
        if (!inSpan(n)) return;
        const [path, fragment] = splitUrl(n.url);
        refs.push({ kind: 'link', text: squash(plain(n)), path, fragment, range: rangeOf(n, this.lines) });
        return;
      }
      if (n.type === 'text') {
        // One text node can hold several lines (`ID: GR-1` then `Supports: PL-1`): keep the IDs inside the span.
        const base = n.position?.start.offset ?? 0;
        if ((n.position?.end.offset ?? 0) <= fromOffset || base >= toOffset) return;
        const exact = n.position ? n.position.end.offset! - base === n.value.length : false;
        if (!exact && !inSpan(n)) return;
        for (const m of n.value.matchAll(ID_PATTERN)) {
          const s = exact ? base + m.index : base;
          if (exact && (s < fromOffset || s >= toOffset)) continue;
          refs.push({ kind: 'id', text: m[0], path: null, fragment: null, range: this.lines.range(s, exact ? s + m[0].length : n.position!.end.offset!) });
        }
        return;
      }
      if ('children' in n) for (const c of n.children as Nodes[]) visit(c);
    };
    if (para) visit(para);
    return refs;
  }

  private defineId(draft: ObjectiveDraft, id: string, range: Range): void {
    draft.objective.id = id;
    this.definedIds.push({ id, text: draft.objective.title, range });
  }

  private openObjective(flat: Flat, titleStart: number, range: Range, depth: number, explicit: boolean, slug: string | null): ObjectiveDraft {
    this.closeObjective();
    const raw = flat.text.slice(titleStart);
    const title = cleanTitle(raw);
    const lead = raw.indexOf(title);
    const titleRange =
      title === '' ? range : flat.range(this.lines, titleStart + Math.max(0, lead), titleStart + Math.max(0, lead) + title.length);
    let id: string | null = null;
    const label = /^(O\d+(?:\.\d+)?)\b/i.exec(flat.text.trim());
    if (label && explicit) id = label[1]!.toUpperCase();
    const paren = /\(([A-Z]{1,6}(?:-[A-Z0-9]{1,8})*-\d{1,4})\)/.exec(flat.text.slice(0, titleStart + 40));
    const objective: Objective = {
      id,
      title,
      range,
      titleRange,
      depth: Number.isInteger(depth) ? depth : 0,
      explicit,
      slug,
      alignments: [],
      owner: null,
      keyResults: [],
      initiatives: [],
      endLine: range.end.line,
    };
    const draft: ObjectiveDraft = { objective, depth, explicit };
    if (paren) this.defineId(draft, paren[1]!, range);
    if (this.pendingOwner) {
      objective.owner = this.pendingOwner.field;
      this.pendingOwner = null;
    }
    (explicit ? this.explicit : this.candidates).push(draft);
    this.obj = draft;
    this.krDetail = null;
    this.section = null;
    this.pendingList = null;
    return draft;
  }

  private closeObjective(): void {
    if (!this.obj) return;
    this.obj.objective.endLine = Math.max(this.obj.objective.range.end.line, this.lastLine);
    this.obj = null;
    this.krDetail = null;
  }

  private attachKr(kr: KeyResult): void {
    if (this.obj) this.obj.objective.keyResults.push(kr);
    else this.orphans.push(kr);
    this.lastKr = kr;
  }

  private findKr(name: string | null): KeyResult | null {
    const krs = this.obj?.objective.keyResults ?? [];
    if (name) {
      const n = name.trim().toLowerCase();
      const found =
        krs.find((k) => k.id?.toLowerCase() === n.replace(/\s+/g, '')) ??
        krs.find((k) => k.text.toLowerCase() === n) ??
        krs.find((k) => k.text.toLowerCase().startsWith(n) || n.startsWith(k.text.toLowerCase()));
      if (found) return found;
    }
    return krs[krs.length - 1] ?? this.lastKr;
  }

  private newKr(
    kind: KeyResult['kind'],
    flat: Flat,
    range: Range,
    textRange: Range,
    columns: string[] | null = null,
    fromCells: ReadonlySet<KrColumn> = NO_COLUMNS,
  ): KeyResult {
    const wanted = new Set(SENTENCE_VALUES.filter((v) => !fromCells.has(v)));
    const s = readSentence(flat.text, this.scale, wanted);
    const text = squash(s.statement.text);
    const kr: KeyResult = {
      id: s.id ? s.id.text : null,
      text,
      range,
      textRange: text === '' ? textRange : this.spanRange(flat, s.statement, textRange),
      kind,
      columns,
      baseline: null,
      target: null,
      current: null,
      owner: null,
      confidence: null,
      score: null,
      weight: null,
      status: null,
      due: null,
      type: null,
      ladder: null,
    };
    for (const value of SENTENCE_VALUES) {
      if (!fromCells.has(value)) this.setField(kr, value, this.inlineField(flat, s[value], range));
    }
    return kr;
  }

  /** A value read from a KR sentence, with its exact range. */
  private inlineField(flat: Flat, span: Span | null, fallback: Range): Field | null {
    return span ? { text: squash(span.text), range: this.spanRange(flat, span, fallback), source: 'inline' } : null;
  }

  private setStatement(kr: KeyResult, flat: Flat, range: Range): void {
    const type = parseKrType(kr.text);
    if (type && !kr.type) kr.type = type;
    const s = readSentence(flat.text, this.scale);
    kr.text = squash(s.statement.text);
    kr.textRange = this.spanRange(flat, s.statement, range);
    if (!kr.baseline) this.setField(kr, 'baseline', this.inlineField(flat, s.baseline, range));
    if (!kr.target) this.setField(kr, 'target', this.inlineField(flat, s.target, range));
  }

  private spanRange(flat: Flat, span: Span, fallback: Range): Range {
    if (span.end <= span.start) return fallback;
    return flat.range(this.lines, span.start, span.end);
  }

  private applyField(kr: KeyResult, column: KrColumn, flat: Flat, start: number, end: number, source: Field['source']): void {
    const raw = flat.text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = squash(raw);
    const field: Field = { text, range: flat.range(this.lines, start + lead, start + lead + raw.trim().length), source };
    if (column === 'scoring') {
      const steps = parseLadder(text);
      if (steps) kr.ladder = { text, range: field.range, steps };
      return;
    }
    this.setField(kr, column, field);
  }

  private setField(kr: KeyResult, column: KrColumn, field: Field | null): void {
    if (!field) return;
    switch (column) {
      case 'baseline':
      case 'target':
      case 'current':
      case 'weight':
        kr[column] = { text: field.text, range: field.range, source: field.source, quantity: quantityOf(field.text) };
        return;
      case 'owner': {
        const owner = ownerOf(field.text);
        const of: OwnerField = { text: field.text, range: field.range, source: field.source, names: owner.names, placeholder: owner.placeholder };
        kr.owner = of;
        return;
      }
      case 'confidence':
        kr.confidence = { text: field.text, range: field.range, source: field.source, value: parseConfidence(field.text, this.scale) };
        return;
      case 'score':
        kr.score = { text: field.text, range: field.range, source: field.source, value: parseScore(field.text) };
        return;
      case 'status':
      case 'due':
        kr[column] = field;
        return;
      case 'type':
        kr.type = parseKrType(field.text);
        return;
      case 'scoring': {
        const steps = parseLadder(field.text);
        if (steps) kr.ladder = { text: field.text, range: field.range, steps };
        return;
      }
      default:
        return;
    }
  }

  // ---- the document --------------------------------------------------------

  private finish(): OkrDocument {
    const fm = this.parsed.frontMatter?.data ?? {};
    const title = this.title ?? fm['title'] ?? null;
    const weekly = (title !== null && /\bweekly\b|\bcheck-?in\b/i.test(title) && /\bupdate\b|\bcheck-?in\b|\breport\b/i.test(title)) || /^weekly$/i.test(fm['type'] ?? '');
    // Objectives inferred from structure only count in quarterly documents without explicit ones.
    let drafts = this.explicit.length > 0 || weekly ? this.explicit : this.candidates.filter((c) => c.objective.keyResults.length > 0);
    if (drafts.length === 0 && this.orphans.length > 0 && !weekly) {
      const range = this.titleRange ?? this.orphans[0]!.range;
      const objective: Objective = {
        id: null,
        title: this.title ?? 'Key results',
        range,
        titleRange: range,
        depth: this.titleRange ? 1 : 0,
        explicit: false,
        slug: this.titleSlug,
        alignments: [],
        owner: null,
        keyResults: this.orphans,
        initiatives: [],
        endLine: this.lines.lineCount,
      };
      drafts = [{ objective, depth: 0, explicit: false }];
    }
    const date = title ? (/\b(\d{4}-\d{2}-\d{2})\b/.exec(title)?.[1] ?? null) : null;
    const objectives = drafts.map((d) => d.objective).sort((a, b) => a.range.start.offset - b.range.start.offset);
    const fmQuarter = fm['quarter'] ?? fm['period'] ?? null;
    const fiscal = this.options.fiscalYearStartMonth ?? 1;
    const quarter =
      (fmQuarter ? parseQuarter(fmQuarter, fiscal) : null) ??
      (this.title ? parseQuarter(this.title, fiscal) : null) ??
      (fm['title'] ? parseQuarter(fm['title'], fiscal) : null) ??
      (this.periodQuarter ? parseQuarter(this.periodQuarter, fiscal) : null) ??
      (weekly && date ? quarterOfDate(date) : null);
    return {
      title,
      titleRange: this.titleRange,
      quarter,
      team: fm['team'] ?? (title ? teamFromTitle(title) : null),
      kind: weekly ? 'weekly' : 'okr',
      date,
      frontMatter: fm,
      context: this.contextRange ? { range: this.contextRange, items: this.context } : null,
      alignments: this.docAlignments,
      objectives,
      initiatives: this.docInitiatives,
      dependencies: this.dependenciesRange ? { range: this.dependenciesRange, items: this.dependencies } : null,
      notDoing: this.notDoingRange ? { range: this.notDoingRange, items: this.notDoing } : null,
      weeklyTables: this.weeklyTables,
      priorities: this.priorities,
      blockers: this.blockers,
      definedIds: this.definedIds,
      headings: this.headings,
      lineCount: this.lines.lineCount,
    };
  }
}

/** The calendar quarter an ISO date falls in. */
function quarterOfDate(iso: string): ReturnType<typeof parseQuarter> {
  const [y, m] = iso.split('-').map(Number);
  return y && m ? parseQuarter(`Q${Math.floor((m - 1) / 3) + 1} ${y}`) : null;
}

function splitLines(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let start = 0;
  for (const part of text.split('\n')) {
    const lead = part.length - part.trimStart().length;
    if (part.trim() !== '') out.push({ text: part.trim(), start: start + lead });
    start += part.length + 1;
  }
  return out;
}

function boldLead(children: readonly PhrasingContent[]): string | null {
  const first = children[0];
  if (!first || first.type !== 'strong') return null;
  const label = plain(first).trim();
  const after = children[1];
  const colon = /[:：]\s*$/.test(label) || (after?.type === 'text' && /^\s*[:：]/.test(after.value));
  return colon && label.split(/\s+/).length <= 4 ? label : null;
}

/** Content that is nothing but links (a reading list, links to old spreadsheets). */
function isLinkOnly(children: readonly PhrasingContent[]): boolean {
  let links = 0;
  for (const c of children) {
    if (c.type === 'link' || c.type === 'linkReference') links++;
    else if (c.type !== 'text' || /[\p{L}\p{N}]/u.test(c.value)) return false;
  }
  return links > 0;
}

/** A list item that reads like a KR: a few words (any, in a Key Results section). */
function looksLikeKr(text: string, inKrSection: boolean): boolean {
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return inKrSection ? words.length >= 1 : words.length >= 3;
}

function mostlyIds(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return false;
  const ids = filled.filter((v) => /^(?:KR|O)?\s*[-#]?\s*\d+(?:\.\d+)*$/i.test(v));
  return ids.length * 2 >= filled.length;
}

function mostlySentences(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return false;
  const words = filled.reduce((n, v) => n + v.split(/\s+/).length, 0);
  return words / filled.length >= 5;
}

function normaliseId(text: string): string | null {
  const m = /^(KR|O)?\s*[-#]?\s*(\d+(?:\.\d+)*)$/i.exec(text.trim());
  if (!m) return null;
  return `${(m[1] ?? 'KR').toUpperCase()}${m[2]}`;
}

function splitUrl(url: string): [string | null, string | null] {
  const hash = url.indexOf('#');
  const path = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? decodeURIComponentSafe(url.slice(hash + 1)) : null;
  return [path === '' ? null : decodeURIComponentSafe(path), fragment];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function readDependency(text: string, range: Range): Dependency {
  const m = /^(?:need(?:s|ed)?|depends? on|dependency on|waiting on|blocked by)\s+(?:from\s+)?(?:the\s+)?(.+?)\s*:\s*(.+)$/i.exec(text);
  let team: string | null = null;
  let what = text;
  if (m) {
    team = m[1]!.replace(/\s+team$/i, '').trim();
    what = m[2]!.trim();
  }
  const by = /\s+by\s+(.+?)\s*\.?$/i.exec(what);
  const dated = by && /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|end|week|q[1-4])/i.test(by[1]!) ? by[1]!.trim() : null;
  if (dated && by) what = what.slice(0, by.index).trim();
  return { text, range, team, what, by: dated };
}

/** The team or owner named in an H1: the side of `—`, `-` or `:` that is not the period or "OKRs". */
export function teamFromTitle(title: string): string | null {
  const generic = (s: string): boolean =>
    /\bOKRs?\b|\bOKR['’]s\b|objectives?\s*(?:&|and)\s*key\s*results?|\bQ[1-4]\b|\bFY\s?\d|\b\d{4}\b|\bweekly\b|\bupdate\b/i.test(s);
  const parts = title.split(/\s+[—–-]\s+|\s*[—–]\s*|:\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length >= 2) {
    const named = parts.filter((p) => !generic(p));
    if (named.length > 0) return named.join(' — ');
    return null;
  }
  // Without a separator, only "<team> OKRs" names a team.
  if (!/objectives?\s*(?:&|and)\s*key\s*results?|\bOKR['’]?s?\b/i.test(title)) return null;
  const rest = title
    .replace(/objectives?\s*(?:&|and)\s*key\s*results?|\bOKR['’]?s?\b|\bQ[1-4]\b|\bFY\s?'?\d{2,4}\b|\b\d{4}\b/gi, ' ')
    .replace(/\b(?:quarterly|our|the|for|annual|yearly|current|draft|archive|retro(?:spective)?|plan|calendar year|fiscal year)\b/gi, ' ')
    .replace(/[^\p{L}\p{N}&' .-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (rest === '' || rest.split(' ').length > 6 || /^team$/i.test(rest)) return null;
  return rest;
}

/** A document with nothing in it: what analysis reports on when reading the model failed. */
export function emptyDocument(lineCount: number): OkrDocument {
  return {
    title: null,
    titleRange: null,
    quarter: null,
    team: null,
    kind: 'okr',
    date: null,
    frontMatter: {},
    context: null,
    alignments: [],
    objectives: [],
    initiatives: [],
    dependencies: null,
    notDoing: null,
    weeklyTables: [],
    priorities: [],
    blockers: [],
    definedIds: [],
    headings: [],
    lineCount: Math.max(1, lineCount),
  };
}

/** Reads the OKR model out of a parsed Markdown document. Never throws on content. */
export function buildDocument(parsed: ParsedMarkdown, options: BuildOptions = {}): OkrDocument {
  return new Builder(parsed, options).build();
}
