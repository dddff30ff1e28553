import { z } from 'zod';
import { defineRule } from './types';

/** A sudden drop in confidence is a call for help that the weekly review should hear. */
export const confidenceDrop = defineRule({
  id: 'confidence-drop',
  description: 'Weekly update: a key result lost more than 0.2 confidence since last week.',
  defaultSeverity: 'warning',
  tags: ['weekly'],
  dimension: null,
  options: z.object({
    maxDrop: z.number().min(0).max(1).default(0.2).describe('Largest week-on-week drop in confidence (0–1) that passes silently.'),
  }),
  document(ctx, options) {
    for (const table of ctx.document.weeklyTables) {
      for (const row of table.rows) {
        const now = row.confidence?.value;
        const before = row.lastConfidence?.value;
        if (now === null || now === undefined || before === null || before === undefined) continue;
        const drop = Math.round((before - now) * 100) / 100;
        if (drop <= options.maxDrop + 1e-9) continue;
        ctx.report({
          message: `Confidence dropped by ${drop} (${row.lastConfidence!.text} → ${row.confidence!.text}): say in the Note what changed and what help you need.`,
          range: row.confidence!.range,
          related: [{ message: "last week's confidence", range: row.lastConfidence!.range }],
        });
      }
    }
  },
});
