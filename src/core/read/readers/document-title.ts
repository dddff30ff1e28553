import { defineReader } from '../reader';
import { cleanTitle, OBJECTIVE_LABEL } from '../vocabulary';

/** The first level-1 heading names the document (its quarter and team), unless it is an objective. */
export const documentTitle = defineReader({
  id: 'document-title',
  title: 'Document title',
  summary: 'The first H1 is the document title: the quarter and the team or owner are read from it.',
  on: ['heading'],
  read(block, ctx) {
    if (block.depth !== 1 || ctx.title !== null || OBJECTIVE_LABEL.test(block.text)) return false;
    ctx.title = cleanTitle(block.text) || block.text;
    ctx.titleRange = block.range;
    ctx.titleSlug = block.slug;
    return true;
  },
});
