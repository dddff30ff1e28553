import { z } from 'zod';
import { defineRule } from './types';

/** One KR rarely captures an objective; it is easy to game alone. */
export const tooFewKrs = defineRule({
  id: 'too-few-krs',
  description: 'Objective has fewer than 2 key results (but at least one).',
  defaultSeverity: 'warning',
  tags: ['focus', 'count'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({
    min: z.number().int().min(1).default(2).describe('Fewest key results an objective should have.'),
  }),
  document(ctx, options) {
    // Planning advice: a retrospective or an archive is not restructured.
    if (ctx.document.kind !== 'okr' || ctx.document.stance !== 'plan') return;
    for (const objective of ctx.document.objectives) {
      const n = objective.keyResults.length;
      if (n === 0 || n >= options.min) continue;
      ctx.report({
        message: `Only ${n} key result${n === 1 ? '' : 's'}: add ${options.min - n === 1 ? 'another' : `${options.min - n} more`} that measure${options.min - n === 1 ? 's' : ''} it from a different side (quality as well as quantity), so no single number can be gamed.`,
        range: objective.titleRange,
      });
    }
  },
});
