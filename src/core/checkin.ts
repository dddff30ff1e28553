import type { Analysis } from './analyze';
import type { LensConfig } from './config/config';
import { cellSpan, escapeCell, tableAround, type TextEdit } from './fixes';
import { parseConfidence } from './model/fields';
import { formatWithUnit, parseQuantity, unitsCompatible, type Unit } from './model/quantity';
import type { KeyResult } from './model/schema';

/**
 * The weekly check-in, without the editor: what a KR's owner answers (its current value, its
 * confidence, a one-line note), validated as the KR's rules would read it, and written back as
 * text edits in the document's own formatting. The editor's "Check In" command asks; this decides.
 */

/** One KR's answers. An empty or missing answer keeps what the document says. */
export interface CheckInAnswer {
  current?: string;
  confidence?: string;
  note?: string;
}

/** Where a KR's check-in can be written: a cell or field for each value (bullets can always take a field). */
export interface CheckInPlaces {
  current: boolean;
  confidence: boolean;
  /** Only a KR table with a Note / Notes / Comment column holds a note. */
  note: boolean;
}

/** A confidence that fell by more than the `confidence-drop` rule's maxDrop. */
export interface ConfidenceDropped {
  kr: KeyResult;
  from: string;
  to: string;
  drop: number;
  message: string;
}

/** The largest drop the `confidence-drop` rule lets pass, from the configuration (0.2 by default). */
export function maxConfidenceDrop(config: LensConfig | undefined): number {
  const chosen = config?.ruleOptions['confidence-drop']?.['maxDrop'];
  return typeof chosen === 'number' ? chosen : 0.2;
}

/** The unit a KR is measured in: its target's, else its baseline's, else its current value's; null for plain numbers. */
export function krUnit(kr: KeyResult): Unit | null {
  for (const f of [kr.target, kr.baseline, kr.current]) {
    const q = f?.quantity;
    if (q && (q.kind === 'number' || q.kind === 'range') && q.unit) return q.unit;
  }
  return null;
}

/** `baseline 9% → target 16%, in %`: what the current-value input shows beside the last value. */
export function currentPrompt(kr: KeyResult): string {
  const unit = krUnit(kr);
  const last = kr.current && kr.current.text.trim() !== '' ? kr.current.text.trim() : 'none yet';
  const path = [kr.baseline?.text.trim() && `baseline ${kr.baseline.text.trim()}`, kr.target?.text.trim() && `target ${kr.target.text.trim()}`]
    .filter(Boolean)
    .join(' → ');
  return `Current value (last: ${last}${path ? `; ${path}` : ''}${unit ? `; in ${unitName(unit)}` : ''}). Empty keeps it.`;
}

/** `Confidence (last: 0.6; 0 to 1)`. */
export function confidencePrompt(kr: KeyResult, scale: LensConfig['confidenceScale']): string {
  const last = kr.confidence && kr.confidence.text.trim() !== '' ? kr.confidence.text.trim() : 'none yet';
  return `Confidence (last: ${last}; ${scale === '1-5' ? 'from 1 to 5' : 'from 0 to 1'}). Empty keeps it.`;
}

function unitName(unit: Unit): string {
  return unit.dimension === 'percent'
    ? '%'
    : unit.dimension === 'duration'
      ? unit.symbol
      : formatWithUnit(1, unit).replace(/^1\s?|1(?=[KMB]?$)/, '') || unit.symbol;
}

/** Why a typed current value cannot be this KR's, or null when it can (an empty answer keeps the value). */
export function currentProblem(kr: KeyResult, typed: string): string | null {
  const t = typed.trim();
  if (t === '') return null;
  const q = parseQuantity(t);
  const unit = krUnit(kr);
  const example = unit ? formatWithUnit(12, unit) : '12';
  if (q.kind !== 'number' || q.comparator !== null) return `"${t}" is not a value: type a number${unit ? ` in ${unitName(unit)}` : ''}, e.g. ${example}.`;
  if (!unitsCompatible(q.unit, unit)) return `"${t}" is not in ${unitName(unit!)} like this key result's target: type e.g. ${example}.`;
  return null;
}

