import type { List, ListItem } from 'mdast';
import { columnFor } from '../../model/aliases';
import { readKrLabel } from '../../model/sentence';
import { Flat, plain, squash } from '../../model/text';
import { startsWithVerb } from '../../model/verbs';
import { perNode, rangeOf, startOffset, type ObjectiveDraft, type ReadContext } from '../context';
import { defineReader } from '../reader';
import { ALIGN_LABEL, OBJECTIVE_LABEL, sectionKind, type SectionKind } from '../vocabulary';

/**
 * An owner cascade, as GitLab writes its OKRs: every item starts with its
 * owner (`CMO: …`, `Content Marketing: …`), then the objective as a sentence
 * and its key results after it, separated by periods or commas
 * (`CRO: Generate IACV from sales to higher tiers. Target 250 new opportunities,
 * Identify two new customers per territory`), and `=> 70%` for the result.
 * Items nested under an item belong to its objective: a single statement is
 * one of its key results, an item with its own key results an objective of its own.
 */
export const ownerCascade = defineReader({
  id: 'owner-cascade',
  title: 'Owner cascades',
  summary:
    'Items that start with their owner ("CMO: objective. KR, KR => 70%"): the first sentence is the owner\'s objective and the rest its key results; nested single statements are key results of the item above.',
  on: ['heading', 'list'],
  prepare(ctx) {
    let section: SectionKind | null = null;
    for (const node of ctx.root.children) {
      if (node.type === 'heading') section = sectionKind(plain(node.children));
      if (node.type === 'list' && (section === null || section === 'kr') && startsCascade(node)) {
        ctx.facts.set(ID, true);
        return;
      }
    }
  },
  read(block, ctx) {
    if (ctx.facts.get(ID) !== true) return false;
    if (block.kind === 'heading') {
      const owner = ownerLabel(block.text);
      const flat = block.flat;
      const from = owner ? flat.text.indexOf(block.text) + owner.end : 0;
      const parts = split(flat.text, from, flat.text.length);
      if (!owner || !parts.objective) return false;
      const draft = ctx.openObjective(flat.slice(parts.objective[0], parts.objective[1]), 0, block.range, block.depth, false, block.slug, true);
      draft.objective.titleRange = flat.range(ctx.lines, parts.objective[0], parts.objective[1]);
      draft.objective.owner = ownerField(flat, owner, flat.text.indexOf(block.text), ctx);
      addKrs(draft, parts, flat, block.range, owner, flat.text.indexOf(block.text), ctx);
      return true;
    }
    if (block.level > 0 || (block.section !== null && block.section !== 'kr') || !isCascade(block.node)) return false;
    const parent = ctx.obj;
    for (const item of block.node.children) readItem(item, parent, ctx);
    return true;
  },
});

const ID = 'owner-cascade';

/** Labels that are fields or notes, not owners. */
const NOT_OWNER =
  /^(?:need(?:ed|s)? from\b.*|depends? on\b.*|blocked by\b.*|waiting on\b.*|note|notes|update|status|reason|reasoning|why|how|example|e\.g|tracking|deliverable|risk|context|goal|goals|metric|metrics|result|results|outcome|summary|done|todo|see|link|source|progress|step|phase|stage|week|day|q[1-4]|good|bad|try)$/i;

/** The text of an item that may start with an owner; null for items that start otherwise or with a bold label (`**Top 3:** …`, a definition). */
function itemText(item: ListItem): string | null {
  const p = item.children[0];
  if (p?.type !== 'paragraph') return null;
  const lead = p.children[0];
  if (lead?.type === 'strong') return '';
  // No colon where an owner's would be: the item has no owner, told without flattening it.
  if (lead?.type === 'text' && !lead.value.slice(0, 64).includes(':') && (p.children.length === 1 || lead.value.length > 64)) return '';
  return squash(Flat.of(p.children, 0).text);
}

/** `CMO: `, `Mgr. of Data Team: `, `Ops (Verify, Release & Package): `: an owner before the item's statement. */
function ownerLabel(text: string): { label: string; start: number; end: number } | null {
  const m = /^(\p{Lu}[^:]{0,48}?|\d[\p{L}\d&/ -]{0,20}?)\s*:\s+(?=\S)/u.exec(text);
  if (!m) return null;
  const label = m[1]!;
  if (label.split(/\s+/).length > 7 || /\d{3,}|%|\$/.test(label)) return null;
  if (/[.!?]\s+\p{Lu}\p{Ll}/u.test(label.replace(/\b(?:Dir|Mgr|Sr|Jr|St|Dr|Mr|Ms|Mrs|VP|Assoc|Eng)\./g, ''))) return null;
  if (NOT_OWNER.test(label) || columnFor(label) || readKrLabel(text) || OBJECTIVE_LABEL.test(text) || ALIGN_LABEL.test(text)) return null;
  return { label, start: 0, end: m[0].length };
}

