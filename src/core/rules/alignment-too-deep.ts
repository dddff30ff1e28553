import { z } from 'zod';
import { defineRule } from './types';

/** A workspace rule: the alignment graph (src/core/workspace/graph.ts) finds it; see docs/rules/alignment-too-deep.md. */
export const alignmentTooDeep = defineRule({
  id: 'alignment-too-deep',
  description: 'An alignment chain is more than three levels deep (company → team → individual).',
  defaultSeverity: 'warning',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  scope: 'workspace',
  options: z.object({
    maxDepth: z.number().int().min(1).max(10).default(3).describe('Most levels an alignment chain may have (company → team → individual is 3).'),
  }),
});
