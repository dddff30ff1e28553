import { defineReader } from '../reader';

/**
 * A heading that repeats a key result read earlier (a Details section after
 * an overview list or table: `### Ship CSS containment to beta` with
 * `Owner(s): leviw` and `Score: 0.60` under it) gives that KR's details; it
 * is not a new objective or KR.
 */
export const krDetailsHeading = defineReader({
  id: 'kr-details-heading',
  title: 'Key result details sections',
  summary: 'A heading that repeats a key result already read introduces its details (owner, score, notes), not a new objective.',
  on: ['heading'],
  read(block, ctx) {
    const kr = ctx.krWithText(block.text);
    if (!kr) return false;
    ctx.closeObjective();
    ctx.krDetail = { kr, depth: block.depth };
    return true;
  },
});
