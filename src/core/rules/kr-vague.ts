import { z } from 'zod';
import { defineRule, keyResults, krName } from './types';
import { hasNoNumbers, wordsPattern } from './words';

const WORDS = [
  'improve', 'improved', 'increase', 'increased', 'decrease', 'reduce', 'grow', 'boost', 'enhance', 'optimise', 'optimize',
  'better', 'maximise', 'maximize', 'minimise', 'minimize', 'strengthen', 'raise', 'lower', 'expand', 'accelerate',
  'streamline', 'lift', 'drive', 'cut', 'higher', 'faster', 'significantly', 'substantially',
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
  check(ctx, options) {
    const pattern = wordsPattern(options.words);
    if (!pattern) return;
    for (const { kr } of keyResults(ctx.document)) {
      const m = pattern.exec(kr.text);
      if (!m || !hasNoNumbers(kr)) continue;
      ctx.report({
        message: `Key result ${krName(kr)} says "${m[0]}" with no number: state the metric, where it starts and where it should end, e.g. "Lift 30-day activation from 41% to 55%".`,
        range: kr.textRange,
      });
    }
  },
});
