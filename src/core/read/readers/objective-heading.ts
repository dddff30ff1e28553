import { splitLines } from '../context';
import { defineReader } from '../reader';
import { ALIGN_LABEL, cleanTitle, ID_HEADING, OBJECTIVE_LABEL } from '../vocabulary';

/**
 * Headings labelled as objectives: `## Objective 1: …`, `### O2 — …`,
 * `## Objetivo 3: …`, `### CO-1: …` (an ID). A bare `## Objective` (or
 * `### Objective 1`) takes its title from the paragraph or bold line under it.
 */
export const objectiveHeading = defineReader({
  id: 'objective-heading',
  title: 'Objective headings',
  summary: 'A heading labelled Objective (or O1, Objetivo, Ziel, 目标…, or an ID such as CO-1) is an objective; a bare label takes the next line as its title.',
  on: ['heading', 'paragraph'],
  read(block, ctx) {
    if (block.kind === 'paragraph') {
      const draft = ctx.pendingTitle;
      if (!draft || block.text === '') return false;
      ctx.pendingTitle = null;
      if (ALIGN_LABEL.test(block.text) || /^ID\s*:/i.test(block.text)) return false;
      const firstLine = splitLines(block.flat.text)[0]!;
      draft.objective.title = cleanTitle(firstLine.text);
      draft.objective.titleRange = block.flat.range(ctx.lines, firstLine.start, firstLine.start + firstLine.text.length);
      draft.objective.reader = ctx.reader;
      return true;
    }
    const objective = OBJECTIVE_LABEL.exec(block.text);
    if (objective) {
      const draft = ctx.openObjective(block.flat, objective[0].length, block.range, block.depth, true, block.slug);
      if (draft.objective.title === '') ctx.pendingTitle = draft;
      return true;
    }
    const idHeading = ID_HEADING.exec(block.text);
    if (idHeading && block.depth >= 2) {
      const draft = ctx.openObjective(block.flat, block.text.indexOf(idHeading[2]!), block.range, block.depth, true, block.slug);
      ctx.defineId(draft, idHeading[1]!, block.range);
      return true;
    }
    return false;
  },
});
