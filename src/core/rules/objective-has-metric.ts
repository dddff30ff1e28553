import { z } from 'zod';
import { defineRule } from './types';

/** Numbers belong in the key results; the objective says why they matter. */
const METRIC =
  /(?<![\p{L}\d#])(?:[$€£¥₹]\s?\d[\d.,]*\s?[kKmMbB]?|\d[\d.,]*\s?(?:%|percent\b|pp\b|[kKmMbB]\b|x\b|×)|\d[\d.,]*\s+(?:users|customers|clients|accounts|signups|sign-ups|deals|leads|days|hours|weeks|ms|seconds|points|NPS|MRR|ARR)\b|(?:from|de)\s+\d[\d.,]*\s*\S*\s+(?:to|para|→)\s+\d)/iu;

export const objectiveHasMetric = defineRule({
  id: 'objective-has-metric',
  description: 'Objective contains a metric (numbers, %, $): keep it qualitative and put numbers in its key results.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'objective'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const objective of ctx.document.objectives) {
      if (!objective.explicit) continue;
      const m = METRIC.exec(objective.title);
      if (!m) continue;
      ctx.report({
        message: `A metric in the objective ("${m[0].trim()}"): say qualitatively what you want to achieve, and move the number into a key result.`,
        range: objective.titleRange,
      });
    }
  },
});