function ownedItems(list: List): number {
  let n = 0;
  for (const item of list.children) {
    const text = itemText(item);
    if (text !== null && ownerLabel(text)) n++;
    for (const c of item.children) if (c.type === 'list') n += ownedItems(c);
  }
  return n;
}

/** Whether a list makes the document a cascade: mostly owned items, four at least. */
const startsCascade = perNode((list: List): boolean => isCascade(list) && ownedItems(list) >= 4);

function isCascade(list: List): boolean {
  let owned = 0;
  let items = 0;
  const visit = (l: List): void => {
    for (const item of l.children) {
      const text = itemText(item);
      if (text !== null) {
        items++;
        if (ownerLabel(text)) owned++;
      }
      for (const c of item.children) if (c.type === 'list') visit(c);
    }
  };
  visit(list);
  return owned >= 2 && owned * 5 >= items * 3;
}

interface Parts {
  /** The objective sentence, when the statement has one. */
  objective: [number, number] | null;
  /** The key results: each a span of the text. */
  krs: Array<[number, number]>;
  /** What came after `=>` (or `N% done`): the result. */
  outcome: [number, number] | null;
}

/** Where a statement ends and its result begins: `=> 70%`, `- 0% done - …`, `: 45% done`, `(50% complete, …)`. */
function outcomeStart(text: string, from: number, to: number): number {
  const s = text.slice(from, to);
  let end = s.indexOf('=>');
  if (end < 0) end = s.length;
  const done = /\s*(?:[-:=]\s*|\()(?:\d+(?:\.\d+)?|X)\s*%\s*(?:done|complete)\b/i.exec(s.slice(0, end));
  if (done) end = done.index;
  // `… and make selection. X%`, `… process/checklist X%`: a result not filled in yet.
  const trailing = /(?:\.\s+|\s)(?:\d+(?:\.\d+)?|X+)\s*%\s*$/.exec(s.slice(0, end));
  if (trailing && (/X/.test(trailing[0]) || trailing[0].startsWith('.'))) end = trailing.index + (trailing[0].startsWith('.') ? 1 : 0);
  // `Sourced 160 (100%), Hired 2 (66%)` after a colon: results, not key results.
  const results = /:\s+(?:\p{Lu}\p{Ll}+ed\s+\d[^,]*?(?:,\s*|\s*$))+$/u.exec(s.slice(0, end));
  if (results && /\d+(?:\.\d+)?\s*%/.test(results[0])) end = results.index + 1;
  return from + end;
}

/** Splits a statement into its objective sentence, its key results and its result. */
function split(text: string, from: number, to: number): Parts {
  const end = outcomeStart(text, from, to);
  const outcome: Parts['outcome'] = end < to ? [end, to] : null;
  // `Design work is complete, but Implementation has moved to Fulfillment`: how it went, not a key result.
  const sentences = sentenceSpans(text, from, end).filter((span, k) => k === 0 || !STATUS_NOTE.test(text.slice(span[0], span[1])));
  if (sentences.length >= 2 && !/^[\d%$~<>≥≤]/.test(text.slice(sentences[0]![0], sentences[0]![1]).trim())) {
    return { objective: sentences[0]!, krs: sentences.slice(1).flatMap(([a, b]) => commaParts(text, a, b)), outcome };
  }
  if (sentences.length === 1) {
    // `Take on more maintainer responsibilities: add a CE/EE backend maintainer`
    const [a, b] = sentences[0]!;
    const colon = topLevelIndex(text, a, b, ': ');
    // `Complete the roll-out to include: Sales, Partner…`: the colon opens a list, not the key results.
    if (
      colon > a &&
      colon + 2 < b &&
      !/\b(?:include|including|such as|as follows|e\.g|i\.e|like|namely|following)\s*$/i.test(text.slice(a, colon)) &&
      startsWithVerb(text.slice(a, colon)) &&
      text.slice(a, colon).split(/\s+/).length >= 2
    ) {
      return { objective: [a, colon], krs: commaParts(text, colon + 2, b), outcome };
    }
  }
  return { objective: null, krs: sentences.length > 0 ? sentences : [], outcome };
}

const STATUS_NOTE =
  /\b(?:is|are|has been|have been|was|were) (?:now )?(?:complete|completed|done|finished|in (?:process|progress)|shipped|live|merged|postponed|paused|blocked)\b|\bhas moved\b|\bis the new target\b/i;

const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|Dir|Mgr|Sr|Jr|St|Dr|No|Inc|Ltd)|\b\p{L})\.$/u;