/** Why a typed confidence is not one on the configured scale, or null (an empty answer keeps it). */
export function confidenceProblem(typed: string, scale: LensConfig['confidenceScale']): string | null {
  const t = typed.trim();
  if (t === '' || parseConfidence(t, scale) !== null) return null;
  return `"${t}" is not a confidence ${scale === '1-5' ? 'from 1 to 5 (e.g. 3)' : 'from 0 to 1 (e.g. 0.6)'}.`;
}

/** The confidence drop `confidence-drop` would flag between the KR's confidence and a typed one, or null. */
export function confidenceDropOf(kr: KeyResult, typed: string, scale: LensConfig['confidenceScale'], maxDrop = 0.2): ConfidenceDropped | null {
  const before = kr.confidence?.value;
  const now = parseConfidence(typed.trim(), scale);
  if (before === null || before === undefined || now === null) return null;
  const drop = Math.round((before - now) * 100) / 100;
  if (drop <= maxDrop + 1e-9) return null;
  const from = kr.confidence!.text.trim();
  const to = typed.trim();
  return {
    kr,
    from,
    to,
    drop,
    message: `${kr.text.trim()}: confidence dropped by ${drop} (${from} → ${to}): say in the Note what changed and what help you need.`,
  };
}

/**
 * A typed value as the KR's column writes it: `61` in a `58/month` column is `61/month`, `14` in a
 * `13%` column `14%`; a value typed with its unit stays as typed.
 */
export function currentText(kr: KeyResult, typed: string): string {
  const t = typed.trim();
  const q = parseQuantity(t);
  if (q.kind !== 'number' || q.unit !== null) return t;
  for (const f of [kr.current, kr.baseline, kr.target]) {
    const ref = f?.quantity;
    if (!ref || ref.kind !== 'number' || !ref.unit || ref.signed || ref.comparator !== null || ref.note !== null) continue;
    const m = /^(\D*?)(\d+(?:[.,]\d+)*|[.,]\d+)(\D*)$/.exec(f!.text.trim());
    if (!m) continue;
    const written = `${m[1]}${t}${m[3]}`;
    const back = parseQuantity(written);
    if (back.kind === 'number' && back.unit && unitsCompatible(back.unit, ref.unit)) return written;
  }
  return t;
}

/** Where each value of the KR's check-in would be written. */
export function checkInPlaces(analysis: Analysis, kr: KeyResult): CheckInPlaces {
  if (kr.kind === 'bullet') return { current: true, confidence: true, note: false };
  if (kr.kind !== 'table') return { current: kr.current !== null, confidence: kr.confidence !== null, note: false };
  const table = tableAround(analysis.lines.text, analysis, kr.range.start.line);
  const row = table?.rows.find((r) => r.line === kr.range.start.line);
  const has = (column: 'current' | 'confidence' | 'note'): boolean => {
    const i = table?.columns.indexOf(column) ?? -1;
    return row !== undefined && i >= 0 && cellSpan(row, i) !== null;
  };
  return { current: has('current'), confidence: has('confidence'), note: has('note') };
}

/** The owners named in the document's KRs, in order of first appearance. */
export function krOwners(analysis: Analysis): string[] {
  const names: string[] = [];
  for (const o of analysis.document.objectives) for (const kr of o.keyResults) for (const n of kr.owner?.names ?? []) if (!names.includes(n)) names.push(n);
  return names;
}

/** The KRs a check-in walks: every KR of the document, or those one owner owns. */
export function checkInKeyResults(analysis: Analysis, owner: string | null): KeyResult[] {
  return analysis.document.objectives.flatMap((o) => o.keyResults).filter((kr) => owner === null || (kr.owner?.names.includes(owner) ?? false));
}

