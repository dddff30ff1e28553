import { z } from 'zod';
import { keyResults, krName, defineRule } from './types';

/** A KR needs a starting value: without it progress cannot be measured. */
export const krMissingBaseline = defineRule({
  id: 'kr-missing-baseline',
  description: 'Key result has no baseline (the value at the start of the quarter).',
  defaultSeverity: 'warning',
  tags: ['missing-field'],
  dimension: 'measurability',
  options: z.object({}),
  check(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      if (kr.baseline && kr.baseline.quantity.kind !== 'empty') continue;
      ctx.report({
        message: `Key result ${krName(kr)} has no baseline: add the value at the start of the quarter (e.g. "8%" or "12/month") so progress can be measured.`,
        range: kr.baseline?.range ?? kr.textRange,
      });
    }
  },
});
