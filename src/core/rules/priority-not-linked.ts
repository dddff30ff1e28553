import { z } from 'zod';
import { defineRule } from './types';

/** A weekly priority that supports no KR is work the OKRs do not explain. */
export const priorityNotLinked = defineRule({
  id: 'priority-not-linked',
  description: 'Weekly update: a priority does not say which key result it supports.',
  defaultSeverity: 'warning',
  tags: ['weekly', 'alignment'],
  dimension: null,
  options: z.object({}),
  document(ctx) {
    for (const priority of ctx.document.priorities) {
      // `…` is the placeholder New Weekly Update writes: not a KR yet.
      if (priority.supports !== null && priority.supports !== '' && !/^(?:…|\.\.\.)$/.test(priority.supports)) continue;
      ctx.report({
        message: `Supports no key result: add "→ supports [KR]", or ask whether it belongs in this week.`,
        range: priority.range,
      });
    }
  },
});