/** Splits text[from, to) at the characters where `breaksAt` holds outside brackets, dropping them. */
function splitOutside(text: string, from: number, to: number, open: string, close: string, breaksAt: (i: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (open.includes(ch)) depth++;
    else if (close.includes(ch) && depth > 0) depth--;
    else if (depth === 0 && breaksAt(i)) {
      pushSpan(out, text, start, i);
      start = i + 1;
    }
  }
  pushSpan(out, text, start, to);
  return out;
}

/** The sentences of text[from, to): split after `.`, `!`, `?` or `;` and a space, outside brackets, not after an abbreviation. */
function sentenceSpans(text: string, from: number, to: number): Array<[number, number]> {
  return splitOutside(text, from, to, '([', ')]', (i) => {
    const ch = text[i]!;
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== ';') return false;
    if (!(i + 1 >= to || /\s/.test(text[i + 1]!) || (ch === '.' && /^\p{Lu}\p{Ll}/u.test(text.slice(i + 1, i + 3))))) return false;
    return !(ch === '.' && ABBREVIATION.test(text.slice(Math.max(from, i - 6), i + 1)));
  });
}

/** The comma-separated parts of a sentence; a part of one word, or one that starts with "and", stays with the part before. */
function commaParts(text: string, from: number, to: number): Array<[number, number]> {
  const raw = splitOutside(text, from, to, '([“', ')]”', (i) => (text[i] === ',' || text[i] === ';') && /\s/.test(text[i + 1] ?? ' '));
  // `Identify segmenting data, run a pilot study, analyze data, and re-run a larger study`: the steps of one KR.
  const lastPart = raw[raw.length - 1];
  if (raw.length >= 3 && lastPart && /^and\s/i.test(text.slice(lastPart[0], lastPart[1])))
    return [[from, to]].map(([a, b]) => trimmedSpan(text, a, b)).filter((x): x is [number, number] => x !== null);
  const out: Array<[number, number]> = [];
  const verbFirst = raw[0] ? startsWithVerb(text.slice(raw[0][0], raw[0][1])) : false;
  for (const part of raw) {
    const s = text.slice(part[0], part[1]).trim();
    const words = s.split(/\s+/);
    const prev = out[out.length - 1];
    // `Improve team page, resources, time to first MR`: more objects of the first part's verb.
    const moreObjects = verbFirst && /^\p{Ll}/u.test(s) && !startsWithVerb(s) && !/\d/.test(s);
    if (prev && (words.length < 2 || /^(?:and|or|etc|as well|including|plus)\b/i.test(words[0]!) || moreObjects)) prev[1] = part[1];
    else out.push([part[0], part[1]]);
  }
  return out;
}

function pushSpan(out: Array<[number, number]>, text: string, start: number, end: number): void {
  const span = trimmedSpan(text, start, end);
  if (span) out.push(span);
}

function trimmedSpan(text: string, start: number, end: number): [number, number] | null {
  const s = text.slice(start, end);
  const lead = s.length - s.trimStart().length;
  const trimmed = s
    .trim()
    .replace(/[.;,:]+$/, '')
    .trimEnd();
  return /[\p{L}\p{N}]/u.test(trimmed) ? [start + lead, start + lead + trimmed.length] : null;
}

function topLevelIndex(text: string, from: number, to: number, needle: string): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if (depth === 0 && text.startsWith(needle, i)) return i;
  }
  return -1;
}

function ownerField(flat: Flat, owner: { label: string }, at: number, ctx: ReadContext): { text: string; range: ReturnType<Flat['range']>; source: 'inline' } {
  return { text: owner.label, range: flat.range(ctx.lines, at, at + owner.label.length), source: 'inline' };
}

/** The item's key results, each on the item's line; the result after `=>` grades them. */
function addKrs(
  draft: ObjectiveDraft | null,
  parts: Parts,
  flat: Flat,
  range: ReturnType<Flat['range']>,
  owner: { label: string } | null,
  ownerAt: number,
  ctx: ReadContext,
): void {
  const grades = parts.outcome ? outcomeGrades(flat.text.slice(parts.outcome[0], parts.outcome[1]), parts.krs.length) : [];
  parts.krs.forEach(([a, b], k) => {
    const span = flat.slice(a, b);
    const kr = ctx.newKr('bullet', span, range, span.range(ctx.lines, 0, span.text.length));
    if (owner && !kr.owner) ctx.setField(kr, 'owner', ownerField(flat, owner, ownerAt, ctx));
    const grade = grades[k];
    if (grade && parts.outcome) {
      const at = parts.outcome[0] + grade.at;
      ctx.setField(kr, 'score', { text: grade.text, range: flat.range(ctx.lines, at, at + grade.text.length), source: 'inline', via: 'the result after =>' });
    }
    ctx.attachKrTo(draft, kr);
  });
}

