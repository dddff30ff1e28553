import { startsWithVerb } from '../../model/verbs';
import { defineReader } from '../reader';

/**
 * Key results grouped under short category items (`- Features`, `- Robustness`,
 * each with its KRs nested under it): the categories are headings of the
 * list, not key results.
 */
export const krGroups = defineReader({
  id: 'kr-groups',
  title: 'Grouped key results',
  summary: 'In a Key Results list, a short item (a category such as "Features") with key results nested under it groups them; it is not a key result itself.',
  on: ['item'],
  read(block, ctx) {
    if (block.section !== 'kr' || block.nested.length === 0 || block.checked !== null) return false;
    const words = block.text.split(/\s+/).filter(Boolean);
    if (words.length > 4 || /\d/.test(block.text) || startsWithVerb(block.text)) return false;
    for (const n of block.nested) ctx.walker.list(n, 'kr', block.level + 1, ctx);
    return true;
  },
});
