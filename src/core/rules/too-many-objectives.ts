import { z } from 'zod';
import { defineRule } from './types';

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
  document(ctx, options) {
    if (ctx.document.kind !== 'okr' || ctx.document.stance !== 'plan') return;
    // A document that plans several periods (`## Q4 2025`, `## Q1 2026`) is counted period by period.
    const byPeriod = new Map<string | null, typeof ctx.document.objectives>();
    for (const o of ctx.document.objectives.filter((x) => x.explicit)) byPeriod.set(o.period, [...(byPeriod.get(o.period) ?? []), o]);
    const objectives = [...byPeriod.values()].find((list) => list.length > options.max);
    if (!objectives) return;
    const extra = objectives[options.max]!;
    ctx.report({
      message: `${objectives.length} objectives${extra.period ? ` in ${extra.period}` : ''}, more than ${options.max}: keep the ${options.max} that matter most and move the rest, starting with this one, to "What we're NOT doing".`,
      range: extra.titleRange,
      related: objectives.slice(options.max + 1).map((o) => ({ message: `objective ${objectives.indexOf(o) + 1}`, range: o.titleRange })),
    });
  },
});
