import { z } from 'zod';
import { defineRule } from './types';

/** A workspace rule: the alignment graph (src/core/workspace/graph.ts) finds it; see docs/rules/alignment-cycle.md. */
export const alignmentCycle = defineRule({
  id: 'alignment-cycle',
  description: 'Objectives support each other in a loop across documents.',
  defaultSeverity: 'error',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  scope: 'workspace',
  options: z.object({}),
});
