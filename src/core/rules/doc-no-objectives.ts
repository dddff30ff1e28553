import { z } from 'zod';
import { defineRule } from './types';

/** Where the layouts OKR Lens reads are described. */
export const FORMATS_URL = 'https://github.com/okr-lens/okr-lens/blob/main/docs/formats/README.md';

/**
 * An OKR document where no objective could be read: say so, and what was
 * looked for, rather than stay silent as if all were well.
 */
export const docNoObjectives = defineRule({
  id: 'doc-no-objectives',
  description: 'OKR document in which no objective could be read.',
  defaultSeverity: 'warning',
  tags: ['structure'],
  dimension: null,
  options: z.object({}),
  document(ctx) {
    const doc = ctx.document;
    if (doc.kind !== 'okr' || doc.objectives.length > 0) return;
    const first = doc.titleRange ?? { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    ctx.report({
      message: `No objective found, so nothing here was checked or scored: write objective headings ("## Objective 1: …", or a heading with key results under it) with a KR table or list; OKR Lens also reads bold objective lines, objective list items and KR lists under a "Key results" label (every layout: ${FORMATS_URL}).`,
      range: first,
    });
  },
});
