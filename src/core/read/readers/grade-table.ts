import type { TableCell } from '../context';
import { defineReader } from '../reader';

/**
 * A table keyed by KR number: one column per key result (`KR #1 | KR #2 | …`,
 * `KR1 | KR2`), rows for check-ins or the final grading, perhaps a Date and a
 * Total column. Grades (numbers from 0 to 1, the bold one where a cell shows
 * its working) become the KRs' scores; other values their current values. The
 * latest row counts, and a table labelled final wins over a tracking table.
 */
export const gradeTable = defineReader({
  id: 'grade-table',
  title: 'Grade and check-in tables',
  summary:
    'A table with a column per key result (KR #1, KR #2…) and rows of dated check-ins or a final grade: the latest row gives each KR its score (numbers from 0 to 1) or its current value.',
  on: ['table'],
  read(block, ctx) {
    const krCols = block.headers.map((h) => /^(?:KR|key result)\s*#?\s*(\d+)\b/i.exec(h.trim())).map((m) => (m ? Number(m[1]) : null));
    const count = krCols.filter((n) => n !== null).length;
    if (count < 2 && !(count === 1 && block.headers.length <= 3)) return false;
    ctx.pendingList = null;
    const krs = ctx.obj?.objective.keyResults ?? [...ctx.allKrs()];
    const final = /\bfinal\b|\bend of (?:the )?quarter\b|\bgrad(?:e|ing)\b/i.test(`${ctx.lastLabel ?? ''} ${block.headers.join(' ')}`);
    // The latest row with a value in a KR column.
    const rows = block.rows.filter((r) => krCols.some((n, i) => n !== null && valueOf(r.cells[i]) !== null));
    const row = rows[rows.length - 1];
    if (!row) return true;
    const where = `${final ? 'the final grades' : 'the check-in table'} at line ${row.range.start.line}`;
    krCols.forEach((n, i) => {
      if (n === null) return;
      const cell = row.cells[i];
      const value = valueOf(cell);
      const kr = krs.find((k) => k.id?.toUpperCase() === `KR${n}`) ?? krs[n - 1];
      if (!value || !cell || !kr) return;
      if (value.grade) {
        if (kr.score && kr.score.value !== null && !final) return;
        ctx.setField(kr, 'score', { text: value.text, range: cell.range, source: 'cell', via: where });
      } else if (!kr.current || kr.current.quantity.kind === 'empty') {
        ctx.setField(kr, 'current', { text: value.text, range: cell.range, source: 'cell', via: where });
      }
    });
    return true;
  },
});

/** A cell's value: the bold number where the cell shows its working (`(0.55,0.65) **0.58**`), else its last number. */
function valueOf(cell: TableCell | undefined): { text: string; grade: boolean } | null {
  if (!cell) return null;
  const bold = cell.children
    ?.filter((c) => c.type === 'strong')
    .map((c) => textOf(c))
    .find((t) => /\d/.test(t));
  const text = (bold ?? cell.text).trim();
  const grade = /(?:^|[^\d.])((?:0|1)?\.\d+|[01](?:\.\d+)?)\s*$/.exec(text);
  if (grade && Number(grade[1]) <= 1 && /[.]/.test(grade[1]!)) return { text: grade[1]!, grade: true };
  if (/^[<>≤≥~]?\s*[-+]?[$€£]?\d[\d.,]*\s*\S{0,8}$/.test(text)) return { text, grade: false };
  const number = /[-+]?[$€£]?\d[\d.,]*\s*(?:%|[kKMB]\b|x\b)?/.exec(text);
  return number ? { text: number[0].trim(), grade: false } : null;
}

function textOf(node: { children?: unknown[]; value?: unknown }): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map((c) => textOf(c as { children?: unknown[]; value?: unknown })).join('');
}
