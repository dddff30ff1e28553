import { z } from 'zod';
import { defineRule } from './types';

/** A workspace rule: the alignment graph (src/core/workspace/graph.ts) finds it; see docs/rules/dependency-unknown-team.md. */
export const dependencyUnknownTeam = defineRule({
  id: 'dependency-unknown-team',
  description: 'A dependency names a team that has no OKR document in the workspace.',
  defaultSeverity: 'info',
  tags: ['workspace', 'dependencies'],
  dimension: null,
  scope: 'workspace',
  options: z.object({
    knownTeams: z.array(z.string()).default([]).describe('Teams that exist without an OKR document of their own (Finance, Legal…): dependencies on them are not reported.'),
  }),
});
