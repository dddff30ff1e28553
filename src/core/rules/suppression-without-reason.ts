import { z } from 'zod';
import { defineRule } from './types';

/** A silenced finding needs a reason the next reader can weigh. */
export const suppressionWithoutReason = defineRule({
  id: 'suppression-without-reason',
  description: 'An okr-lens-disable comment gives no reason after " -- ".',
  defaultSeverity: 'warning',
  tags: ['suppression'],
  dimension: null,
  options: z.object({}),
  document(ctx) {
    for (const s of ctx.suppressions) {
      if (s.kind === 'enable' || s.reason !== null) continue;
      const rules = s.rules.length > 0 ? s.rules.join(' ') : 'rule-id';
      ctx.report({
        message: `This okr-lens-${s.kind} comment gives no reason: add one after " -- ", e.g. <!-- okr-lens-${s.kind} ${rules} -- re-scoped at the mid-quarter review -->.`,
        range: s.range,
      });
    }
  },
});
