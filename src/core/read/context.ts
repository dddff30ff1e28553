import type { Code, Heading, Html, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, Table, TableRow } from 'mdast';
import type { ParsedMarkdown } from '../parse/parse';
import type { LineIndex, Range } from '../types';
import { columnFor, type KrColumn } from '../model/aliases';
import { parseConfidence, parseKrType, parseLadder, parseOwner, parseScore, splitLabel, type ConfidenceScale } from '../model/fields';
import { parseQuantity } from '../model/quantity';
import type {
  Alignment,
  AlignmentRef,
  Blocker,
  ContextItem,
  DefinedId,
  Dependency,
  Field,
  Heading as DocHeading,
  Item,
  KeyResult,
  Objective,
  OwnerField,
  Priority,
  WeeklyTable,
} from '../model/schema';
import { readKrLabel, readSentence, type SentenceValue, type Span } from '../model/sentence';
import { Flat, githubSlug, memoize, plain, Slugger, squash } from '../model/text';
import { ALIGN_LABEL, cleanTitle, ID_PATTERN, OBJECTIVE_LABEL, type SectionKind } from './vocabulary';
import type { Walker } from './walk';

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

/** An objective being read, with where it sits in the outline. */
export interface ObjectiveDraft {
  objective: Objective;
  /** Heading depth, or the enclosing heading depth + 0.5 for paragraph and list objectives. */
  depth: number;
  explicit: boolean;
  /**
   * Presented as an objective by where it stands (an item of a Goals list, a
   * graded heading), though not labelled: it counts with or without KRs, and
   * does not make unlabelled objectives elsewhere in the document drop out.
   */
  declared: boolean;
}

/** A heading as the readers see it. */
export interface HeadingBlock {
  kind: 'heading';
  node: Heading;
  flat: Flat;
  /** The heading's text, squashed. */
  text: string;
  depth: number;
  range: Range;
  slug: string;
}

/** A paragraph as the readers see it. */
export interface ParagraphBlock {
  kind: 'paragraph';
  node: Paragraph;
  flat: Flat;
  /** The paragraph's text, trimmed (line breaks kept). */
  text: string;
  range: Range;
}

/** A list item as the readers see it. */
export interface ItemBlock {
  kind: 'item';
  item: ListItem;
  /** The item's first paragraph, or null when it starts with something else. */
  first: Paragraph | null;
  flat: Flat;
  /** The first paragraph's text, squashed. */
  text: string;
  /** Where the text starts in `flat`. */
  at: number;
  itemRange: Range;
  textRange: Range;
  nested: List[];
  /** The list the item is in. */
  list: List | null;
  /** `- [ ] …` / `- [x] …`: whether the item is a ticked task; null for a plain item. */
  checked: boolean | null;
  /** The kind of list the item is in (from a heading, a label or the list before), or null. */
  section: SectionKind | null;
  last: boolean;
  /** How deep the item sits in nested lists (0 for a top-level list). */
  level: number;
}

/** A whole list, before its items are read one by one. */
export interface ListBlock {
  kind: 'list';
  node: List;
  /** The kind of list, from a heading, a label or the list before; null when nothing says. */
  section: SectionKind | null;
  level: number;
}

/** One cell of a table (Markdown or HTML). */
export interface TableCell {
  flat: Flat;
  /** The cell's text, squashed. */
  text: string;
  range: Range;
  /** The whole cell, padding included. */
  cellRange: Range;
  /** The cell's phrasing content (Markdown tables), for links and lines within it. */
  children: readonly PhrasingContent[] | null;
}

/** A table as the readers see it: a Markdown table, or an HTML `<table>`. */
export interface TableBlock {
  kind: 'table';
  /** The Markdown table node; null for HTML tables. */
  node: Table | null;
  headers: string[];
  header: TableCell[];
  rows: Array<{ cells: TableCell[]; range: Range; node: TableRow | null }>;
  range: Range;
}

