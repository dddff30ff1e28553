import type { List, ListItem, Paragraph } from 'mdast';
import { Flat } from '../../model/text';
import { perNode, rangeOf, startOffset, type ReadContext } from '../context';
import { defineReader } from '../reader';
import { cleanTitle } from '../vocabulary';

/**
 * A graded list, often a table flattened into bullets: theme items with
 * key results nested under them, each ending in its owner(s) and grade
 * (`[Ship CSS containment to beta](#o0r0) leviw 0.60`). A first item that
 * names the columns (`Objective / Key Result Owner(s) Score`) is a header.
 */
export const gradedList = defineReader({
  id: 'graded-list',
  title: 'Graded lists',
  summary:
    'A list whose items end in a grade (0.00–1.00), perhaps after owner names: graded items are key results scored by their grade, the items they are nested under are objectives.',
  on: ['list'],
  read(block, ctx) {
    if (block.level > 0 || gradedItems(block.node) < 3) return false;
    readItems(block.node, ctx, 0);
    return true;
  },
});

/** `… leviw 0.60`, `… skobes, ymalik 1.00`: the grade at the end of an item. */
const GRADE = /\s+([01]\.\d{1,2})\s*$/;
/** A first item naming the columns of the list. */
const HEADER = /\b(?:objective|key result)\b.*\bscore\b/i;

const gradedItems = perNode(countGraded);

function countGraded(list: List): number {
  let n = 0;
  for (const item of list.children) {
    const p = item.children[0];
    if (p?.type === 'paragraph' && GRADE.test(Flat.of(p.children, 0).text.trimEnd())) n++;
    for (const c of item.children) if (c.type === 'list') n += countGraded(c);
  }
  return n;
}

function readItems(list: List, ctx: ReadContext, level: number): void {
  for (const item of list.children) readItem(item, ctx, level);
}

function readItem(item: ListItem, ctx: ReadContext, level: number): void {
  const first = item.children[0];
  const nested = item.children.filter((c): c is List => c.type === 'list');
  if (first?.type !== 'paragraph') {
    for (const n of nested) readItems(n, ctx, level + 1);
    return;
  }
  const flat = ctx.flatOf(first.children, startOffset(first));
  const text = flat.text.trimEnd();
  const grade = GRADE.exec(text);
  if (!grade) {
    if (HEADER.test(text) && nested.length === 0) return;
    if (nested.length > 0) {
      const lead = flat.text.length - flat.text.trimStart().length;
      const draft = ctx.openObjective(flat.slice(lead, text.length), 0, rangeOf(item, ctx.lines), ctx.headingDepth + 0.5, false, null, true);
      draft.objective.titleRange = flat.range(ctx.lines, lead, text.length);
    }
    for (const n of nested) readItems(n, ctx, level + 1);
    return;
  }
  readKr(item, first, flat, grade, ctx);
}

/** A graded item: the statement (a link's text when it starts with a link), the owners before the grade, the grade. */
function readKr(item: ListItem, first: Paragraph, flat: Flat, grade: RegExpExecArray, ctx: ReadContext): void {
  const text = flat.text.trimEnd();
  const lead = flat.text.length - flat.text.trimStart().length;
  let end = grade.index;
  let owners: { at: number; end: number } | null = null;
  const link = first.children[0]?.type === 'link' ? first.children[0] : null;
  if (link) {
    const linkText = Flat.of(link.children, startOffset(link)).text;
    const linkEnd = lead + linkText.length;
    const between = text.slice(linkEnd, grade.index);
    if (/^\s*[\p{L}][\p{L}\d._-]*(?:\s*,\s*[\p{L}][\p{L}\d._-]*)*\s*$/u.test(between)) {
      const start = linkEnd + (between.length - between.trimStart().length);
      owners = { at: start, end: start + between.trim().length };
    }
    end = linkEnd;
  }
  const statement = flat.slice(lead, end);
  const textRange = statement.range(ctx.lines, 0, cleanTitle(statement.text).length > 0 ? statement.text.trimEnd().length : 0);
  const kr = ctx.newKr('bullet', statement, rangeOf(item, ctx.lines), textRange);
  if (owners) ctx.applyField(kr, 'owner', flat, owners.at, owners.end, 'inline');
  const at = text.lastIndexOf(grade[1]!);
  ctx.setField(kr, 'score', { text: grade[1]!, range: flat.range(ctx.lines, at, at + grade[1]!.length), source: 'inline' });
  ctx.attachKr(kr);
}
