import { z } from 'zod';
import { defineRule, keyResults } from './types';
import { measures } from '../model/sentence';
import { hasMeasure, wordingOf } from './wording';
import { wordsPattern } from './words';

const WORDS = [
  'improve',
  'improved',
  'increase',
  'increased',
  'decrease',
  'reduce',
  'grow',
  'boost',
  'enhance',
  'optimise',
  'optimize',
  'better',
  'maximise',
  'maximize',
  'minimise',
  'minimize',
  'strengthen',
  'raise',
  'lower',
  'accelerate',
  'streamline',
  'lift',
  'drive',
  'cut',
  'higher',
  'faster',
  'greater',
  'more',
  'quicker',
  'significantly',
  'substantially',
  'mature',
  'revamped',
];

/** "Improve X" with no number cannot be scored at the end of the quarter. */
export const krVague = defineRule({
  id: 'kr-vague',
  description: 'Key result asks to improve / increase / optimise something with no number anywhere.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'measurability'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({
    words: z.array(z.string().min(1)).default(WORDS).describe('Words of direction without a measure.'),
  }),
  document(ctx, options) {
    const pattern = wordsPattern(options.words);
    if (!pattern) return;
    for (const { kr } of keyResults(ctx.document)) {
      const m = pattern.exec(kr.text);
      if (!m || kr.text[m.index + m[0].length] === '-' || hasMeasure(kr) || (wordingOf(kr) !== 'aim' && wordingOf(kr) !== 'unmeasured')) continue;
      // A target written in words that names a measure (`Supervisor awareness within 10 minutes`) is a destination.
      if ([kr.target, kr.baseline].some((f) => f !== null && f.source !== 'inline' && measures(f.text).length > 0)) continue;
      ctx.report({
        message: `"${m[0]}" with no number: state the metric, where it starts and where it should end, e.g. "Lift 30-day activation from 41% to 55%".`,
        range: kr.textRange,
      });
    }
  },
});
