import { columnFor, type KrColumn } from '../../model/aliases';
import { parseConfidence } from '../../model/fields';
import type { ConfidenceField, Field, QuantityField, WeeklyRow } from '../../model/schema';
import { quantityOf } from '../context';
import { defineReader } from '../reader';

/** A weekly update's table: `Metric | Last Week | This Week | Status` or `KR | Last | Now | Δ | Note`. */
export const weeklyTable = defineReader({
  id: 'weekly-table',
  title: 'Weekly update tables',
  summary: 'A table with a KR or Metric column and a Last (or Last Week) column is a weekly update: last and current values, change, status, note, confidence.',
  on: ['table'],
  read(block, ctx) {
    const columns = block.headers.map((h) => columnFor(h));
    const nameCol = columns.indexOf('kr') >= 0 ? columns.indexOf('kr') : columns.indexOf('text');
    if (columns.indexOf('last') < 0 || nameCol < 0) return false;
    ctx.pendingList = null;
    const rows: WeeklyRow[] = [];
    for (const row of block.rows) {
      const field = (k: KrColumn): Field | null => {
        const i = columns.indexOf(k);
        const cell = i >= 0 ? row.cells[i] : undefined;
        if (!cell) return null;
        return { text: cell.text, range: cell.cellRange, source: 'cell' };
      };
      const q = (f: Field | null): QuantityField | null => (f ? { ...f, quantity: quantityOf(f.text) } : null);
      const c = (f: Field | null): ConfidenceField | null => (f ? { ...f, value: parseConfidence(f.text, ctx.scale) } : null);
      const name = row.cells[nameCol]?.text ?? '';
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
        range: row.range,
      });
    }
    ctx.weeklyTables.push({ columns: block.headers, rows, range: block.range });
    return true;
  },
});
