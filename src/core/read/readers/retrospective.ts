import { defineReader } from '../reader';

/**
 * A retrospective list: `GOOD` / `BAD` / `TRY` (or What went well, Lessons
 * learned…) with notes nested under each. The notes say how the quarter went;
 * they are not key results, and the document looks back.
 */
export const retrospective = defineReader({
  id: 'retrospective',
  title: 'Retrospective notes',
  summary: 'Items such as GOOD, BAD, TRY or "What went well" with notes under them are a retrospective: not key results, and the document reads as a review.',
  on: ['item'],
  read(block, ctx) {
    // The items after a GOOD / BAD / TRY label in the same list are its notes too.
    if (block.list && retroLists.has(block.list)) return true;
    if (!RETRO.test(block.text)) return false;
    if (block.nested.length === 0) {
      if (!block.list) return false;
      retroLists.add(block.list);
    }
    if (!ctx.lookingBack.some((r) => r.startsWith('a retrospective')))
      ctx.lookingBack.push(`a retrospective (${block.text}) at line ${block.itemRange.start.line}`);
    return true;
  },
});

const retroLists = new WeakSet<object>();

const RETRO =
  /^(?:good|bad|try|went well|what went well|didn['’]?t go well|what didn['’]?t go well|what went wrong|to improve|learnings?|lessons learned|wins|challenges|keep doing|stop doing|start doing)[\s:]*$/i;
