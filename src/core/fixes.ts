import type { Analysis } from './analyze';
import { analyze, type AnalyzeOptions } from './analyze';
import { columnFor, type KrColumn } from './model/aliases';
import type { KeyResult } from './model/schema';
import type { Finding } from './rules/types';
import type { TrailPoint } from './history/trail';
import { REASON_PLACEHOLDER } from './suppress';
import { basename, dirname, relative } from './workspace/posix';
import type { DocSummary } from './workspace/summary';

/** One text replacement, by 0-based offsets into the analysed text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A fix for a finding: what the user picks in the editor, applied as one undoable edit. */
export interface Fix {
  title: string;
  ruleId: string;
  edits: TextEdit[];
  /** Fixes that fix-all applies; disable comments never are. */
  fixAll: boolean;
  /** The one fix that resolves the finding without a choice between people or places: the editor's preferred quick fix. */
  preferred: boolean;
  /** `disable`: a disable comment, listed after every fix that changes the OKRs. */
  kind: 'fix' | 'disable';
}

/** A person named as an owner somewhere in the workspace, offered as the owner of a KR that has none. */
export interface Person {
  name: string;
  /** How many KRs they own in the workspace. */
  krs: number;
  /** The team (or document title) where they own the most KRs. */
  where: string | null;
}

/** A KR's value in git history at the quarter's start, for a missing baseline. */
export interface HistoricValue {
  value: string;
  /** ISO date of the commit. */
  date: string;
}

/** What the editor knows beyond the document: the workspace's people and the document's git history. */
export interface FixContext {
  people?: readonly Person[];
  baselineOf?: (kr: KeyResult) => HistoricValue | null;
}

/** Most people offered as a KR's owner. */
const MAX_PEOPLE = 8;

const CANONICAL: KrColumn[] = ['kr', 'baseline', 'target', 'current', 'owner', 'confidence'];
const COLUMN_FOR_RULE: Record<string, KrColumn> = {
  'kr-missing-baseline': 'baseline',
  'kr-missing-target': 'target',
  'kr-missing-owner': 'owner',
  'kr-missing-confidence': 'confidence',
};
const HEADER: Partial<Record<KrColumn, string>> = { baseline: 'Baseline', target: 'Target', current: 'Current', owner: 'Owner', confidence: 'Confidence' };

/**
 * Every fix OKR Lens offers for a finding: the ones that resolve it first (the
 * preferred one, when there is one, at the top), then the choices, then the
 * disable comment.
 */
export function fixesFor(analysis: Analysis, finding: Finding, context: FixContext = {}): Fix[] {
  const fixes = fixesLF(analysis, finding, context);
  const rank = (f: Fix): number => (f.kind === 'disable' ? 2 : f.preferred ? 0 : 1);
  fixes.sort((a, b) => rank(a) - rank(b));
  // One preferred fix at most: the editor applies it as the auto fix.
  fixes.forEach((f, i) => (f.preferred &&= i === 0));
  // A CRLF document gets CRLF in what the fixes insert, so its line endings stay one kind.
  if (analysis.lines.text.includes('\r\n')) {
    for (const fix of fixes) for (const e of fix.edits) e.text = e.text.replace(/\r?\n/g, '\r\n');
  }
  return fixes;
}

