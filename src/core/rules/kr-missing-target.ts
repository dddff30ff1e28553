import { z } from 'zod';
import { keyResults, krName, defineRule } from './types';

/** A KR without a target is an intention, not a result. */
export const krMissingTarget = defineRule({
  id: 'kr-missing-target',
  description: 'Key result has no target value.',
  defaultSeverity: 'error',
  tags: ['missing-field'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  check(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      if (kr.target && kr.target.quantity.kind !== 'empty') continue;
      ctx.report({
        message: `Key result ${krName(kr)} has no target: state the value that counts as success by the end of the quarter (e.g. "18%", "< 2 days").`,
        range: kr.target?.range ?? kr.textRange,
      });
    }
  },
});
