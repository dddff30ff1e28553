import { z } from 'zod';
import type { Quarter } from '../model/schema';
import { defineRule } from './types';

/** A date inside the quarter to show in an example: the 15th of its second month; null without the quarter's dates. */
export function dateInQuarter(quarter: Quarter | null): string | null {
  if (!quarter?.start) return null;
  const start = new Date(`${quarter.start}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) return null;
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 15)).toISOString().slice(0, 10);
}

/** A dependency with no date cannot be planned by the team that owes it. */
export const dependencyWithoutDate = defineRule({
  id: 'dependency-without-date',
  description: 'Dependency on another team does not say by when it is needed.',
  defaultSeverity: 'warning',
  tags: ['structure', 'dependencies'],
  dimension: 'independence',
  options: z.object({}),
  document(ctx) {
    const date = dateInQuarter(ctx.document.quarter);
    for (const dep of ctx.document.dependencies?.items ?? []) {
      if (dep.by !== null || /\b(?:by|until|before|due)\b.*\d|\b\d{4}-\d{2}-\d{2}\b|\b(?:week|sprint|Q[1-4])\s*\d/i.test(dep.text)) continue;
      const text = dep.text.trim().replace(/[.;,]$/, '');
      const example = date === null ? '' : text.length <= 60 ? `, e.g. "${text} by ${date}"` : `, e.g. end it with "by ${date}"`;
      ctx.report({
        message: `No date: say by when you need it${example}, so ${dep.team ?? 'the other team'} can plan it.`,
        range: dep.range,
      });
    }
  },
});
