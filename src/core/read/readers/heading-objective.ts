import { defineReader } from '../reader';
import { ROLE_PREFIX } from '../vocabulary';

/**
 * Any other heading may head an objective written without a label
 * (`### Data transfer is fast and efficient` with KR bullets under it). Such
 * objectives count only in documents without labelled ones, and only when
 * key results were read under them.
 */
export const headingObjective = defineReader({
  id: 'heading-objective',
  title: 'Unlabelled objective headings',
  summary: 'A heading without a label heads an objective when key results follow it, in a document that labels none.',
  on: ['heading'],
  read(block, ctx) {
    if (ctx.obj && ctx.obj.explicit) return true;
    // `### 1. CEO: Increase ARR`: the CEO's objective.
    const role = ROLE_PREFIX.exec(block.text);
    const draft = ctx.openObjective(block.flat, role ? block.flat.text.indexOf(block.text) + role[0].length : 0, block.range, block.depth, false, block.slug);
    if (role) {
      const at = block.flat.text.indexOf(role[1]!);
      draft.objective.owner = { text: role[1]!, range: block.flat.range(ctx.lines, at, at + role[1]!.length), source: 'field' };
    }
    return true;
  },
});
