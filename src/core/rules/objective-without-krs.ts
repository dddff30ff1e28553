import { z } from 'zod';
import { defineRule } from './types';

/** An objective nobody can measure. */
export const objectiveWithoutKrs = defineRule({
  id: 'objective-without-krs',
  description: 'Objective has no key results.',
  defaultSeverity: 'error',
  tags: ['structure'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const objective of ctx.document.objectives) {
      if (objective.keyResults.length > 0) continue;
      ctx.report({
        message: `No key results: add 2–5 measurable KRs (a table with KR, Baseline, Target, Current, Owner and Confidence columns).`,
        range: objective.titleRange,
      });
    }
  },
});
