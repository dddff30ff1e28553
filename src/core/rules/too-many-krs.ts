import { z } from 'zod';
import { defineRule } from './types';

/** Many KRs dilute attention and hide which result matters. */
export const tooManyKrs = defineRule({
  id: 'too-many-krs',
  description: 'Objective has more than 5 key results.',
  defaultSeverity: 'warning',
  tags: ['focus', 'count'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({
    max: z.number().int().min(1).default(5).describe('Most key results one objective may have.'),
  }),
  document(ctx, options) {
    // Planning advice: a retrospective or an archive is not restructured.
    if (ctx.document.kind !== 'okr' || ctx.document.stance !== 'plan') return;
    for (const objective of ctx.document.objectives) {
      const n = objective.keyResults.length;
      if (n <= options.max) continue;
      ctx.report({
        message: `${n} key results, more than ${options.max}: keep the ${options.max} that best show the objective is met; move the others to initiatives or health metrics.`,
        range: objective.titleRange,
      });
    }
  },
});
