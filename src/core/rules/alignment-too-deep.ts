import { z } from 'zod';
import type { ObjectiveFact } from '../workspace/graph';
import { baseWords, clip } from '../workspace/names';
import { defineRule } from './types';

/** See docs/rules/alignment-too-deep.md. */
export const alignmentTooDeep = defineRule({
  id: 'alignment-too-deep',
  description: 'An alignment chain is more than three levels deep (company → team → individual).',
  defaultSeverity: 'warning',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  options: z.object({
    maxDepth: z.number().int().min(1).max(10).default(3).describe('Most levels an alignment chain may have (company → team → individual is 3).'),
  }),
  workspace({ facts, report }, { maxDepth }) {
    for (const fact of facts.objectives) {
      if (fact.company || fact.depth <= maxDepth || !fact.first) continue;
      // The chain up through each first link, from the top.
      const chain: ObjectiveFact[] = [];
      for (let c: ObjectiveFact | null | undefined = fact; c && chain.length <= fact.depth; c = c.first?.parent) chain.push(c);
      chain.reverse();
      report(fact.doc.key, {
        message: `${fact.depth} levels deep, more than ${maxDepth}: align it to a higher-level objective; deep chains dilute accountability (${chain.map((c) => c.doc.team ?? baseWords(c.doc.key)).join(' → ')}).`,
        range: fact.first.ref.range,
        related: chain
          .slice(0, -1)
          .map((c) => ({ message: `level ${chain.indexOf(c) + 1}: ${clip(c.objective.title)}`, path: c.doc.key, range: c.objective.titleRange })),
      });
    }
  },
});
