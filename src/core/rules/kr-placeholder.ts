import { z } from 'zod';
import { isPlaceholderText } from '../model/quantity';
import type { Field } from '../model/schema';
import { keyResults, defineRule } from './types';

const NOT_APPLICABLE = /^(?:n\/a|n\.a\.?|na|not applicable)\b/i;

/** `TBD`, `[metric]`, `X%` left in a committed OKR. */
export const krPlaceholder = defineRule({
  id: 'kr-placeholder',
  description: 'Key result still holds a placeholder such as TBD, [metric] or X.',
  defaultSeverity: 'warning',
  tags: ['missing-field'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      const fields: Array<[string, Field | null, boolean]> = [
        // "N/A" is an honest baseline for something new: not a gap to fill in.
        ['baseline', kr.baseline, kr.baseline?.quantity.kind === 'placeholder' && !NOT_APPLICABLE.test(kr.baseline.text)],
        ['target', kr.target, kr.target?.quantity.kind === 'placeholder'],
        ['current value', kr.current, kr.current?.quantity.kind === 'placeholder'],
        ['owner', kr.owner, kr.owner?.placeholder === true],
        ['confidence', kr.confidence, kr.confidence !== null && kr.confidence.value === null && isPlaceholderText(kr.confidence.text)],
        ['result', kr.score, kr.score !== null && kr.score.value === null && isPlaceholderText(kr.score.text)],
      ];
      for (const [name, field, isPlaceholder] of fields) {
        if (!field || !isPlaceholder) continue;
        ctx.report({
          message: `${name[0]!.toUpperCase()}${name.slice(1)} is a placeholder ("${field.text}"): replace it with a real value before the quarter starts.`,
          range: field.range,
        });
      }
      // Every placeholder below holds a bracket, TBD/TBC or an x: most texts are passed by on that alone.
      const inText =
        /[[x]|tb[dc]/i.test(kr.text) &&
        (/\[(?:metric|kpi|number|value|target|x+|owner|name|tbd)\]|(?<![\p{L}\d])(?:TBD|TBC)(?![\p{L}\d])|(?<![\p{L}\d])X{1,3}%|\b(?:key result|kr|metric|value|target|goal)\s+x\b/iu.exec(
          kr.text,
        ) ??
          /(?<![\p{L}\d$])XX+(?![\p{L}\d])/u.exec(kr.text));
      if (inText) {
        ctx.report({
          message: `Placeholder in the text ("${inText[0]}"): name the real metric.`,
          range: kr.textRange,
        });
      }
    }
  },
});