/** An indented or fenced code block. */
export interface CodeBlock {
  kind: 'code';
  node: Code;
}

/** A block of raw HTML (a `<table>`, `<details>` and `<summary>`, a component tag). */
export interface HtmlBlock {
  kind: 'html';
  node: Html;
  value: string;
  range: Range;
}

export type Block = HeadingBlock | ParagraphBlock | ItemBlock | ListBlock | TableBlock | CodeBlock | HtmlBlock;

/**
 * Quantities and owners are pure functions of a cell's text, and a document's
 * next version repeats almost all of its cells: memoised, an edit re-reads only
 * the cells it changed. The results are never mutated, so sharing them is safe.
 */
export const quantityOf = memoize(parseQuantity, 8192);
export const ownerOf = memoize(parseOwner, 4096);

const NO_COLUMNS: ReadonlySet<KrColumn> = new Set();
const SENTENCE_VALUES: SentenceValue[] = ['baseline', 'target', 'current', 'owner', 'confidence', 'due', 'score'];

/**
 * A function of a node's text, kept per node: the editor reuses the trees of
 * the unchanged parts of a document, so a reader works each one out once.
 * Only for what the text alone decides, never positions.
 */
export function perNode<N extends object, T>(fn: (node: N) => T): (node: N) => T {
  const memo = new WeakMap<N, T>();
  return (node) => {
    if (memo.has(node)) return memo.get(node) as T;
    const value = fn(node);
    memo.set(node, value);
    return value;
  };
}

/** A heading's slug before repeats are numbered. */
const slugBase = perNode((node: Heading): string => githubSlug(plain(node.children).trim()));

/** The header cells' text of a table. */
const headerTexts = perNode((node: Table): string[] => node.children[0]?.children.map((c) => squash(Flat.of(c.children, startOffset(c)).text)) ?? []);

/**
 * The range of an mdast node. The model shares the parser's position objects
 * (micromark always sets offsets) instead of copying them: neither side mutates
 * them, and a document has thousands.
 */
export function rangeOf(
  node: { position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } } },
  lines: LineIndex,
): Range {
  const p = node.position;
  if (!p) return lines.range(0, 0);
  if (p.start.offset !== undefined && p.end.offset !== undefined) return p as Range;
  return {
    start: { line: p.start.line, column: p.start.column, offset: p.start.offset ?? lines.lineStart(p.start.line) + p.start.column - 1 },
    end: { line: p.end.line, column: p.end.column, offset: p.end.offset ?? lines.lineStart(p.end.line) + p.end.column - 1 },
  };
}

