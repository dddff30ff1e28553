import { z } from 'zod';
import { defineRule } from './types';

/** Focus means saying no; the NOT-doing list makes the trade-offs visible. */
export const docMissingNotDoing = defineRule({
  id: 'doc-missing-not-doing',
  description: 'OKR document does not say what the team is NOT doing this quarter.',
  defaultSeverity: 'info',
  tags: ['structure', 'focus'],
  dimension: null,
  options: z.object({}),
  document(ctx) {
    const doc = ctx.document;
    // A team plan's section: a retrospective, an archive, a graded review or a person's own OKRs have no use for it.
    if (doc.kind !== 'okr' || doc.stance !== 'plan' || doc.personal || doc.objectives.length === 0) return;
    // A NOT-doing heading with nothing under it but an empty bullet (as the template and the quick fix leave it) is still missing.
    if (doc.notDoing?.empty) {
      ctx.report({
        message: `Empty NOT-doing list: list the work you decided to drop this quarter under it.`,
        range: doc.notDoing.range,
      });
      return;
    }
    if (doc.notDoing !== null) return;
    ctx.report({
      message: `No NOT-doing list: add "## What we're NOT doing this quarter" with the work you decided to drop.`,
      range: doc.titleRange ?? doc.objectives[0]!.titleRange,
    });
  },
});
