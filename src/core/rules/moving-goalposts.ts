import { z } from 'zod';
import { defineRule } from './types';

/** A history rule: src/core/history/goalposts.ts compares the working copy with the lock commit's version (from git). */
export const movingGoalposts = defineRule({
  id: 'moving-goalposts',
  description: "A key result's baseline or target changed after the quarter's targets were locked.",
  defaultSeverity: 'warning',
  tags: ['history', 'scoring'],
  dimension: 'ambition',
  scope: 'history',
  options: z.object({
    lock: z
      .string()
      .default('')
      .describe("A git ref (tag, branch or commit) at which every document's targets lock, such as a tag made at the planning meeting. A document's front matter `locked:` wins; empty: each document locks when its quarter starts."),
  }),
});
