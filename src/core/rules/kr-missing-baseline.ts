import { z } from 'zod';
import { keyResults, defineRule } from './types';
import { isNumeric } from './words';

/** A KR needs a starting value: without it progress cannot be measured. */
export const krMissingBaseline = defineRule({
  id: 'kr-missing-baseline',
  description: 'Key result has a target but no baseline (the value at the start of the quarter).',
  defaultSeverity: 'warning',
  tags: ['missing-field'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      if (kr.baseline && kr.baseline.quantity.kind !== 'empty') continue;
      // With no measurable target there is nothing to measure from yet: kr-missing-target (or kr-vague,
      // kr-binary, kr-is-task) says what is wrong. An empty Baseline cell is still reported.
      if (!isNumeric(kr.target) && kr.baseline?.source !== 'cell') continue;
      ctx.report({
        message: `No baseline: add the value at the start of the quarter (e.g. "8%" or "12/month") so progress can be measured.`,
        range: kr.baseline?.range ?? kr.textRange,
      });
    }
  },
});
