import { z } from 'zod';
import { defineRule } from './types';

/** A blocker nobody is asked to remove stays a blocker. */
export const blockerWithoutOwner = defineRule({
  id: 'blocker-without-owner',
  description: 'Weekly update: a blocker does not name who must act to remove it.',
  defaultSeverity: 'warning',
  tags: ['weekly', 'ownership'],
  dimension: null,
  options: z.object({}),
  document(ctx) {
    for (const blocker of ctx.document.blockers) {
      if (blocker.from !== null && blocker.from !== '') continue;
      ctx.report({
        message: `Nobody named to act on this blocker: add "→ need [action] from [person]".`,
        range: blocker.range,
      });
    }
  },
});
