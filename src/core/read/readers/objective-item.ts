import { defineReader } from '../reader';
import { isBoldOnly, OBJECTIVE_LABEL, sectionKind } from '../vocabulary';

/**
 * Objectives written as list items: `* **Objective:** Bring more diverse
 * perspectives to our work` with its KRs nested under it, or a bold item
 * (`- **The IPFS Org gets a dedicated Package Managers Working Group**`) with
 * KR bullets nested under it. A bold item that names a section (`- **Key
 * Results**:`) makes the list after it that section.
 */
export const objectiveItem = defineReader({
  id: 'objective-item',
  title: 'Objective list items',
  summary:
    'A list item labelled Objective, or a bold item with key results nested under it, is an objective; a bold item naming a section labels the list after it.',
  on: ['item'],
  read(block, ctx) {
    const { text, nested } = block;
    const objective = OBJECTIVE_LABEL.exec(text);
    if (objective && (block.section !== 'kr' || nested.length > 0)) {
      const draft = ctx.openObjective(
        block.flat.slice(block.at, block.flat.text.length),
        objective[0].length,
        block.itemRange,
        ctx.headingDepth + 0.5,
        true,
        null,
      );
      draft.objective.titleRange = block.textRange;
      for (const n of nested) ctx.walker.list(n, 'kr', block.level + 1, ctx);
      return true;
    }
    if (objective || !block.first || !isBoldOnly(block.first.children)) return false;
    const section = sectionKind(text);
    ctx.lastLabel = text;
    if (nested.length > 0) {
      if (section) {
        for (const n of nested) ctx.walker.list(n, section, block.level + 1, ctx);
      } else if (!ctx.obj || !ctx.obj.explicit) {
        ctx.openObjective(block.flat.slice(block.at, block.flat.text.length), 0, block.itemRange, ctx.headingDepth + 0.5, false, null);
        for (const n of nested) ctx.walker.list(n, 'kr', block.level + 1, ctx);
      }
      return true;
    }
    if (block.last) ctx.pendingList = section ?? 'other';
    return true;
  },
});