/**
 * The text edits that write a KR's answers: the Current and Confidence cells (and a Note column's
 * cell) of a table row, padded as the column pads them; in a bullet, the value where the sentence or
 * a field bullet states it, or a new `Current:` / `Confidence:` field bullet under the item. Throws
 * when an answer is invalid or has no place: ask with currentProblem / confidenceProblem / checkInPlaces first.
 */
export function checkInEdits(analysis: Analysis, kr: KeyResult, answer: CheckInAnswer, config?: LensConfig): TextEdit[] {
  const scale = config?.confidenceScale ?? '0-1';
  const current = answer.current?.trim() ?? '';
  const confidence = answer.confidence?.trim() ?? '';
  const note = answer.note?.trim().replace(/\s+/g, ' ') ?? '';
  const problem = currentProblem(kr, current) ?? confidenceProblem(confidence, scale);
  if (problem) throw new Error(problem);
  const values: Array<['current' | 'confidence' | 'note', string]> = [];
  if (current !== '') values.push(['current', currentText(kr, current)]);
  if (confidence !== '') values.push(['confidence', confidence]);
  if (note !== '') values.push(['note', note]);
  if (values.length === 0) return [];
  return kr.kind === 'table' ? tableEdits(analysis, kr, values) : bulletEdits(analysis, kr, values);
}

function tableEdits(analysis: Analysis, kr: KeyResult, values: Array<['current' | 'confidence' | 'note', string]>): TextEdit[] {
  const text = analysis.lines.text;
  const table = tableAround(text, analysis, kr.range.start.line);
  const row = table?.rows.find((r) => r.line === kr.range.start.line);
  if (!table || !row) throw new Error(`the table row of "${kr.text}" could not be read`);
  return values.map(([column, value]) => {
    const span = cellSpan(row, table.columns.indexOf(column));
    if (!span) throw new Error(`the table of "${kr.text}" has no ${column} column`);
    return { ...span, text: padded(text.slice(span.start, span.end), escapeCell(value)) };
  });
}

/** A cell's new content with the old one's padding: its leading space, and its width when the column is aligned. */
function padded(old: string, value: string): string {
  const lead = /^\s*/.exec(old)![0] || ' ';
  const cell = `${lead.length > 1 && old.trim() === '' ? ' ' : lead}${value}`;
  return cell.length + 1 <= old.length ? cell.padEnd(old.length) : `${cell} `;
}

function bulletEdits(analysis: Analysis, kr: KeyResult, values: Array<['current' | 'confidence' | 'note', string]>): TextEdit[] {
  const lines = analysis.lines;
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [column, value] of values) {
    const field = column === 'current' ? kr.current : column === 'confidence' ? kr.confidence : null;
    if (field && field.text.trim() !== '' && field.range.end.offset > field.range.start.offset && !field.via) {
      edits.push({ start: field.range.start.offset, end: field.range.end.offset, text: value });
    } else if (column !== 'note') {
      added.push(`${column === 'current' ? 'Current' : 'Confidence'}: ${value}`);
    } else {
      throw new Error(`"${kr.text}" has no Note column`);
    }
  }
  if (added.length > 0) {
    const first = lines.lineText(kr.range.start.line);
    const item = /^(\s*)([-*+]|\d+[.)])(\s+)/.exec(first);
    if (!item) throw new Error(`"${kr.text}" is not a list item`);
    // Nested under the item: as its existing field bullets are, else at the item's content column with its marker.
    let indent = ' '.repeat(item[1]!.length + item[2]!.length + item[3]!.length);
    let marker = /\d/.test(item[2]!) ? '-' : item[2]!;
    for (let n = kr.range.start.line + 1; n <= kr.range.end.line; n++) {
      const child = /^(\s+)([-*+])\s/.exec(lines.lineText(n));
      if (child) {
        indent = child[1]!;
        marker = child[2]!;
        break;
      }
    }
    const at = lines.lineEnd(kr.range.end.line);
    edits.push({ start: at, end: at, text: added.map((a) => `${eol}${indent}${marker} ${a}`).join('') });
  }
  return edits;
}
