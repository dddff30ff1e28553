import { z } from 'zod';
import { defineRule, keyResults } from './types';

/** Every KR needs one accountable person. */
export const krMissingOwner = defineRule({
  id: 'kr-missing-owner',
  description: 'Key result has no owner.',
  defaultSeverity: 'warning',
  tags: ['missing-field', 'ownership'],
  dimension: 'ownership',
  options: z.object({
    perDocument: z
      .boolean()
      .default(true)
      .describe('When no key result of a document names an owner, report it once at the title instead of once per key result.'),
  }),
  document(ctx, options) {
    // Personal OKRs, written in the first person: the author owns them all.
    if (ctx.document.personal) return;
    const all = [...keyResults(ctx.document)].map(({ kr }) => kr);
    const owned = (kr: (typeof all)[number]): boolean => kr.owner !== null && (kr.owner.names.length > 0 || kr.owner.placeholder);
    if (options.perDocument && all.length > 1 && !all.some(owned)) {
      ctx.report({
        message: `None of the ${all.length} key results names an owner: add an Owner column (or "Owner: Sarah" / "@sarah") with the one person accountable for each.`,
        range: ctx.document.titleRange ?? all[0]!.textRange,
      });
      return;
    }
    for (const kr of all) {
      if (owned(kr)) continue;
      ctx.report({
        message: `No owner: name the one person accountable for it (an Owner cell, "Owner: Sarah" or "@sarah").`,
        range: kr.owner?.range ?? kr.textRange,
      });
    }
  },
});
