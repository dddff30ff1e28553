import { z } from 'zod';
import { defineRule } from './types';

/** A workspace rule: the alignment graph (src/core/workspace/graph.ts) finds it; see docs/rules/alignment-orphan.md. */
export const alignmentOrphan = defineRule({
  id: 'alignment-orphan',
  description: 'A team or individual objective supports nothing while the workspace has a company document.',
  defaultSeverity: 'warning',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  scope: 'workspace',
  options: z.object({}),
});
