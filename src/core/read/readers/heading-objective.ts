import { defineReader } from '../reader';

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
    if (!ctx.obj || !ctx.obj.explicit) ctx.openObjective(block.flat, 0, block.range, block.depth, false, block.slug);
    return true;
  },
});
