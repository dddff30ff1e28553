import { z } from 'zod';
import type { KeyResult } from '../model/schema';
import { isYesNoValue } from './kr-binary';
import { defineRule, keyResults } from './types';
import { core, leadingVerb, wordingOf } from './wording';
import { startsWithAny } from './words';

const VERBS = [
  'launch',
  'build',
  'create',
  'implement',
  'develop',
  'design',
  'redesign',
  'rebuild',
  'migrate',
  'set up',
  'setup',
  'complete',
  'finish',
  'deliver',
  'introduce',
  'add',
  'refactor',
  'integrate',
  'write',
  'document',
  'define',
  'draft',
  'establish',
  'prepare',
  'organise',
  'organize',
  'research',
  'evaluate',
  'investigate',
  'explore',
  'conduct',
  'run',
  'host',
  'hire',
  'train',
  'update',
  'upgrade',
  'replace',
  'rewrite',
  'finalise',
  'finalize',
  'publish',
  'start',
  'kick off',
  'create and launch',
  'plan',
  'audit',
  'review',
];

/** `0%` → `100%`: progress through a piece of work, not a result. */
function percentComplete(kr: KeyResult): boolean {
  const b = kr.baseline?.quantity;
  const t = kr.target?.quantity;
  return b?.kind === 'number' && t?.kind === 'number' && b.unit?.dimension === 'percent' && t.unit?.dimension === 'percent' && b.value === 0 && t.value === 100;
}

/**
 * Why a KR is a task, or null: it starts with a task verb and states no result to reach, names a
 * deliverable (`An updated handbook page`, `Implementation of the MVP`), says one was built (`Rendezvous
 * Protocol is implemented`), or tracks work as percent complete.
 */
export function taskReason(kr: KeyResult, verbs: readonly string[]): { verb: string | null; percent: boolean } | null {
  const verb = startsWithAny(kr.text, verbs) ?? leadingVerb(kr.text);
  if (verb && percentComplete(kr)) return { verb, percent: true };
  if (kr.target !== null && isYesNoValue(kr.target.text)) return null;
  const wording = wordingOf(kr);
  if (wording === 'task') return { verb, percent: false };
  // A verb the team lists as a task verb, where the wording alone would read as an aim.
  const listed = startsWithAny(kr.text, verbs);
  if (listed && wording === 'aim' && !/\d/.test(core(kr.text))) return { verb: listed, percent: false };
  return null;
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
    verbs: z
      .array(z.string().min(1))
      .default(VERBS)
      .describe('Verbs that start a task rather than a result when the KR has no number, besides the English verbs OKR Lens knows.'),
  }),
  document(ctx, options) {
    for (const { kr } of keyResults(ctx.document)) {
      const task = taskReason(kr, options.verbs);
      if (!task) continue;
      if (task.percent) {
        ctx.report({
          message: `A task tracked as percent complete (${kr.baseline!.text} → ${kr.target!.text}): move it to Key initiatives and measure what it should change.`,
          range: kr.textRange,
        });
        continue;
      }
      ctx.report({
        message: task.verb
          ? `A task ("${task.verb.toLowerCase()}…"), not a result: move it to Key initiatives and measure what it should change, e.g. "Reduce time to first value from 7 days to 2 days".`
          : `A deliverable, not a result: say what it should change and by how much, and list the deliverable under Key initiatives.`,
        range: kr.textRange,
      });
    }
  },
});
