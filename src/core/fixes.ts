import type { Analysis } from './analyze';
import { analyze, type AnalyzeOptions } from './analyze';
import { columnFor, type KrColumn } from './model/aliases';
import type { KeyResult } from './model/schema';
import type { Finding } from './rules/types';
import { REASON_PLACEHOLDER } from './suppress';

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
}


const CANONICAL: KrColumn[] = ['kr', 'baseline', 'target', 'current', 'owner', 'confidence'];
const COLUMN_FOR_RULE: Record<string, KrColumn> = {
  'kr-missing-baseline': 'baseline',
  'kr-missing-target': 'target',
  'kr-missing-owner': 'owner',
  'kr-missing-confidence': 'confidence',
};
const HEADER: Partial<Record<KrColumn, string>> = { baseline: 'Baseline', target: 'Target', current: 'Current', owner: 'Owner', confidence: 'Confidence' };

/** Every fix OKR Lens offers for a finding, the preferred one first. */
export function fixesFor(analysis: Analysis, finding: Finding): Fix[] {
  const fixes = fixesLF(analysis, finding);
  // A CRLF document gets CRLF in what the fixes insert, so its line endings stay one kind.
  if (analysis.lines.text.includes('\r\n')) {
    for (const fix of fixes) for (const e of fix.edits) e.text = e.text.replace(/\r?\n/g, '\r\n');
  }
  return fixes;
}

function fixesLF(analysis: Analysis, finding: Finding): Fix[] {
  const fixes: Fix[] = [];
  if (finding.suggestion) {
    // A guess (the closest heading or ID): offered, never applied by fix-all.
    const { title, range, text: replacement } = finding.suggestion;
    fixes.push({ title, ruleId: finding.ruleId, edits: [{ start: range.start.offset, end: range.end.offset, text: replacement }], fixAll: false });
  }
  const text = analysis.lines.text;
  const column = COLUMN_FOR_RULE[finding.ruleId];
  const kr = column ? krAt(analysis, finding.range.start.line) : null;
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
      fixes.push({ title: `Add a ${HEADER[column]} column to ${edits.length === 1 ? 'the KR table' : `all ${edits.length} KR tables`}`, ruleId: finding.ruleId, edits: edits.flat() as TextEdit[], fixAll: true });
    }
  }
  if (column && kr && kr.kind === 'table') {
    const table = tableAround(text, analysis, kr.range.start.line);
    if (table) {
      const index = table.columns.indexOf(column);
      if (index < 0) {
        const edits = insertColumn(table, column);
        if (edits) fixes.push({ title: `Add a ${HEADER[column]} column to this table`, ruleId: finding.ruleId, edits, fixAll: true });
      } else {
        const row = table.rows.find((r) => r.line === kr.range.start.line);
        if (row && row.cells < table.columns.length) {
          const missing = table.columns.length - row.cells;
          fixes.push({
            title: `Add the ${missing === 1 ? 'missing cell' : `${missing} missing cells`} to this row`,
            ruleId: finding.ruleId,
            edits: [{ start: row.end, end: row.end, text: `${row.closed ? '' : ' |'}${'  |'.repeat(missing)}` }],
            fixAll: true,
          });
        }
      }
    }
  }
  // An empty section is there already: what it lacks is words, which no fix can write.
  if (finding.ruleId === 'doc-missing-context' && analysis.document.context === null) {
    fixes.push({ title: 'Add a Context section', ruleId: finding.ruleId, edits: [contextSection(analysis)], fixAll: true });
  }
  if (finding.ruleId === 'doc-missing-not-doing' && analysis.document.notDoing === null) {
    const end = text.length;
    const lead = text.endsWith('\n\n') || text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    fixes.push({ title: `Add a "What we're NOT doing" section`, ruleId: finding.ruleId, edits: [{ start: end, end, text: `${lead}## What we're NOT doing this quarter\n\n- \n` }], fixAll: true });
  }
  const disable = disableComment(analysis, finding);
  if (disable) fixes.push(disable);
  return fixes;
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

interface TableLine {
  line: number;
  start: number;
  end: number;
  /** Offsets of the cell-separating pipes. */
  pipes: number[];
  cells: number;
  closed: boolean;
}

interface TableShape {
  columns: Array<KrColumn | null>;
  lines: TableLine[];
  rows: TableLine[];
}

/** The pipe table holding a line, read from the text (pipes in code spans and escaped pipes do not count). */
function tableAround(text: string, analysis: Analysis, line: number): TableShape | null {
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

/** Inserts a column at its place in KR | Baseline | Target | Current | Owner | Confidence order. */
function insertColumn(table: TableShape, column: KrColumn): TextEdit[] | null {
  const rank = CANONICAL.indexOf(column);
  let at = table.columns.findIndex((c) => c !== null && CANONICAL.includes(c) && CANONICAL.indexOf(c) > rank);
  if (at < 0) at = table.columns.length;
  const edits: TextEdit[] = [];
  table.lines.forEach((l, i) => {
    const cell = i === 0 ? ` ${HEADER[column]} |` : i === 1 ? '---|' : '  |';
    const pipe = l.pipes[Math.min(at, l.cells)];
    if (pipe === undefined) return;
    edits.push({ start: pipe + 1, end: pipe + 1, text: cell });
  });
  return edits.length === table.lines.length ? edits : null;
}

function contextSection(analysis: Analysis): TextEdit {
  const title = analysis.document.titleRange;
  const body = '## Context\n\n- Annual goal this supports: \n- Key assumption: \n- Biggest risk: \n';
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
    return { title, ruleId: finding.ruleId, edits: [{ start: at, end: at, text: ` <!-- okr-lens-disable-line ${finding.ruleId} -- ${REASON_PLACEHOLDER} -->` }], fixAll: false };
  }
  const indent = /^\s*/.exec(text)![0];
  return { title, ruleId: finding.ruleId, edits: [{ start, end: start, text: `${indent}<!-- okr-lens-disable-next-line ${finding.ruleId} -- ${REASON_PLACEHOLDER} -->\n` }], fixAll: false };
}
