import { z } from 'zod';
import { isPlaceholderText } from '../model/quantity';
import type { Field } from '../model/schema';
import { keyResults, krName, defineRule } from './types';

/** `TBD`, `[metric]`, `X%` left in a committed OKR. */
export const krPlaceholder = defineRule({
  id: 'kr-placeholder',
  description: 'Key result still holds a placeholder such as TBD, [metric] or X.',
  defaultSeverity: 'warning',
  tags: ['missing-field'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  check(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      const fields: Array<[string, Field | null, boolean]> = [
        ['baseline', kr.baseline, kr.baseline?.quantity.kind === 'placeholder'],
        ['target', kr.target, kr.target?.quantity.kind === 'placeholder'],
        ['current value', kr.current, kr.current?.quantity.kind === 'placeholder'],
        ['owner', kr.owner, kr.owner?.placeholder === true],
        ['confidence', kr.confidence, kr.confidence !== null && kr.confidence.value === null && isPlaceholderText(kr.confidence.text)],
      ];
      for (const [name, field, isPlaceholder] of fields) {
        if (!field || !isPlaceholder) continue;
        // "N/A" is an honest baseline for something new; it still cannot be measured from.
        ctx.report({
          message: `The ${name} of key result ${krName(kr)} is a placeholder ("${field.text}"): replace it with a real value before the quarter starts.`,
          range: field.range,
        });
      }
      const inText = /\[(?:metric|kpi|number|value|target|x+|owner|name|tbd)\]|(?<![\p{L}\d])(?:TBD|TBC)(?![\p{L}\d])|(?<![\p{L}\d])X{1,3}%/iu.exec(kr.text);
      if (inText) {
        ctx.report({
          message: `Key result ${krName(kr)} has a placeholder in its text ("${inText[0]}"): name the real metric.`,
          range: kr.textRange,
        });
      }
    }
  },
});
