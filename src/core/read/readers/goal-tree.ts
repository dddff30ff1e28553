import type { List, ListItem } from 'mdast';
import { Flat } from '../../model/text';
import { rangeOf, startOffset, type ObjectiveDraft, type ReadContext } from '../context';
import { defineReader } from '../reader';
import { isLinkOnly, isPlaceholderItem } from '../vocabulary';

/**
 * A list of goals: the items under a Goals or Objectives heading (or under a
 * vision) are objectives, and the items nested under each its key results.
 * Where the tree goes deeper (a plan generated from an issue tracker), an item
 * with items under it is an objective and the leaves are key results.
 */
export const goalTree = defineReader({
  id: 'goal-tree',
  title: 'Goal lists and trees',
  summary:
    'Items of a list under a Goals or Objectives heading (or a Vision) are objectives; items nested under one are its key results, and an item with items of its own an objective in turn.',
  on: ['list'],
  read(block, ctx) {
    if (block.section !== 'objectives' || block.level > 0) return false;
    for (const item of block.node.children) readGoal(item, ctx, null);
    return true;
  },
});

/** Issue references and priorities that carry no meaning in a title: `[P0] `, ` (#14)`. */
function titleSpan(flat: Flat): [number, number] {
  const text = flat.text;
  let start = text.length - text.trimStart().length;
  let end = text.trimEnd().length;
  const prio = /^[[(]?P[0-9x][\])]?\s+/i.exec(text.slice(start));
  if (prio) start += prio[0].length;
  const ref = /\s*\(#\d+\)\s*$/.exec(text.slice(start, end));
  if (ref) end = start + ref.index;
  return [start, end];
}

function readGoal(item: ListItem, ctx: ReadContext, parent: ObjectiveDraft | null): void {
  const first = item.children[0];
  const nested = item.children.filter((c): c is List => c.type === 'list');
  if (first?.type !== 'paragraph' || isLinkOnly(first.children)) return;
  const flat = ctx.flatOf(first.children, startOffset(first));
  const [start, end] = titleSpan(flat);
  if (start >= end || isPlaceholderItem(flat.text)) return;
  if (nested.length > 0 || parent === null) {
    const draft = ctx.openObjective(flat.slice(start, end), 0, rangeOf(item, ctx.lines), ctx.headingDepth + 0.5, false, null, true);
    draft.objective.titleRange = flat.range(ctx.lines, start, end);
    for (const n of nested) for (const child of n.children) readGoal(child, ctx, draft);
    return;
  }
  const statement = flat.slice(start, end);
  const kr = ctx.newKr('bullet', statement, rangeOf(item, ctx.lines), statement.range(ctx.lines, 0, statement.text.length));
  ctx.attachKrTo(parent, kr);
}
