import { z } from 'zod';
import { binaryReason, krBinary } from './kr-binary';
import { krIsTask, taskReason } from './kr-is-task';
import { keyResults, defineRule, ruleEnabled, ruleOptions } from './types';
import { statesMeasure } from './wording';

/** A KR without a target is an intention, not a result. */
export const krMissingTarget = defineRule({
  id: 'kr-missing-target',
  description: 'Key result has no target value.',
  defaultSeverity: 'error',
  tags: ['missing-field'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    // A KR that kr-is-task or kr-binary already names is reported once, as what it is.
    const task = ruleEnabled(krIsTask, ctx.config) ? (ruleOptions(krIsTask, ctx.config)['verbs'] as string[]) : null;
    const binary = ruleEnabled(krBinary, ctx.config) ? ruleOptions(krBinary, ctx.config) : null;
    for (const { kr } of keyResults(ctx.document)) {
      if (kr.target && kr.target.quantity.kind !== 'empty') continue;
      // `Four six-mile runs`, `Paint every day in January`: the number is in the sentence.
      if (statesMeasure(kr)) continue;
      if (task && taskReason(kr, task)) continue;
      if (binary && binaryReason(kr, binary['verbs'] as string[], binary['yesNoValues'] as string[])) continue;
      ctx.report({
        message: `No target: state the value that counts as success by the end of the quarter (e.g. "18%", "< 2 days").`,
        range: kr.target?.range ?? kr.textRange,
      });
    }
  },
});
