import { z } from 'zod';
import { defineRule } from './types';

/** A history rule: src/core/history/trail.ts reads the check-in trail from the document's commits. */
export const staleKr = defineRule({
  id: 'stale-kr',
  description: "A key result's current value has not changed for more than three weeks of the quarter.",
  defaultSeverity: 'info',
  tags: ['history', 'check-in'],
  dimension: null,
  scope: 'history',
  options: z.object({}),
});
