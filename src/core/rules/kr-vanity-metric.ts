import { z } from 'zod';
import { defineRule, keyResults } from './types';
import { wordsPattern } from './words';

const WORDS = [
  'followers',
  'likes',
  'page views',
  'pageviews',
  'impressions',
  'downloads',
  'app downloads',
  'retweets',
  'shares',
  'hits',
  'video views',
  'article views',
  'profile views',
  'views per',
  'registered users',
  'total users',
  'subscribers',
  'claps',
  'GitHub stars',
  'social media reach',
  'mentions',
  'upvotes',
];

/** Numbers that only go up and say little about value delivered. */
export const krVanityMetric = defineRule({
  id: 'kr-vanity-metric',
  description: 'Key result measures a vanity metric (followers, likes, page views, impressions, downloads…).',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'outcome'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({
    words: z.array(z.string().min(1)).default(WORDS).describe('Words and phrases that name vanity metrics.'),
  }),
  document(ctx, options) {
    const pattern = wordsPattern(options.words);
    if (!pattern) return;
    for (const { kr } of keyResults(ctx.document)) {
      const m = pattern.exec(kr.text);
      if (!m) continue;
      ctx.report({
        message: `Measures ${m[0].toLowerCase().replace(/\s+per$/, '')}, a vanity metric: measure what they should lead to (sign-ups, activation, retained users, revenue).`,
        range: kr.textRange,
      });
    }
  },
});
