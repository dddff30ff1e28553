import { defineReader } from '../reader';
import { isBoldOnly, sectionKind } from '../vocabulary';

/**
 * A paragraph that is only bold text: a section label (`**Key initiatives:**`,
 * `**We'll know we're successful when**:`) for the list after it, or an
 * objective written as a bold line (`**The Connectivity Magic story is
 * figured out**` with KR bullets under it).
 */
export const boldLine = defineReader({
  id: 'bold-line',
  title: 'Bold lines',
  summary: 'A bold line is a section label for the list after it (Key Results:, Key initiatives:…) or, with key results under it, an objective.',
  on: ['paragraph'],
  read(block, ctx) {
    if (block.text === '' || !isBoldOnly(block.node.children)) return false;
    ctx.lastLabel = block.text;
    const kind = sectionKind(block.text);
    if (kind) {
      ctx.pendingList = kind;
      ctx.noteSection(kind, block.range);
      if (kind !== 'kr' && kind !== 'initiatives') ctx.section = { kind, depth: ctx.headingDepth + 0.5 };
      return true;
    }
    if (!ctx.obj || !ctx.obj.explicit) {
      ctx.openObjective(block.flat, 0, block.range, ctx.headingDepth + 0.5, false, null);
      return true;
    }
    ctx.pendingList = 'other';
    return true;
  },
});
