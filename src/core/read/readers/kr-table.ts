import type { Table, TableRow } from 'mdast';
import { columnFor, type KrColumn } from '../../model/aliases';
import type { ConfidenceScale } from '../../model/fields';
import type { KeyResult } from '../../model/schema';
import { readKrLabel } from '../../model/sentence';
import { Flat } from '../../model/text';
import { movedRange, type Range } from '../../types';
import { rangeOf, startOffset, type ReadContext, type TableBlock, type TableCell } from '../context';
import { defineReader } from '../reader';
import { cleanTitle, isBoldOnly, OBJECTIVE_LABEL, sectionKind } from '../vocabulary';

/**
 * What reading a table did, in row order: a KR (pristine, before anything else
 * touched it) or a lazy line read as the statement it was meant to be (whether
 * a row is one depends only on its text; what reading it does depends on the
 * reader's state, so it is read again). And where the table was.
 */
interface TableMemo {
  line: number;
  offset: number;
  scale: ConfidenceScale;
  events: Array<{ kr: KeyResult } | { lazy: TableRow }>;
}
const tableMemos = new WeakMap<Table, TableMemo>();

/**
 * A KR table: columns matched by header name in any order, with aliases
 * (SPEC §2): KR / Key Result / Metric, Baseline / Start, Target / Goal / Meta,
 * Current / Actual, Owner / DRI / Responsável, Confidence, Score, Status,
 * Weight, Due, Type. A column of ids (`KR1`, `KR-2`) gives the KR's id; when
 * the statement sits in a Target or Indicator column, it is read from there.
 */
export const krTable = defineReader({
  id: 'kr-table',
  title: 'Key result tables',
  summary:
    'A table with a KR (or Key Result, Metric, Indicador…) column: one key result per row, values from the Baseline, Target, Current, Owner, Confidence and Score columns; an Objective column opens an objective at each row that names one.',
  on: ['table'],
  read(block, ctx) {
    ctx.pendingList = null;
    const node = block.node;
    const at = node?.position?.start;
    const memo = node && ctx.options.reuseTables ? tableMemos.get(node) : undefined;
    if (memo && at?.offset !== undefined && memo.scale === ctx.scale) {
      // The same table, maybe moved by whole lines (chunks start at a line start, so columns hold): the
      // pristine KRs with their ranges moved are what reading the table again gives. Like the tree's
      // positions (IncrementalAnalyzer), their ranges are moved in place, which moves them in the model the
      // previous build returned too: that model is superseded by this one. Each build gets shallow copies,
      // since a later line may still replace a KR's field after reading it (a `Scoring:` line sets its
      // ladder); nothing changes a field or a range of a KR in place but this.
      const lines = at.line - memo.line;
      const offset = at.offset - memo.offset;
      if (lines !== 0 || offset !== 0) {
        for (const event of memo.events) if ('kr' in event) shiftKrInPlace(event.kr, lines, offset);
        memo.line = at.line;
        memo.offset = at.offset;
      }
      for (const event of memo.events) {
        if ('kr' in event) ctx.attachKr({ ...event.kr });
        else lazyLine(mdCell(event.lazy, ctx), event.lazy, ctx);
      }
      return true;
    }
    readKrRows(block, ctx, node && ctx.options.reuseTables === true && at?.offset !== undefined ? node : null);
    return true;
  },
});

