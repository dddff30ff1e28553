import { z } from 'zod';
import { defineRule } from './types';

/** Without context a reader cannot judge whether the objectives are the right ones. */
export const docMissingContext = defineRule({
  id: 'doc-missing-context',
  description: 'OKR document has no Context section (the annual goal it supports, key assumptions, the biggest risk).',
  defaultSeverity: 'info',
  tags: ['structure'],
  dimension: null,
  options: z.object({}),
  document(ctx) {
    const doc = ctx.document;
    // A team plan's section: a retrospective, an archive, a graded review or a person's own OKRs have no use for it.
    if (doc.kind !== 'okr' || doc.stance !== 'plan' || doc.personal || doc.objectives.length === 0) return;
    // A Context heading with nothing written under it (as the template and the quick fix leave it) is still missing.
    if (doc.context?.empty && !doc.alignments.some((a) => a.refs.length > 0)) {
      ctx.report({
        message: 'Empty Context section: write the annual goal it supports, the key assumption and the biggest risk under it.',
        range: doc.context.range,
      });
      return;
    }
    if (doc.context !== null || doc.alignments.length > 0) return;
    ctx.report({
      message: 'No Context section: add "## Context" with the annual goal it supports, the key assumption and the biggest risk.',
      range: doc.titleRange ?? doc.objectives[0]!.titleRange,
    });
  },
});
