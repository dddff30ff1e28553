import { z } from 'zod';
import { baseWords, clip } from '../workspace/names';
import * as posix from '../workspace/posix';
import { defineRule } from './types';

/**
 * What the objective supports, in words: nothing, or only the document-level line (`Annual goal this
 * supports: AG-2026-01`), which names an annual goal outside the workspace's OKR documents rather than
 * an objective of them.
 */
function inherited(refs: readonly { text: string }[]): string {
  if (refs.length === 0) return 'Supports nothing while the workspace has a company document';
  const names = refs
    .map((r) => r.text)
    .slice(0, 3)
    .join(', ');
  return `Supports no objective of the workspace (the document's alignment line names ${names}, which no OKR document here defines)`;
}

/** See docs/rules/alignment-orphan.md. */
export const alignmentOrphan = defineRule({
  id: 'alignment-orphan',
  description: 'A team or individual objective supports nothing while the workspace has a company document.',
  defaultSeverity: 'warning',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  options: z.object({}),
  workspace({ facts, report }) {
    const companies = facts.companies;
    if (companies.length === 0) return;
    const example = companies.flatMap((c) => c.objectives.map((o) => ({ c, o })))[0];
    for (const { doc, objective, company, supports } of facts.objectives) {
      // A written Supports line that leads nowhere is alignment-broken-link's.
      if (company || objective.hasAlignment || supports > 0) continue;
      report(doc.key, {
        message: `${inherited(doc.refs)}: add a line under it such as \`Supports: ${example ? (example.o.id ?? `[${clip(example.o.title, 40)}](${posix.relative(posix.dirname(doc.key), example.c.key)}#${example.o.slug ?? ''})`) : 'CO-1'}\`.`,
        range: objective.titleRange,
        related: companies.slice(0, 3).map((c) => ({
          message: `company document: ${c.title ?? baseWords(c.key)}`,
          path: c.key,
          range: c.titleRange ?? c.headings[0]?.range ?? objective.titleRange,
        })),
      });
    }
  },
});
