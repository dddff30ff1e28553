import { keyResults, krName, type Rule } from './types';

/** Planning confidence tells reviewers how ambitious a KR is meant to be. */
export const krMissingConfidence: Rule = {
  id: 'kr-missing-confidence',
  description: 'Key result has no planning confidence, or one that is not a number on the configured scale.',
  defaultSeverity: 'info',
  tags: ['missing-field'],
  check(ctx) {
    const scale = ctx.config.confidenceScale === '1-5' ? 'from 1 to 5' : 'from 0 to 1';
    for (const { kr } of keyResults(ctx.document)) {
      const c = kr.confidence;
      if (c && c.value !== null) continue;
      if (c && c.text !== '' && !/^(?:tbd|tbc|n\/a|\?+|x+)$/i.test(c.text)) {
        ctx.report({
          message: `Confidence "${c.text}" of key result ${krName(kr)} is not a number ${scale}: write how likely the target is, e.g. "0.6".`,
          range: c.range,
        });
        continue;
      }
      if (c && c.text !== '') continue; // a placeholder: kr-placeholder reports it
      ctx.report({
        message: `Key result ${krName(kr)} has no confidence: add how likely you think the target is, ${scale} (e.g. "0.6"; 0.5–0.7 is a healthy stretch).`,
        range: c?.range ?? kr.textRange,
      });
    }
  },
};
