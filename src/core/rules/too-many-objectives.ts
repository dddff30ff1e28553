import { z } from 'zod';
import { defineRule, objectiveName } from './types';

/** More than a handful of objectives is a to-do list, not a focus. */
export const tooManyObjectives = defineRule({
  id: 'too-many-objectives',
  description: 'Document has more than 5 objectives.',
  defaultSeverity: 'warning',
  tags: ['focus', 'count'],
  dimension: null,
  options: z.object({
    max: z.number().int().min(1).default(5).describe('Most objectives one document may have.'),
  }),
  check(ctx, options) {
    const objectives = ctx.document.objectives.filter((o) => o.explicit);
    if (ctx.document.kind !== 'okr' || objectives.length <= options.max) return;
    const extra = objectives[options.max]!;
    ctx.report({
      message: `This document has ${objectives.length} objectives, more than ${options.max}: keep the ${options.max} that matter most and move the rest to "What we're NOT doing" (starting with ${objectiveName(extra)}).`,
      range: extra.titleRange,
      related: objectives.slice(options.max + 1).map((o) => ({ message: `objective ${objectives.indexOf(o) + 1}`, range: o.titleRange })),
    });
  },
});
