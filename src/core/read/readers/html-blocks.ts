import { Flat } from '../../model/text';
import type { Range } from '../../types';
import type { ReadContext, TableBlock, TableCell } from '../context';
import { defineReader } from '../reader';
import { OBJECTIVE_LABEL } from '../vocabulary';

/**
 * HTML in a Markdown OKR document: a `<table>` is read as the table it is (a
 * KR table, a grade table…), and a `<details>` block whose `<summary>` names
 * a goal is an objective, with what the block holds as its content.
 */
export const htmlBlocks = defineReader({
  id: 'html-blocks',
  title: 'HTML tables and collapsible sections',
  summary: 'An HTML <table> is read like a Markdown table; a <details> block is an objective titled by its <summary>, and </details> ends it.',
  on: ['html'],
  read(block, ctx) {
    const value = block.value;
    const base = block.range.start.offset;
    let read = false;
    const summary = /<summary[^>]*>([\s\S]*?)<\/summary>/i.exec(value);
    if (summary) {
      readSummary(summary, base, ctx);
      read = true;
    }
    for (const table of value.matchAll(/<table[\s\S]*?<\/table>/gi)) {
      const parsed = tableOf(table[0], base + table.index, ctx);
      if (parsed) ctx.walker.offerBlock(parsed, ctx);
      read = true;
    }
    if (/<\/details>/i.test(value)) {
      ctx.closeObjective();
      ctx.section = null;
      read = true;
    }
    return read;
  },
});

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
  ndash: '–',
  mdash: '—',
  ge: '≥',
  le: '≤',
  rarr: '→',
};

/** The text of an HTML fragment: tags dropped, entities decoded, white space squashed. */
function textOf(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (m, name: string) => ENTITIES[name.toLowerCase()] ?? (/^#\d+$/.test(name) ? String.fromCodePoint(Number(name.slice(1))) : m))
    .replace(/\s+/g, ' ')
    .trim();
}

function readSummary(summary: RegExpExecArray, base: number, ctx: ReadContext): void {
  const inner = summary[1]!;
  const text = textOf(inner);
  if (text === '') return;
  const at = base + summary.index + summary[0].indexOf(inner);
  const flat = inner.trim() === text ? Flat.synthetic(text, at + inner.indexOf(text)) : Flat.approximate(text, at);
  const range = ctx.lines.range(at, at + inner.length);
  const label = OBJECTIVE_LABEL.exec(text);
  // A summary labelled "Objective 1" is one; any other summary heads a collapsible objective of the document.
  const draft = ctx.openObjective(flat, label ? label[0].length : 0, range, ctx.headingDepth + 0.5, label !== null, null, label === null);
  draft.objective.titleRange = flat.range(ctx.lines, label ? label[0].length : 0, text.length);
}

/** An HTML `<table>` as a table block: the first row with `<th>` cells (or the first row) is the header. */
function tableOf(html: string, base: number, ctx: ReadContext): TableBlock | null {
  const rows: Array<{ cells: TableCell[]; range: Range; header: boolean }> = [];
  for (const tr of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const cells: TableCell[] = [];
    const trAt = base + tr.index;
    for (const td of tr[1]!.matchAll(/<t([hd])[^>]*>([\s\S]*?)<\/t[hd]>/gi)) {
      const inner = td[2]!;
      const text = textOf(inner);
      const at = trAt + tr[0].indexOf(tr[1]!) + td.index + td[0].indexOf(inner);
      const flat = inner.trim() === text ? Flat.synthetic(text, at + inner.indexOf(text)) : Flat.approximate(text, at);
      const range = ctx.lines.range(at, at + inner.length);
      cells.push({ flat, text, range, cellRange: range, children: null });
    }
    if (cells.length > 0) rows.push({ cells, range: ctx.lines.range(trAt, trAt + tr[0].length), header: /<th[\s>]/i.test(tr[1]!) });
  }
  if (rows.length < 2) return null;
  const headerIndex = Math.max(
    0,
    rows.findIndex((r) => r.header),
  );
  const header = rows[headerIndex]!;
  return {
    kind: 'table',
    node: null,
    headers: header.cells.map((c) => c.text),
    header: header.cells,
    rows: rows.filter((_, i) => i !== headerIndex).map((r) => ({ cells: r.cells, range: r.range, node: null })),
    range: ctx.lines.range(base, base + html.length),
  };
}
