import { z } from 'zod';
import type { KeyResult } from '../model/schema';
import { isYesNoValue } from './kr-binary';
import { defineRule, keyResults, krName } from './types';
import { isNumeric, startsWithAny } from './words';

const VERBS = [
  'launch', 'build', 'create', 'implement', 'develop', 'design', 'redesign', 'rebuild', 'migrate', 'set up', 'setup',
  'complete', 'finish', 'deliver', 'introduce', 'add', 'refactor', 'integrate', 'write', 'document', 'define', 'draft',
  'establish', 'prepare', 'organise', 'organize', 'research', 'evaluate', 'investigate', 'explore', 'conduct', 'run',
  'hold', 'host', 'hire', 'train', 'update', 'upgrade', 'replace', 'rewrite', 'finalise', 'finalize', 'publish', 'start',
  'kick off', 'create and launch', 'plan', 'audit', 'review',
];

/** `0%` → `100%`: progress through a piece of work, not a result. */
function percentComplete(kr: KeyResult): boolean {
  const b = kr.baseline?.quantity;
  const t = kr.target?.quantity;
  return b?.kind === 'number' && t?.kind === 'number' && b.unit?.dimension === 'percent' && t.unit?.dimension === 'percent' && b.value === 0 && t.value === 100;
}

/** A deliverable is how you hope to move a result, not the result itself. */
export const krIsTask = defineRule({
  id: 'kr-is-task',
  description: 'Key result is a task or deliverable ("Launch the new onboarding flow"), not a measurable result.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'outcome'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({
    verbs: z.array(z.string().min(1)).default(VERBS).describe('Verbs that start a task rather than a result, when the KR has no number.'),
  }),
  check(ctx, options) {
    for (const { kr } of keyResults(ctx.document)) {
      const verb = startsWithAny(kr.text, options.verbs);
      if (verb && percentComplete(kr)) {
        ctx.report({
          message: `Key result ${krName(kr)} is a task tracked as percent complete (${kr.baseline!.text} → ${kr.target!.text}): move it to Key initiatives and measure what it should change.`,
          range: kr.textRange,
        });
        continue;
      }
      if (!verb || isNumeric(kr.target) || (kr.target !== null && isYesNoValue(kr.target.text)) || /\d/.test(kr.text.replace(/\b(?:by|before|until|in)\b\s+(?:\w+\s+)?\d.*$/i, ''))) continue;
      ctx.report({
        message: `Key result ${krName(kr)} is a task ("${verb}…"), not a result: move it to Key initiatives and measure what it should change, e.g. "Reduce time to first value from 7 days to 2 days".`,
        range: kr.textRange,
      });
    }
  },
});