function fixesLF(analysis: Analysis, finding: Finding, context: FixContext): Fix[] {
  const fixes: Fix[] = [];
  const fix = (title: string, edits: TextEdit[], fixAll: boolean, preferred: boolean): void => {
    fixes.push({ title, ruleId: finding.ruleId, edits, fixAll, preferred, kind: 'fix' });
  };
  if (finding.suggestion) {
    // The closest heading or ID: the one replacement offered, never applied by fix-all.
    const { title, range, text: replacement } = finding.suggestion;
    fix(title, [{ start: range.start.offset, end: range.end.offset, text: replacement }], false, true);
  }
  const text = analysis.lines.text;
  const column = COLUMN_FOR_RULE[finding.ruleId];
  const kr = krAt(analysis, finding.range.start.line);
  if (column && !kr) {
    // A per-document finding (no KR names an owner, say): add the column to every KR table that lacks it.
    const tables = new Map<number, TableShape>();
    for (const o of analysis.document.objectives) {
      for (const k of o.keyResults) {
        if (k.kind !== 'table') continue;
        const t = tableAround(text, analysis, k.range.start.line);
        if (t && !t.columns.includes(column)) tables.set(t.lines[0]!.line, t);
      }
    }
    const edits = [...tables.values()].map((t) => insertColumn(t, column));
    if (edits.length > 0 && edits.every((e) => e !== null)) {
      fix(`Add a ${HEADER[column]} column to ${edits.length === 1 ? 'the KR table' : `all ${edits.length} KR tables`}`, edits.flat() as TextEdit[], true, true);
    }
  }
  // A value to put in the KR's cell: the baseline git recorded at the quarter's start, or one of the workspace's people as its owner.
  const values: Array<{ title: string; value: string; preferred: boolean }> = [];
  if (kr && finding.ruleId === 'kr-missing-baseline' && context.baselineOf) {
    const then = context.baselineOf(kr);
    if (then)
      values.push({
        title: `Fill in the baseline from git: ${then.value} (the current value on ${then.date.slice(0, 10)})`,
        value: then.value,
        preferred: true,
      });
  }
  if (kr && finding.ruleId === 'kr-missing-owner' && context.people) {
    for (const p of context.people.slice(0, MAX_PEOPLE)) {
      values.push({
        title: `Make ${p.name} the owner (${p.krs === 1 ? 'owns 1 KR' : `owns ${p.krs} KRs`}${p.where ? ` in ${p.where}` : ''})`,
        value: p.name,
        preferred: false,
      });
    }
  }
  if (column && kr && kr.kind === 'table') {
    const table = tableAround(text, analysis, kr.range.start.line);
    const row = table?.rows.find((r) => r.line === kr.range.start.line);
    if (table && row) {
      const index = table.columns.indexOf(column);
      if (index < 0) {
        for (const v of values) {
          const edits = insertColumn(table, column, { line: row.line, value: v.value });
          if (edits) fix(v.title, edits, false, v.preferred);
        }
        const edits = insertColumn(table, column);
        if (edits) fix(`Add a ${HEADER[column]} column to this table`, edits, true, !values.some((v) => v.preferred));
      } else if (row.cells < table.columns.length) {
        const missing = table.columns.length - row.cells;
        for (const v of values) {
          const cells = Array.from({ length: missing }, (_, i) => (row.cells + i === index ? ` ${escapeCell(v.value)} |` : '  |')).join('');
          fix(v.title, [{ start: row.end, end: row.end, text: `${row.closed ? '' : ' |'}${cells}` }], false, v.preferred);
        }
        fix(
          `Add the ${missing === 1 ? 'missing cell' : `${missing} missing cells`} to this row`,
          [{ start: row.end, end: row.end, text: `${row.closed ? '' : ' |'}${'  |'.repeat(missing)}` }],
          true,
          !values.some((v) => v.preferred),
        );
      } else {
        const cell = cellSpan(row, index);
        if (cell && text.slice(cell.start, cell.end).trim() === '') {
          for (const v of values) fix(v.title, [{ start: cell.start, end: cell.end, text: ` ${escapeCell(v.value)} ` }], false, v.preferred);
        }
      }
    }
  }
  if (kr && kr.kind === 'bullet' && finding.ruleId === 'kr-missing-owner' && kr.owner === null) {
    // `- Lift activation from 41% to 55%` → `- Lift activation from 41% to 55% (Owner: Maria)`.
    const end = analysis.lines.lineEnd(kr.textRange.end.line);
    const at = text.slice(0, end).trimEnd().length;
    for (const v of values) fix(v.title, [{ start: at, end: at, text: ` (Owner: ${v.value})` }], false, v.preferred);
  }
  if (kr && finding.ruleId === 'kr-is-task') {
    const move = moveToInitiatives(analysis, kr);
    if (move) fix('Move this task to Key initiatives', move, false, true);
  }
  // An empty section is there already: what it lacks is words, which no fix can write.
  if (finding.ruleId === 'doc-missing-context' && analysis.document.context === null) {
    fix('Add a Context section to fill in', [contextSection(analysis)], true, true);
  }
  if (finding.ruleId === 'doc-missing-not-doing' && analysis.document.notDoing === null) {
    const end = text.length;
    const lead = text.endsWith('\n\n') || text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    fix(`Add a "What we're NOT doing" section to fill in`, [{ start: end, end, text: `${lead}## What we're NOT doing this quarter\n\n- \n` }], true, true);
  }
  const disable = disableComment(analysis, finding);
  if (disable) fixes.push(disable);
  return fixes;
}