export function startOffset(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

/**
 * What the readers share while they walk one document: the outline read so
 * far (title, objectives, KRs, sections) and the operations that extend it.
 * Readers decide what a block is; the context keeps the outline consistent
 * (an objective's KRs, its end line, which section a list belongs to).
 */
export class ReadContext {
  readonly lines: LineIndex;
  readonly scale: ConfidenceScale;
  readonly slugger = new Slugger();
  /** Facts a reader gathered about the whole document before the walk (see `Reader.prepare`), by reader id. */
  readonly facts = new Map<string, unknown>();

  title: string | null = null;
  titleRange: Range | null = null;
  titleSlug: string | null = null;
  readonly explicit: ObjectiveDraft[] = [];
  readonly declared: ObjectiveDraft[] = [];
  readonly candidates: ObjectiveDraft[] = [];
  readonly orphans: KeyResult[] = [];
  /** Depth of the last heading. */
  headingDepth = 0;
  /** The objective being read. */
  obj: ObjectiveDraft | null = null;
  /** The section the blocks belong to (from a heading or a bold label), until a heading of its depth or above. */
  section: { kind: SectionKind; depth: number } | null = null;
  /** The KR that `Label: value` lines below it describe. */
  krDetail: { kr: KeyResult; depth: number } | null = null;
  /** A KR heading whose statement may be the heading right under it. */
  statementSlot: { kr: KeyResult; depth: number } | null = null;
  /** What the next list is, from the label just before it. */
  pendingList: SectionKind | null = null;
  /** The text of the last heading or label line (`**Final Score**`), which may say what a table holds. */
  lastLabel: string | null = null;
  /** An objective label heading (`## Objective`) whose title is the next paragraph. */
  pendingTitle: ObjectiveDraft | null = null;
  /** `**Owner:** Tommy` before any objective: the owner of the whole document. */
  docOwner: Field | null = null;
  /** An `Owner:` heading that belongs to the objective that follows. */
  pendingOwner: { field: Field; depth: number } | null = null;
  lastKr: KeyResult | null = null;
  /** KRs by their text (lower case), for sections that repeat a KR to give its details. */
  /** The KRs read so far with attachKr, and how many of them krWithText has indexed by text. */
  private readonly attached: KeyResult[] = [];
  private indexed = 0;
  private readonly byText = new Map<string, KeyResult>();
  lastLine = 1;
  periodQuarter: string | null = null;
  /** The last period heading (`2019 Q1`): the objectives that follow belong to that period. */
  period: string | null = null;
  /** The reader now at work, recorded on what it reads. */
  reader = 'document';
  /** The walk, for readers that read the blocks inside what they read (nested lists). */
  walker!: Walker;

  readonly context: ContextItem[] = [];
  contextRange: Range | null = null;
  readonly docAlignments: Alignment[] = [];
  readonly docInitiatives: Item[] = [];
  readonly dependencies: Dependency[] = [];
  dependenciesRange: Range | null = null;
  readonly notDoing: Item[] = [];
  notDoingRange: Range | null = null;
  readonly weeklyTables: WeeklyTable[] = [];
  readonly priorities: Priority[] = [];
  readonly blockers: Blocker[] = [];
  readonly definedIds: DefinedId[] = [];
  readonly headings: DocHeading[] = [];
  /** Blocks whose words say the document looks back (stated grades, a retrospective section): see `stance`. */
  readonly lookingBack: string[] = [];

  constructor(
    readonly parsed: ParsedMarkdown,
    readonly options: BuildOptions,
  ) {
    this.lines = parsed.lines;
    this.scale = options.confidenceScale ?? '0-1';
  }

  get root(): Root {
    return this.parsed.root;
  }

  // ---- blocks ---------------------------------------------------------------

  /** The flat text of phrasing content, mapped to the source line by line. */
  flatOf(nodes: readonly PhrasingContent[], fallback: number): Flat {
    return Flat.of(nodes, fallback, this.lines.text);
  }

  headingBlock(node: Heading): HeadingBlock {
    const flat = this.flatOf(node.children, startOffset(node));
    const range = rangeOf(node, this.lines);
    const slug = this.slugger.slugOf(slugBase(node));
    const block: HeadingBlock = { kind: 'heading', node, flat, text: squash(flat.text), depth: node.depth, range, slug };
    this.headings.push({ text: block.text, slug, depth: node.depth, range });
    return block;
  }

  paragraphBlock(node: Paragraph): ParagraphBlock {
    const flat = this.flatOf(node.children, startOffset(node));
    return { kind: 'paragraph', node, flat, text: flat.text.trim(), range: rangeOf(node, this.lines) };
  }

  tableBlock(node: Table): TableBlock {
    const lines = this.lines;
    const cell = (c: Table['children'][number]['children'][number]): TableCell => {
      const flat = Flat.of(c.children, startOffset(c));
      const text = squash(flat.text);
      const lead = flat.text.length - flat.text.trimStart().length;
      const range = c.children.length > 0 ? flat.range(lines, lead, flat.text.trimEnd().length) : rangeOf(c, lines);
      return { flat, text, range, cellRange: rangeOf(c, lines), children: c.children };
    };
    const [head, ...body] = node.children;
    let header: TableCell[] | null = null;
    let rows: TableBlock['rows'] | null = null;
    return {
      kind: 'table',
      node,
      headers: headerTexts(node),
      get header() {
        header ??= head ? head.children.map(cell) : [];
        return header;
      },
      // Rows are read on first use: a table the editor read in an earlier version is replayed without them.
      get rows() {
        rows ??= body.map((row) => ({ cells: row.children.map(cell), range: rangeOf(row, lines), node: row }));
        return rows;
      },
      range: rangeOf(node, lines),
    };
  }

  itemBlock(item: ListItem, section: SectionKind | null, last: boolean, level: number, list: List | null = null): ItemBlock {
    const first = item.children[0]?.type === 'paragraph' ? (item.children[0] as Paragraph) : null;
    const nested = item.children.filter((c): c is List => c.type === 'list');
    const flat = first ? this.flatOf(first.children, startOffset(first)) : Flat.synthetic('', startOffset(item));
    let trimmed = flat.text.trim();
    let at = flat.text.indexOf(trimmed);
    // A task list item: `[ ] Peerpad is private`, `[x] Done`.
    const box = /^\[([ xX])\]\s+/.exec(trimmed);
    const checked = item.checked ?? (box ? box[1] !== ' ' : null);
    if (box) {
      at += box[0].length;
      trimmed = trimmed.slice(box[0].length);
    }
    const lines = this.lines;
    const length = trimmed.length;
    let itemRange: Range | null = null;
    let textRange: Range | null = null;
    return {
      kind: 'item',
      item,
      first,
      flat,
      text: squash(box ? trimmed : flat.text),
      at,
      // Ranges are worked out when a reader uses them: most items are offered to readers that pass them by.
      get itemRange() {
        itemRange ??= rangeOf(item, lines);
        return itemRange;
      },
      get textRange() {
        textRange ??= flat.range(lines, at, at + length);
        return textRange;
      },
      nested,
      list,
      checked,
      section,
      last,
      level,
    };
  }

  // ---- outline --------------------------------------------------------------

  /** What a heading closes: sections, KR details and the objective it does not belong under. */
  closeForHeading(depth: number, keepsObjective: boolean): void {
    this.statementSlot = null;
    this.pendingList = null;
    this.pendingTitle = null;
    if (this.krDetail && depth <= this.krDetail.depth) this.krDetail = null;
    if (this.section && depth <= this.section.depth) this.section = null;
    if (this.pendingOwner && depth < this.pendingOwner.depth) this.pendingOwner = null;
    if (this.obj && depth <= this.obj.depth && !keepsObjective) this.closeObjective();
    this.headingDepth = depth;
  }

  noteSection(kind: SectionKind, range: Range): void {
    if (kind === 'context' && !this.contextRange) this.contextRange = range;
    if (kind === 'dependencies' && !this.dependenciesRange) this.dependenciesRange = range;
    if (kind === 'notDoing' && !this.notDoingRange) this.notDoingRange = range;
  }

  /**
   * Opens an objective: `explicit` for labelled ones (`Objective 1:`), `declared` for ones a layout
   * presents as objectives without a label, neither for ones inferred from the KRs under them.
   */
  openObjective(flat: Flat, titleStart: number, range: Range, depth: number, explicit: boolean, slug: string | null, declared = false): ObjectiveDraft {
    this.closeObjective();
    const raw = flat.text.slice(titleStart);
    const title = cleanTitle(raw);
    const lead = raw.indexOf(title);
    const titleRange = title === '' ? range : flat.range(this.lines, titleStart + Math.max(0, lead), titleStart + Math.max(0, lead) + title.length);
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
      explicit: explicit || declared,
      slug,
      alignments: [],
      owner: null,
      keyResults: [],
      initiatives: [],
      endLine: range.end.line,
      reader: this.reader,
      period: this.period,
    };
    const draft: ObjectiveDraft = { objective, depth, explicit: explicit && !declared, declared };
    if (paren) this.defineId(draft, paren[1]!, range);
    if (this.pendingOwner) {
      objective.owner = this.pendingOwner.field;
      this.pendingOwner = null;
    }
    (declared ? this.declared : explicit ? this.explicit : this.candidates).push(draft);
    this.obj = draft;
    this.krDetail = null;
    this.section = null;
    this.pendingList = null;
    return draft;
  }

  closeObjective(): void {
    if (!this.obj) return;
    this.obj.objective.endLine = Math.max(this.obj.objective.range.end.line, this.lastLine);
    this.obj = null;
    this.krDetail = null;
  }

  defineId(draft: ObjectiveDraft, id: string, range: Range): void {
    draft.objective.id = id;
    this.definedIds.push({ id, text: draft.objective.title, range });
  }

  attachKr(kr: KeyResult): void {
    if (this.obj) this.obj.objective.keyResults.push(kr);
    else this.orphans.push(kr);
    this.lastKr = kr;
    this.attached.push(kr);
  }

  /** The first KR read with this text (a dozen characters at least, any case), for a section that repeats it. */
  krWithText(text: string): KeyResult | null {
    for (; this.indexed < this.attached.length; this.indexed++) {
      const kr = this.attached[this.indexed]!;
      const key = kr.text.toLowerCase();
      if (key.length >= 12 && !this.byText.has(key)) this.byText.set(key, kr);
    }
    return this.byText.get(text.toLowerCase()) ?? null;
  }

  /** Attaches a KR to a given objective (one read earlier, in a cascade), or to the open one when null. */
  attachKrTo(draft: ObjectiveDraft | null, kr: KeyResult): void {
    if (!draft || draft === this.obj) return this.attachKr(kr);
    draft.objective.keyResults.push(kr);
    this.lastKr = kr;
  }

  /** The KR a `Scoring:` line or grade names: by id, by text, else the last one read. */
  findKr(name: string | null): KeyResult | null {
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

  /** Every KR read so far, in document order of the objectives. */
  *allKrs(): Generator<KeyResult> {
    for (const d of this.explicit) yield* d.objective.keyResults;
    for (const d of this.declared) yield* d.objective.keyResults;
    for (const d of this.candidates) yield* d.objective.keyResults;
    yield* this.orphans;
  }

  // ---- KRs and their fields -------------------------------------------------

  newKr(
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
      reader: this.reader,
    };
    for (const value of SENTENCE_VALUES) {
      if (!fromCells.has(value)) this.setField(kr, value, this.inlineField(flat, s[value], range));
    }
    return kr;
  }

  /** A value read from a KR sentence, with its exact range. */
  inlineField(flat: Flat, span: Span | null, fallback: Range): Field | null {
    return span ? { text: squash(span.text), range: this.spanRange(flat, span, fallback), source: 'inline' } : null;
  }

  /** The heading under a KR heading states it (`## KR1 — Leading Metric` / `### ≥ 65% …`). */
  setStatement(kr: KeyResult, flat: Flat, range: Range): void {
    const type = parseKrType(kr.text);
    if (type && !kr.type) kr.type = type;
    const s = readSentence(flat.text, this.scale);
    kr.text = squash(s.statement.text);
    kr.textRange = this.spanRange(flat, s.statement, range);
    if (!kr.baseline) this.setField(kr, 'baseline', this.inlineField(flat, s.baseline, range));
    if (!kr.target) this.setField(kr, 'target', this.inlineField(flat, s.target, range));
  }

  spanRange(flat: Flat, span: Span, fallback: Range): Range {
    if (span.end <= span.start) return fallback;
    return flat.range(this.lines, span.start, span.end);
  }

  applyField(kr: KeyResult, column: KrColumn, flat: Flat, start: number, end: number, source: Field['source']): void {
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

  setField(kr: KeyResult, column: KrColumn, given: Field | null): void {
    if (!given) return;
    // Provenance travels with the value: `via` when it came from elsewhere than the KR's own line or row.
    const field = given;
    const via = given.via === undefined ? {} : { via: given.via };
    switch (column) {
      case 'baseline':
      case 'target':
      case 'current':
      case 'weight':
        kr[column] = { text: field.text, range: field.range, source: field.source, ...via, quantity: quantityOf(field.text) };
        return;
      case 'owner': {
        const owner = ownerOf(field.text);
        const of: OwnerField = { text: field.text, range: field.range, source: field.source, ...via, names: owner.names, placeholder: owner.placeholder };
        kr.owner = of;
        return;
      }
      case 'confidence':
        kr.confidence = { text: field.text, range: field.range, source: field.source, ...via, value: parseConfidence(field.text, this.scale) };
        return;
      case 'score':
        kr.score = { text: field.text, range: field.range, source: field.source, ...via, value: parseScore(field.text) };
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

  // ---- lines that say something on their own --------------------------------

  /** A line that says something on its own: an objective, a KR, a field, an alignment, an ID, a ladder. */
  isLineStatement(text: string): boolean {
    if (OBJECTIVE_LABEL.test(text) || readKrLabel(text) || ALIGN_LABEL.test(text) || /^ID\s*:/i.test(text)) return true;
    if (/^scoring\b[^:]{0,80}:/i.test(text)) return true;
    const label = splitLabel(text, 4);
    return label !== null && columnFor(label.label) !== null && label.value !== '';
  }

  lineStatement(flat: Flat, at: number, text: string, node: Paragraph | ListItem): void {
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
    } else if (!this.obj && column === 'owner' && !this.docOwner) {
      this.docOwner = { text: label.value, range: flat.range(this.lines, valueStart, end), source: 'field' };
    }
  }

  refsIn(node: Paragraph | ListItem, from: number, to: number, flat: Flat): AlignmentRef[] {
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

  /** A quoted banner (`> This OKR list was used during Q3 2017`): it may say the document looks back. */
  noteBanner(block: ParagraphBlock): void {
    if (LOOKING_BACK.test(block.text)) this.lookingBack.push(`the note at line ${block.range.start.line} says so`);
  }

  contextItem(first: Paragraph, flat: Flat, text: string, range: Range): void {
    const label = splitLabel(text, 8);
    const item: ContextItem = { text, range, label: label?.label ?? null, value: label?.value ?? text };
    this.context.push(item);
    if (label && /\bsupports?\b|\baligns?\b|\bparent\b/i.test(label.label)) {
      const at = flat.text.indexOf(flat.text.trim());
      this.docAlignments.push({ label: label.label, refs: this.refsIn(first, at, at + flat.text.trim().length, flat), range });
    }
  }
}

/** Words of a banner or note that say the document is kept for the record, not a live plan. */
export const LOOKING_BACK =
  /\b(?:was used (?:during|in|for)|were used (?:during|in|for)|(?:is|are) (?:now )?(?:archived|superseded|obsolete|deprecated|outdated)|no longer (?:used|maintained|current|tracked)|for (?:the )?(?:record|archive)|historical (?:record|reference)|archive[ds]?\b|retrospective|post-?mortem|final (?:scores?|grades?)|end[- ]of[- ]quarter (?:scores?|grades?|results?)|graded)\b/i;

/** The lines of a paragraph that has soft line breaks, with where each starts. */
export function splitLines(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let start = 0;
  for (const part of text.split('\n')) {
    const lead = part.length - part.trimStart().length;
    if (part.trim() !== '') out.push({ text: part.trim(), start: start + lead });
    start += part.length + 1;
  }
  return out;
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

/** The phrasing content of a paragraph-like node. */
export type Phrasing = readonly PhrasingContent[];
