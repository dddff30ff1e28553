import { z } from 'zod';
import { movedGoalposts } from '../history/goalposts';
import type { LensConfig } from '../config/config';
import { defineRule, ruleOptions } from './types';

/** See docs/rules/moving-goalposts.md. */
export const movingGoalposts = defineRule({
  id: 'moving-goalposts',
  description: "A key result's baseline or target changed after the quarter's targets were locked.",
  defaultSeverity: 'warning',
  tags: ['history', 'scoring'],
  dimension: 'ambition',
  options: z.object({
    lock: z
      .string()
      .default('')
      .describe(
        "A git ref (tag, branch or commit) at which every document's targets lock, such as a tag made at the planning meeting. A document's front matter `locked:` wins; empty: each document locks when its quarter starts.",
      ),
  }),
  // The working copy against the document as it was at the lock commit: a reasoned
  // `okr-lens-disable-next-line moving-goalposts -- re-scoped at the mid-quarter review` keeps a change.
  history({ document, lock, report }) {
    if (!lock) return;
    const { point } = lock;
    for (const c of movedGoalposts(lock.locked, document)) {
      report({
        message: `${c.field[0]!.toUpperCase()}${c.field.slice(1)} moved since the lock (${c.was} → ${c.now}): keep the locked value, or record the re-scope with a reasoned disable comment; a change mid-quarter hides how far the KR really got. Lock: ${point.how} (${point.commit.slice(0, 7)} by ${point.author}, ${point.date.slice(0, 10)}).`,
        range: c.kr[c.field]!.range,
      });
    }
  },
});

/** The lock ref set in the configuration (the `lock` option), or ''. */
export function configuredLock(config: LensConfig): string {
  const lock = ruleOptions(movingGoalposts, config)['lock'];
  return typeof lock === 'string' ? lock.trim() : '';
}
