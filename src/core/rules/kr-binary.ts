import { z } from 'zod';
import type { KeyResult } from '../model/schema';
import { clip, defineRule, keyResults } from './types';
import { hasMeasure, wordingOf } from './wording';
import { startsWithAny, statement } from './words';

const VERBS = ['ship', 'release', 'deploy', 'go live', 'go-live', 'roll out', 'turn on', 'switch on', 'enable', 'GA', 'sunset', 'decommission'];
const YES_NO = [
  'done',
  'shipped',
  'launched',
  'released',
  'deployed',
  'delivered',
  'live',
  'yes',
  'no',
  'complete',
  'completed',
  'true',
  'false',
  'in production',
  'go-live',
  'rolled out',
  '✅',
  '✔',
  '✔️',
];

/**
 * Why a KR is done / not done, or null: its target is a yes/no value, or it says something will be so
 * without a measure (`Ship X`, `Peerpad runs on Chrome`, `DHT has stream support`).
 */
export function binaryReason(kr: KeyResult, verbs: readonly string[], yesNoValues: readonly string[]): { target: boolean } | null {
  const target = kr.target?.text.replace(/[*_`]/g, '').trim().toLowerCase() ?? '';
  if (target !== '' && yesNoValues.some((v) => v.toLowerCase() === target)) return { target: true };
  if (hasMeasure(kr)) return null;
  if (startsWithAny(kr.text, verbs) || wordingOf(kr) === 'state') return { target: false };
  return null;
}

const LAUNCH = ['ship', 'release', 'deploy', 'roll out', 'turn on', 'switch on', 'enable', 'launch', 'GA'];
const RETIRE = ['sunset', 'decommission', 'retire', 'deprecate', 'shut down', 'switch off', 'turn off'];

/**
 * A measured KR built from the KR's own words (`Ship the audit log export` →
 * `Users of the audit log export: 0 → N`), or null when its words do not make one:
 * only a launch or retire verb followed by a short object without a number does.
 */
export function measuredExample(kr: KeyResult): string | null {
  const text = statement(kr.text);
  const launch = startsWithAny(text, LAUNCH);
  const verb = launch ?? startsWithAny(text, RETIRE);
  if (!verb) return null;
  const rest = text.slice(verb.length).replace(/^[\s-]+/, '');
  // A leading space, so an object that starts with a preposition ("Deploy to production") is empty.
  const object = ` ${rest}`.split(/\s+(?:by|in|for|to|before|on|at|across|within|with|so|and)\s|[,;:()–—.!?*_`]/i)[0]!.trim();
  const words = object.split(/\s+/).filter(Boolean);
  if (
    words.length === 0 ||
    words.length > 6 ||
    words.some((w) => /^\d/.test(w)) ||
    (words.length === 1 && /^(?:it|this|that|them|these|those|everything|all)$/i.test(words[0]!))
  )
    return null;
  return launch ? `Users of ${object}: 0 → N` : `Users still on ${object}: N → 0`;
}

/** A KR that is either done or not done gives no signal of progress. */
export const krBinary = defineRule({
  id: 'kr-binary',
  description: 'Key result is done / not done (ship X, target "Done", "X runs on Y") instead of a measured change.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({
    verbs: z.array(z.string().min(1)).default(VERBS).describe('Verbs that make a KR without a number a yes/no deliverable.'),
    yesNoValues: z.array(z.string().min(1)).default(YES_NO).describe('Target values that mean done / not done.'),
  }),
  document(ctx, options) {
    for (const { kr } of keyResults(ctx.document)) {
      const binary = binaryReason(kr, options.verbs, options.yesNoValues);
      if (!binary) continue;
      const example = measuredExample(kr);
      const advice = example
        ? `, e.g. "${example}" instead of "${clip(statement(kr.text))}"`
        : ' (who uses it, what it saves or earns) from a baseline to a target';
      ctx.report({
        message: `Done / not done${binary.target ? ` (target "${kr.target!.text}")` : ''}: measure the change it should cause${advice}.`,
        range: binary.target ? kr.target!.range : kr.textRange,
      });
    }
  },
});

/** True when a target value means done / not done; kr-is-task leaves such KRs to kr-binary. */
export function isYesNoValue(text: string): boolean {
  return YES_NO_SET.has(text.replace(/[*_`]/g, '').trim().toLowerCase());
}
const YES_NO_SET = new Set(YES_NO);
