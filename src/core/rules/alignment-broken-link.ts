import { z } from 'zod';
import { defineRule } from './types';

/** A workspace rule: the alignment graph (src/core/workspace/graph.ts) finds it; see docs/rules/alignment-broken-link.md. */
export const alignmentBrokenLink = defineRule({
  id: 'alignment-broken-link',
  description: 'A Supports / Parent / Aligns to link names a file, heading or ID that no OKR document of the workspace has.',
  defaultSeverity: 'error',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  scope: 'workspace',
  options: z.object({}),
});
