import { z } from 'zod';
import { defineRule, keyResults, krName } from './types';
import { isNumeric, startsWithAny } from './words';

const VERBS = ['ship', 'release', 'deploy', 'go live', 'go-live', 'roll out', 'turn on', 'switch on', 'enable', 'GA', 'sunset', 'decommission'];
const YES_NO = ['done', 'shipped', 'launched', 'released', 'deployed', 'delivered', 'live', 'yes', 'no', 'complete', 'completed', 'true', 'false', 'in production', 'go-live', 'rolled out', '✅', '✔', '✔️'];

/** A KR that is either done or not done gives no signal of progress. */
export const krBinary = defineRule({
  id: 'kr-binary',
  description: 'Key result is done / not done (ship X, target "Done") instead of a measured change.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({
    verbs: z.array(z.string().min(1)).default(VERBS).describe('Verbs that make a KR without a number a yes/no deliverable.'),
    yesNoValues: z.array(z.string().min(1)).default(YES_NO).describe('Target values that mean done / not done.'),
  }),
  check(ctx, options) {
    const yesNo = new Set(options.yesNoValues.map((v) => v.toLowerCase()));
    for (const { kr } of keyResults(ctx.document)) {
      const target = kr.target?.text.replace(/[*_`]/g, '').trim().toLowerCase() ?? '';
      const verb = startsWithAny(kr.text, options.verbs);
      const binaryTarget = target !== '' && yesNo.has(target);
      if (!binaryTarget && !(verb && !isNumeric(kr.target) && !/\d/.test(kr.text.replace(/\b(?:by|before|until)\b.*$/i, '')))) continue;
      ctx.report({
        message: `Key result ${krName(kr)} is done / not done${binaryTarget ? ` (target "${kr.target!.text}")` : ''}: measure the change it should cause, e.g. "Enterprise accounts using SSO: 0 → 15" instead of "Ship enterprise SSO".`,
        range: binaryTarget ? kr.target!.range : kr.textRange,
      });
    }
  },
});

/** True when a target value means done / not done; kr-is-task leaves such KRs to kr-binary. */
export function isYesNoValue(text: string): boolean {
  return YES_NO_SET.has(text.replace(/[*_`]/g, '').trim().toLowerCase());
}
const YES_NO_SET = new Set(YES_NO);
