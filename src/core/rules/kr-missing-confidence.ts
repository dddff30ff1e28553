import { z } from 'zod';
import { defineRule, keyResults } from './types';

/** Planning confidence tells reviewers how ambitious a KR is meant to be. */
export const krMissingConfidence = defineRule({
  id: 'kr-missing-confidence',
  description: 'Key result has no planning confidence, or one that is not a number on the configured scale.',
  defaultSeverity: 'info',
  tags: ['missing-field'],
  dimension: 'ambition',
  options: z.object({
    perDocument: z
      .boolean()
      .default(true)
      .describe('When no key result of a document states a confidence, report it once at the title instead of once per key result.'),
  }),
  document(ctx, options) {
    // Planning confidence belongs to a plan, not to a graded review or an archive.
    if (ctx.document.stance !== 'plan') return;
    const scale = ctx.config.confidenceScale === '1-5' ? 'from 1 to 5' : 'from 0 to 1';
    const all = [...keyResults(ctx.document)].map(({ kr }) => kr);
    const stated = all.filter((kr) => kr.confidence !== null && kr.confidence.text !== '');
    // A person's own OKRs rarely state confidence: only one stated and others missing are worth a word there.
    if (ctx.document.personal && stated.length === 0) return;
    if (options.perDocument && all.length > 1 && stated.length === 0) {
      ctx.report({
        message: `None of the ${all.length} key results states a confidence: add a Confidence column (${scale}, e.g. "0.6"; 0.5–0.7 is a healthy stretch) so readers know how ambitious each target is.`,
        range: ctx.document.titleRange ?? all[0]!.textRange,
      });
      return;
    }
    for (const kr of all) {
      const c = kr.confidence;
      if (c && c.value !== null) continue;
      if (c && c.text !== '' && !/^(?:tbd|tbc|n\/a|\?+|x+)$/i.test(c.text)) {
        ctx.report({
          message: `Confidence "${c.text}" is not a number ${scale}: write how likely the target is, e.g. "0.6".`,
          range: c.range,
        });
        continue;
      }
      if (c && c.text !== '') continue; // a placeholder: kr-placeholder reports it
      ctx.report({
        message: `No confidence: add how likely you think the target is, ${scale} (e.g. "0.6"; 0.5–0.7 is a healthy stretch).`,
        range: c?.range ?? kr.textRange,
      });
    }
  },
});
