import { z } from 'zod';
import { keyResults, krName, defineRule } from './types';

/** Every KR needs one accountable person. */
export const krMissingOwner = defineRule({
  id: 'kr-missing-owner',
  description: 'Key result has no owner.',
  defaultSeverity: 'warning',
  tags: ['missing-field', 'ownership'],
  dimension: 'ownership',
  options: z.object({}),
  check(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      if (kr.owner && (kr.owner.names.length > 0 || kr.owner.placeholder)) continue;
      ctx.report({
        message: `Key result ${krName(kr)} has no owner: name the one person accountable for it (an Owner cell, "Owner: Sarah" or "@sarah").`,
        range: kr.owner?.range ?? kr.textRange,
      });
    }
  },
});
