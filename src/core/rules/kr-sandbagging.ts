import { z } from 'zod';
import { convertValue } from '../model/quantity';
import { defineRule, keyResults } from './types';

/** Targets you are sure to hit are not stretch goals. */
export const krSandbagging = defineRule({
  id: 'kr-sandbagging',
  description: 'Key result is set to be safe: planning confidence of 0.9 or more, or a target only a few percent from the baseline.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'ambition'],
  dimension: 'ambition',
  granularity: 'objective',
  options: z.object({
    minConfidence: z.number().min(0).max(1).default(0.9).describe('Planning confidence (0–1) at or above which a KR reads as sandbagged.'),
    minChange: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('Smallest change from baseline to target, as a fraction (0.05 = 5%); for percentages, of the room left to 0% or 100%.'),
  }),
  document(ctx, options) {
    if (ctx.document.kind !== 'okr') return;
    for (const { kr } of keyResults(ctx.document)) {
      if (kr.score) continue; // an end-of-quarter score: confidence is no longer a plan
      const c = kr.confidence?.value;
      if (c !== null && c !== undefined && c >= options.minConfidence) {
        ctx.report({
          message: `Planning confidence ${kr.confidence!.text} means no stretch: raise the target until confidence is about 0.5–0.7.`,
          range: kr.confidence!.range,
        });
        continue;
      }
      const b = kr.baseline?.quantity;
      const t = kr.target?.quantity;
      if (!b || !t || b.kind !== 'number' || t.kind !== 'number' || t.comparator || t.signed || b.comparator) continue;
      const bv = convertValue(b.value, b.unit, t.unit);
      if (bv === null) continue;
      const change = Math.abs(t.value - bv);
      const room = t.unit?.dimension === 'percent' && bv > 0 && bv < 100 ? Math.min(bv, 100 - bv) : Math.abs(bv);
      if (change === 0 || room === 0 || change / room >= options.minChange) continue;
      ctx.report({
        message: `Barely moves (${b.raw} → ${t.raw}, ${(Math.round((change / room) * 1000) / 10).toString()}%): set a target that needs real change, or say why this small move is hard.`,
        range: kr.target!.range,
        related: [{ message: 'baseline', range: kr.baseline!.range }],
      });
    }
  },
});