/**
 * The grade of each of `count` key results from a result such as `=> 17%, 100%, 100%`, `=> 70%`,
 * `=> 56.87% coverage = 79.13% of target`: one percentage per KR, or one for all when it is 0% or 100%.
 */
function outcomeGrades(outcome: string, count: number): Array<{ text: string; at: number } | undefined> {
  const of = /(\d+(?:\.\d+)?)\s*%\s*(?:of target|attainment)/i.exec(outcome);
  if (of && count === 1) return [{ text: `${of[1]}%`, at: of.index }];
  const all = [...outcome.matchAll(/(\d+(?:\.\d+)?|X+)\s*%/g)];
  if (all.length === 0 || count === 0) return [];
  if (count > 1 && all.length === count) return all.map((m) => ({ text: `${m[1]}%`, at: m.index }));
  const first = all[0]!;
  if (count === 1) {
    // `Sourced 160 (100%), Hired 2 (66%)`: several parts of one KR; a grade only when they agree.
    if (all.length > 1 && /^[:\s]*\p{Lu}\p{Ll}+ed\s/u.test(outcome) && !all.every((m) => Number(m[1]) >= 100)) return [];
    return [{ text: `${first[1]}%`, at: first.index }];
  }
  return first[1] === '0' || first[1] === '100' || /^X+$/.test(first[1]!)
    ? Array.from({ length: count }, () => ({ text: `${first[1]}%`, at: first.index }))
    : [];
}

/** True when a nested list holds an item that is a key result of the item above it (a single statement, nothing nested). */
function givesKeyResults(list: List): boolean {
  return list.children.some((item) => {
    const p = item.children[0];
    if (p?.type !== 'paragraph' || item.children.some((c) => c.type === 'list')) return false;
    const flat = Flat.of(p.children, 0);
    const trimmed = flat.text.trim();
    const owner = ownerLabel(trimmed);
    return split(trimmed, owner?.end ?? 0, trimmed.length).objective === null;
  });
}

function readItem(item: ListItem, parent: ObjectiveDraft | null, ctx: ReadContext): void {
  const first = item.children[0];
  const nested = item.children.filter((c): c is List => c.type === 'list');
  const readNested = (p: ObjectiveDraft | null): void => {
    for (const n of nested) for (const child of n.children) readItem(child, p, ctx);
  };
  if (first?.type !== 'paragraph') return readNested(parent);
  const flat = ctx.flatOf(first.children, startOffset(first));
  const trimmed = flat.text.trim();
  const at = flat.text.indexOf(trimmed);
  const text = squash(trimmed);
  const owner = first.children[0]?.type === 'strong' ? null : ownerLabel(trimmed);
  const from = at + (owner?.end ?? 0);
  const range = rangeOf(item, ctx.lines);
  const lineRange = flat.range(ctx.lines, at, at + trimmed.length);
  // `VPE`, `Director of Support`: a bare owner label grouping the items under it.
  if (!owner && nested.length > 0 && text.split(/\s+/).length <= 4 && !/\d/.test(text) && !startsWithVerb(text)) return readNested(parent);
  const parts = split(flat.text, from, at + trimmed.length);
  // Bullets without owners under a graded item are notes on how it went.
  if (parts.outcome && nested.every((n) => ownedItems(n) === 0)) nested.length = 0;
  if (!parts.objective && nested.length > 0 && parts.krs.length === 1 && nested.some(givesKeyResults)) {
    // `CFO: Improve financial reporting and accounting processes.` with its KRs nested under it.
    parts.objective = parts.krs[0]!;
    parts.krs = [];
  }
  if (parts.objective) {
    const draft = ctx.openObjective(flat.slice(parts.objective[0], parts.objective[1]), 0, range, ctx.headingDepth + 0.5, false, null, true);
    draft.objective.titleRange = flat.range(ctx.lines, parts.objective[0], parts.objective[1]);
    if (owner) draft.objective.owner = ownerField(flat, owner, at, ctx);
    addKrs(draft, parts, flat, lineRange, owner, at, ctx);
    readNested(draft);
    return;
  }
  addKrs(parent, parts, flat, lineRange, owner, at, ctx);
  readNested(parent);
}
