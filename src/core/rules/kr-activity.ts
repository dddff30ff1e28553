import { z } from 'zod';
import { defineRule, keyResults, krName } from './types';
import { startsWithAny, statement } from './words';

const VERBS = [
  'send', 'make', 'hold', 'run', 'conduct', 'attend', 'publish', 'write', 'post', 'host', 'do', 'perform', 'give',
  'organise', 'organize', 'complete', 'deliver', 'create', 'produce', 'contact', 'email', 'call', 'cold-call', 'visit',
  'schedule', 'present', 'build', 'launch', 'ship', 'release', 'implement', 'develop', 'design', 'interview', 'train',
  'reach out to', 'spend', 'record', 'submit', 'attend', 'participate in', 'close out', 'fix', 'resolve', 'answer',
];

/** Counting effort rewards being busy, not being effective. */
export const krActivity = defineRule({
  id: 'kr-activity',
  description: 'Key result counts effort or output ("Send 500 outreach emails") instead of the result it should bring.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'outcome'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({
    verbs: z.array(z.string().min(1)).default(VERBS).describe('Verbs that, followed by a number, count effort or output.'),
  }),
  check(ctx, options) {
    for (const { kr } of keyResults(ctx.document)) {
      const verb = startsWithAny(kr.text, options.verbs);
      if (!verb) continue;
      // The count follows the verb ("Send 500 emails", "Create and publish 5 guides"), or, with no number in
      // the text, sits in the Target cell as a plain count ("Send outreach emails | 0 | 500").
      const rest = statement(kr.text).slice(verb.length);
      const t = kr.target?.quantity;
      // A count right after the verb; a percentage there is a rate of something, not a count of effort.
      const countAfterVerb = /^(?:\s+and\s+[\p{L}-]+)?\s+(?:at least|over|more than|≥|>=|\+)?\s*\d[\d.,]*(?!\s*%|[\d.,])/iu.test(rest);
      const countInTarget = !/\d/.test(kr.text) && t?.kind === 'number' && !t.comparator && (t.unit === null || t.unit.dimension === 'count');
      if (!countAfterVerb && !countInTarget) continue;
      ctx.report({
        message: `Key result ${krName(kr)} counts activity ("${verb} …"): measure the result the activity should bring, e.g. "Book 30 discovery calls from outbound" instead of "Send 500 outreach emails".`,
        range: kr.textRange,
      });
    }
  },
});
