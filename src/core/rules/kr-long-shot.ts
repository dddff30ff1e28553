import { z } from 'zod';
import { defineRule, keyResults } from './types';

/** A KR nobody believes in stops steering work. */
export const krLongShot = defineRule({
  id: 'kr-long-shot',
  description: 'Key result has a planning confidence of 0.2 or less: a long shot the team does not believe in.',
  defaultSeverity: 'info',
  tags: ['anti-pattern', 'ambition'],
  dimension: 'ambition',
  granularity: 'objective',
  options: z.object({
    maxConfidence: z.number().min(0).max(1).default(0.2).describe('Planning confidence (0–1) at or below which a KR is a long shot.'),
  }),
  document(ctx, options) {
    if (ctx.document.kind !== 'okr') return;
    for (const { kr } of keyResults(ctx.document)) {
      const c = kr.confidence?.value;
      if (kr.score || c === null || c === undefined || c > options.maxConfidence) continue;
      ctx.report({
        message: `Confidence ${kr.confidence!.text} is a long shot: lower the target until you believe it at about 0.5, or say what would make it likely.`,
        range: kr.confidence!.range,
      });
    }
  },
});
