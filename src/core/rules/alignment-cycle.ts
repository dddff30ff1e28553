import { z } from 'zod';
import { clip } from '../workspace/names';
import { defineRule } from './types';

/** See docs/rules/alignment-cycle.md. */
export const alignmentCycle = defineRule({
  id: 'alignment-cycle',
  description: 'Objectives support each other in a loop across documents.',
  defaultSeverity: 'error',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  options: z.object({}),
  workspace({ facts, report }) {
    for (const cycle of facts.cycles) {
      for (const member of cycle) {
        report(member.doc.key, {
          message: `Alignment cycle: point one of these Supports lines at a higher-level objective; an objective cannot support itself through others (${cycle.map((c) => `“${clip(c.objective.title, 40)}”`).join(' → ')} → back again).`,
          range: member.via.range,
          related: cycle
            .filter((c) => c !== member)
            .map((c) => ({ message: `part of the cycle: ${clip(c.objective.title)}`, path: c.doc.key, range: c.objective.titleRange })),
        });
      }
    }
  },
});