const NOT_A_NAME = /^(?:tbd|tba|tbc|n\/?a|none|nobody|owner|team|unassigned|unknown|everyone|all|\?+)$|^(?:the|our|a|an)\s/i;

/**
 * The people named as owners in the workspace's documents (of KRs, objectives, documents): those
 * of the document at `self` first, then the others, each by how many KRs they own.
 */
export function peopleNamed(summaries: Iterable<DocSummary>, self?: string): Person[] {
  const near = new Set<string>();
  const docs = [...summaries];
  // A team named as an owner is no person to offer.
  const teams = new Set(docs.flatMap((d) => (d.team ? [d.team.toLowerCase()] : [])));
  const people = new Map<string, { name: string; krs: number; by: Map<string, number> }>();
  const add = (raw: string, where: string | null, krs: number, own: boolean): void => {
    for (const part of raw.split(/[,;]/)) {
      const name = part.replace(/^\s*@/, '').trim();
      if (!/^\p{L}[\p{L}\p{M} .'’-]{0,40}$/u.test(name) || NOT_A_NAME.test(name) || teams.has(name.toLowerCase())) continue;
      const key = name.toLowerCase();
      if (own) near.add(key);
      let p = people.get(key);
      if (!p) people.set(key, (p = { name, krs: 0, by: new Map() }));
      p.krs += krs;
      if (where) p.by.set(where, (p.by.get(where) ?? 0) + krs + 0.001);
    }
  };
  for (const doc of docs) {
    const where = doc.team ?? doc.title;
    const own = doc.key === self;
    if (doc.owner) add(doc.owner, where, 0, own);
    for (const o of doc.objectives) {
      if (o.owner) add(o.owner, where, 0, own);
      for (const kr of o.keyResults) if (kr.owner) add(kr.owner, where, 1, own);
    }
  }
  const rank = (name: string): number => (near.has(name.toLowerCase()) ? 0 : 1);
  return [...people.values()]
    .map((p) => ({ name: p.name, krs: p.krs, where: [...p.by.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null }))
    .sort((a, b) => rank(a.name) - rank(b.name) || b.krs - a.krs || a.name.localeCompare(b.name));
}

const DAY_MS = 86_400_000;

/**
 * A KR's current value in the version of the document in place when the quarter started (the
 * newest commit dated before its first day), or else in the first commit of its first two weeks,
 * when the plan was written: its baseline. Null when git has no value for it.
 */
export function baselineFromHistory(points: readonly TrailPoint[], quarterStart: string): HistoricValue | null {
  const start = Date.parse(`${quarterStart}T00:00:00Z`);
  if (!Number.isFinite(start)) return null;
  const committed = points.filter((p) => p.commit !== null && Number.isFinite(Date.parse(p.date)));
  const before = committed.filter((p) => Date.parse(p.date) < start);
  const point = before.length > 0 ? before[before.length - 1]! : committed.find((p) => Date.parse(p.date) < start + 14 * DAY_MS);
  return point?.current ? { value: point.current, date: point.date } : null;
}

/**
 * What a `Supports:` line of the document at `self` can name: each ID the other documents define,
 * labelled with its team (or title) and objective, or, when none defines one, a link to each
 * objective of the company documents. Empty when there is nothing to align to.
 */
export function supportsChoices(summaries: Iterable<DocSummary>, self: string): Array<{ title: string; text: string }> {
  const ids = new Map<string, string>();
  const companies: Array<{ title: string; text: string }> = [];
  for (const doc of summaries) {
    if (doc.key === self) continue;
    const where = doc.team ?? doc.title ?? basename(doc.key);
    for (const d of doc.ids) ids.set(d.id, `${where}: ${doc.objectives[d.objective]?.title ?? ''}`.slice(0, 80));
    if (doc.level === 'company' || (doc.level === null && doc.companyLike)) {
      const path = relative(dirname(self), doc.key);
      for (const o of doc.objectives) {
        if (!o.slug) continue;
        const title = o.title.length > 40 ? `${o.title.slice(0, 39).trimEnd()}…` : o.title;
        companies.push({ title: `Add "Supports: [${title}](…)" (${where})`, text: `[${title.replace(/[[\]]/g, '')}](${path}#${o.slug})` });
      }
    }
  }
  if (ids.size > 0)
    return [...ids.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, where]) => ({ title: `Add "Supports: ${id}" (${where})`, text: id }));
  return companies;
}

/** A `Supports:` line under an objective heading that has none. */
export function supportsLine(analysis: Analysis, objectiveIndex: number, target: string): TextEdit | null {
  const o = analysis.document.objectives[objectiveIndex];
  if (!o || o.depth === 0) return null;
  const end = analysis.lines.lineEnd(o.titleRange.start.line);
  return { start: end, end, text: `\nSupports: ${target}` };
}

/**
 * Applies every fix-all fix until none is left, re-analysing after each, and
 * returns the result as one edit covering the changed span (so an editor can
 * apply and undo it in one step). Null when nothing is fixable.
 */
export function fixAll(text: string, options: AnalyzeOptions = {}): { edit: TextEdit; fixed: number } | null {
  let current = text;
  let fixed = 0;
  for (let round = 0; round < 100; round++) {
    const analysis = analyze(current, options);
    const fix = analysis.findings.map((f) => fixesFor(analysis, f).find((x) => x.fixAll)).find((x) => x !== undefined);
    if (!fix) break;
    current = applyEdits(current, fix.edits);
    fixed++;
  }
  if (current === text) return null;
  let start = 0;
  while (start < text.length && start < current.length && text[start] === current[start]) start++;
  let endOld = text.length;
  let endNew = current.length;
  while (endOld > start && endNew > start && text[endOld - 1] === current[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { edit: { start, end: endOld, text: current.slice(start, endNew) }, fixed };
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function krAt(analysis: Analysis, line: number): KeyResult | null {
  for (const o of analysis.document.objectives) for (const kr of o.keyResults) if (kr.range.start.line <= line && line <= kr.range.end.line) return kr;
  return null;
}

export interface TableLine {
  line: number;
  start: number;
  end: number;
  /** Offsets of the cell-separating pipes. */
  pipes: number[];
  cells: number;
  closed: boolean;
}

export interface TableShape {
  columns: Array<KrColumn | null>;
  lines: TableLine[];
  rows: TableLine[];
}

/** The pipe table holding a line, read from the text (pipes in code spans and escaped pipes do not count). */
export function tableAround(text: string, analysis: Analysis, line: number): TableShape | null {
  const isRow = (n: number): boolean => n >= 1 && n <= analysis.lines.lineCount && /^\s{0,3}\|/.test(analysis.lines.lineText(n));
  if (!isRow(line)) return null;
  let first = line;
  while (isRow(first - 1)) first--;
  let last = line;
  while (isRow(last + 1)) last++;
  const lines: TableLine[] = [];
  for (let n = first; n <= last; n++) {
    const start = analysis.lines.lineStart(n);
    const end = analysis.lines.lineEnd(n);
    const pipes: number[] = [];
    let code = false;
    for (let i = start; i < end; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '`') code = !code;
      else if (c === '|' && !code) pipes.push(i);
    }
    const closed = text.slice(pipes[pipes.length - 1]! + 1, end).trim() === '';
    lines.push({ line: n, start, end, pipes, cells: closed ? pipes.length - 1 : pipes.length, closed });
  }
  if (lines.length < 2 || !/^[\s|:-]+$/.test(text.slice(lines[1]!.start, lines[1]!.end))) return null;
  const header = lines[0]!;
  const columns = header.pipes.slice(0, header.cells).map((p, i) => columnFor(text.slice(p + 1, header.pipes[i + 1] ?? header.end).trim()));
  return { columns, lines, rows: lines.slice(2) };
}

/** Inserts a column at its place in KR | Baseline | Target | Current | Owner | Confidence order, empty or with a value in one row. */
function insertColumn(table: TableShape, column: KrColumn, filled?: { line: number; value: string }): TextEdit[] | null {
  const rank = CANONICAL.indexOf(column);
  let at = table.columns.findIndex((c) => c !== null && CANONICAL.includes(c) && CANONICAL.indexOf(c) > rank);
  if (at < 0) at = table.columns.length;
  const edits: TextEdit[] = [];
  table.lines.forEach((l, i) => {
    const cell = i === 0 ? ` ${HEADER[column]} |` : i === 1 ? '---|' : l.line === filled?.line ? ` ${escapeCell(filled.value)} |` : '  |';
    const pipe = l.pipes[Math.min(at, l.cells)];
    if (pipe === undefined) return;
    edits.push({ start: pipe + 1, end: pipe + 1, text: cell });
  });
  return edits.length === table.lines.length ? edits : null;
}

/** The text between a row's pipes around cell `index` (0-based), or null when the row has no such cell. */
export function cellSpan(row: TableLine, index: number): { start: number; end: number } | null {
  const open = row.pipes[index];
  if (open === undefined || index >= row.cells) return null;
  return { start: open + 1, end: row.pipes[index + 1] ?? row.end };
}

/** A value as a table cell holds it: pipes escaped. */
export function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|');
}

/**
 * Moves a task KR to Key initiatives as one edit: the KR's row or item goes, and it becomes an
 * item of the objective's initiatives (after the last one), of the document's, or of a new
 * `**Key initiatives:**` list after the objective's KRs. Null when the KR cannot be cut out cleanly.
 */
function moveToInitiatives(analysis: Analysis, kr: KeyResult): TextEdit[] | null {
  if (kr.kind !== 'table' && kr.kind !== 'bullet') return null;
  const lines = analysis.lines;
  const text = lines.text;
  const objective = analysis.document.objectives.find((o) => o.keyResults.includes(kr));
  if (!objective || kr.text.trim() === '') return null;
  const owner = kr.owner && kr.owner.names.length > 0 ? ` (${kr.owner.names.join(', ')})` : '';
  const item = `${kr.text.trim()}${owner}`;
  const first = kr.range.start.line;
  let last = kr.range.end.line;
  let anchor: number;
  if (kr.kind === 'table') {
    const table = tableAround(text, analysis, first);
    if (!table || !table.rows.some((r) => r.line === first)) return null;
    last = first;
    anchor = table.lines[table.lines.length - 1]!.line;
  } else {
    // A bullet KR goes with its nested lines (details under it), never with the items after it.
    if (!/^\s*(?:[-*+]|\d{1,9}[.)])\s/.test(lines.lineText(first))) return null;
    const indent = /^\s*/.exec(lines.lineText(first))![0].length;
    while (last < lines.lineCount && lines.lineText(last + 1).trim() !== '' && /^\s*/.exec(lines.lineText(last + 1))![0].length > indent) last++;
    anchor = Math.max(...objective.keyResults.map((k) => k.range.end.line));
  }
  const cut: TextEdit = { start: lines.lineStart(first), end: last < lines.lineCount ? lines.lineStart(last + 1) : text.length, text: '' };
  const within = (i: { range: { start: { line: number } } }): boolean => i.range.start.line < first || i.range.start.line > last;
  const existing = [...objective.initiatives, ...(objective.initiatives.length === 0 ? analysis.document.initiatives : [])].filter(within);
  const after = existing[existing.length - 1];
  if (after) {
    // The new item repeats the marker and indent of the last initiative.
    const line = lines.lineText(after.range.start.line);
    const marker = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/.exec(line)?.[0] ?? '- ';
    const at = lines.lineEnd(after.range.end.line);
    return [cut, { start: at, end: at, text: `\n${marker.replace(/\d{1,9}/, (n) => String(Number(n) + 1))}${item}` }];
  }
  if (anchor >= first && anchor <= last) anchor = first - 1;
  const at = anchor < lines.lineCount ? lines.lineStart(anchor + 1) : text.length;
  const lead = anchor < lines.lineCount ? '' : text.endsWith('\n') ? '' : '\n';
  const edits = [cut, { start: at, end: at, text: `${lead}\n**Key initiatives:**\n\n- ${item}\n` }];
  // Cut and insertion at one offset (the KR was the last line): one edit, so they apply in order.
  if (at === cut.end) return [{ start: cut.start, end: cut.end, text: edits[1]!.text }];
  return edits;
}

/** A Context section to fill in: above the first heading after the title (below the lines that introduce the document), or after the title. */
function contextSection(analysis: Analysis): TextEdit {
  const title = analysis.document.titleRange;
  const body = '## Context\n\n- Annual goal this supports: \n- Key assumption: \n- Biggest risk: \n';
  const next = analysis.document.headings.find((h) => h.range.start.line > (title?.end.line ?? 0));
  // Never below an objective: then right after the title.
  const first = Math.min(...analysis.document.objectives.map((o) => o.range.start.line));
  if (next && title && next.range.start.line <= first) {
    const at = analysis.lines.lineStart(next.range.start.line);
    return { start: at, end: at, text: `${body}\n` };
  }
  if (!title) return { start: 0, end: 0, text: `${body}\n` };
  const end = analysis.lines.lineEnd(title.end.line);
  return { start: end, end, text: `\n\n${body.trimEnd()}` };
}

/** `<!-- okr-lens-disable-next-line id -- reason -->` above the line, or `-line` inside a table row's first cell. */
function disableComment(analysis: Analysis, finding: Finding): Fix | null {
  if (finding.ruleId === 'suppression-without-reason' || finding.ruleId === 'okr-lens-internal') return null;
  const line = finding.range.start.line;
  const text = analysis.lines.lineText(line);
  const start = analysis.lines.lineStart(line);
  const title = `Disable ${finding.ruleId} here (with a reason)`;
  const row = /^(\s{0,3}\|)((?:[^|\\`]|\\.|`[^`]*`)*)\|/.exec(text);
  if (row) {
    const at = start + row[1]!.length + row[2]!.trimEnd().length;
    return {
      title,
      ruleId: finding.ruleId,
      edits: [{ start: at, end: at, text: ` <!-- okr-lens-disable-line ${finding.ruleId} -- ${REASON_PLACEHOLDER} -->` }],
      fixAll: false,
      preferred: false,
      kind: 'disable',
    };
  }
  const indent = /^\s*/.exec(text)![0];
  return {
    title,
    ruleId: finding.ruleId,
    edits: [{ start, end: start, text: `${indent}<!-- okr-lens-disable-next-line ${finding.ruleId} -- ${REASON_PLACEHOLDER} -->\n` }],
    fixAll: false,
    preferred: false,
    kind: 'disable',
  };
}
