import { z } from 'zod';
import { convertValue } from '../model/quantity';
import { keyResults, defineRule } from './types';

/** A target equal to the baseline asks for nothing to change. */
export const krNoChange = defineRule({
  id: 'kr-no-change',
  description: 'Key result target equals its baseline.',
  defaultSeverity: 'error',
  tags: ['ambition'],
  dimension: 'ambition',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      const b = kr.baseline?.quantity;
      const t = kr.target?.quantity;
      if (!b || !t || b.kind !== 'number' || t.kind !== 'number') continue;
      if (t.comparator || t.signed || b.comparator) continue;
      const bv = convertValue(b.value, b.unit, t.unit);
      if (bv === null || Math.abs(bv - t.value) > 1e-9 * Math.max(1, Math.abs(t.value))) continue;
      ctx.report({
        message: `Target equals baseline (${b.raw} → ${t.raw}): set a target that changes something, or drop the KR.`,
        range: kr.target!.range,
        related: [{ message: 'baseline', range: kr.baseline!.range }],
      });
    }
  },
});
