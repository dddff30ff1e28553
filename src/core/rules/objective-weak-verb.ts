import { z } from 'zod';
import { defineRule } from './types';
import { startsWithAny } from './words';

const VERBS = [
  'continue',
  'continue to',
  'maintain',
  'keep',
  'support',
  'work on',
  'help',
  'assist',
  'try to',
  'participate',
  'monitor',
  'sustain',
  'preserve',
  'stay',
  'look into',
  'consider',
  'attempt to',
  'aim to',
  'contribute to',
  'understand',
];

/** "Maintain" and "Continue" describe business as usual, not a change worth a quarter's focus. */
export const objectiveWeakVerb = defineRule({
  id: 'objective-weak-verb',
  description: 'Objective starts with a weak verb (Continue, Maintain, Keep, Support, Work on, Understand…): business as usual or a study, not a change.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'objective', 'ambition'],
  dimension: 'ambition',
  granularity: 'objective',
  options: z.object({
    verbs: z.array(z.string().min(1)).default(VERBS).describe('Opening words that make an objective business as usual.'),
  }),
  document(ctx, options) {
    for (const objective of ctx.document.objectives) {
      if (!objective.explicit) continue;
      const verb = startsWithAny(objective.title, options.verbs);
      if (!verb) continue;
      ctx.report({
        message: `"${verb}" describes ${/^understand/i.test(verb) ? 'a study' : 'business as usual'}: say what will be different at the end of the quarter ("Make…", "Become…", "Win…").`,
        range: objective.titleRange,
      });
    }
  },
});