/** Reads the KR rows of a table (Markdown or HTML); remembers them for the next version when `memoFor` is given. */
export function readKrRows(block: TableBlock, ctx: ReadContext, memoFor: Table | null): boolean {
  const events: TableMemo['events'] = [];
  const headers = block.headers;
  // `| Objective | Key result | Target |`: a row with an objective opens it, the rows below with an empty cell are its KRs.
  const objectiveCol = headers.findIndex((h) => OBJECTIVE_HEADER.test(h.replace(/[*_`#:]/g, '').trim()));
  // Such a table opens objectives, which replaying its KRs would not: it is read again in each version.
  if (objectiveCol >= 0) memoFor = null;
  let objectiveText: string | null = null;
  const columns = headers.map((h) => columnFor(h));
  const col = (k: KrColumn): number => columns.indexOf(k);
  const rows = block.rows;
  const columnTexts = (i: number): string[] => rows.map((r) => r.cells[i]?.text ?? '');
  let krCol = col('kr');
  let textCol = col('text');
  const emptyHeader = headers.findIndex((h) => h === '');
  const idCol = [krCol, emptyHeader].find((i) => i >= 0 && mostlyIds(columnTexts(i))) ?? -1;
  if (idCol === krCol) krCol = -1;
  const targetCol = col('target');
  if (textCol < 0) textCol = krCol;
  if (textCol < 0 && idCol >= 0 && targetCol >= 0 && mostlySentences(columnTexts(targetCol))) textCol = targetCol;
  if (textCol < 0) return false;
  const statementInTarget = textCol === targetCol;
  // Values the table has a column for come from the cells, not from the KR sentence.
  const fromCells = new Set(columns.filter((c): c is KrColumn => c !== null && !(statementInTarget && c === 'target')));

  for (const row of rows) {
    const texts = row.cells.map((c) => c.text);
    const objectiveCell = objectiveCol >= 0 ? row.cells[objectiveCol] : undefined;
    if (objectiveCell && objectiveCell.text !== '' && objectiveCell.text !== objectiveText) {
      objectiveText = objectiveCell.text;
      const label = OBJECTIVE_LABEL.exec(objectiveCell.flat.text.trimStart());
      const lead = objectiveCell.flat.text.length - objectiveCell.flat.text.trimStart().length;
      const title = objectiveCell.flat.text.slice(lead + (label ? label[0].length : 0));
      // The objective the heading above opened, named again in the table, stays the one open.
      if (ctx.obj?.objective.title.toLowerCase() !== cleanTitle(title).toLowerCase()) {
        ctx.openObjective(
          objectiveCell.flat,
          lead + (label ? label[0].length : 0),
          objectiveCell.range,
          ctx.headingDepth + 0.5,
          label !== null,
          null,
          label === null,
        );
      }
    }
    const cell = row.cells[textCol];
    if (!cell || texts[textCol] === '') continue;
    if (headers.length > 1 && texts[0] !== '' && texts.every((t, i) => i === 0 || t === '') && lazyLine(row.cells[0]!, row.node, ctx)) {
      if (memoFor && row.node) events.push({ lazy: row.node });
      continue;
    }
    const kr = ctx.newKr('table', cell.flat, row.range, cell.range, headers, fromCells);
    if (idCol >= 0) {
      const id = normaliseId(texts[idCol] ?? '');
      if (id) kr.id = id;
    }
    columns.forEach((c, i) => {
      if (c === null || i === textCol || i === idCol || c === 'kr' || c === 'text') return;
      if (statementInTarget && c === 'target') return;
      const cf = row.cells[i];
      if (!cf) {
        // A row with fewer cells than the header: the value is missing.
        const end = row.range.end.offset;
        ctx.setField(kr, c, { text: '', range: ctx.lines.range(end, end), source: 'cell' });
        return;
      }
      // `Mid-Q | Final`: the final grade wins once given; an empty one leaves the mid-quarter grade.
      if (c === 'score' && cf.text === '' && kr.score) return;
      ctx.setField(kr, c, { text: cf.text, range: cf.range, source: 'cell' });
    });
    if (memoFor) events.push({ kr: copiedKr(kr) });
    ctx.attachKr(kr);
  }
  if (memoFor) {
    const at = memoFor.position!.start;
    tableMemos.set(memoFor, { line: at.line, offset: at.offset!, scale: ctx.scale, events });
  }
  return true;
}

function mdCell(row: TableRow, ctx: ReadContext): TableCell {
  const c = row.children[0]!;
  const flat = Flat.of(c.children, startOffset(c));
  return { flat, text: flat.text.trim(), range: rangeOf(c, ctx.lines), cellRange: rangeOf(c, ctx.lines), children: c.children };
}

/**
 * A line written right under a table without a blank line becomes a table
 * row in GFM (`**Key initiatives:**`, `Scoring: …`). When only its first cell
 * has text and that text is a label or a statement, read it as the line it was meant to be.
 */
function lazyLine(cell: TableCell, row: TableRow | null, ctx: ReadContext): boolean {
  const flat = cell.flat;
  const text = flat.text.trim();
  const children = cell.children ?? [];
  if (ctx.isLineStatement(text) && !readKrLabel(text)) {
    ctx.lineStatement(flat, flat.text.indexOf(text), text, { type: 'paragraph', children: [...children], position: row?.children[0]?.position });
    return true;
  }
  if (isBoldOnly(children) || /[:：]$/.test(text)) {
    const kind = sectionKind(text.replace(/[:：]$/, ''));
    ctx.pendingList = kind ?? 'other';
    if (kind) ctx.noteSection(kind, row ? rangeOf(row, ctx.lines) : cell.range);
    return true;
  }
  return false;
}

/** The header of a column of objectives, in the languages labels are read in. */
const OBJECTIVE_HEADER = /^(?:objectives?|objetivos?|objectifs?|ziele?|obiettivi|obiettivo|目标|目標)$/i;

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
  for (const f of [kr.baseline, kr.target, kr.current, kr.owner, kr.confidence, kr.score, kr.weight, kr.status, kr.due, kr.ladder])
    if (f) shiftRangeInPlace(f.range, lines, offset);
}

/** A copy of a KR with fresh range objects (none shared with the tree or the reader's model). */
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
