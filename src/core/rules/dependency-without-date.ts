import { z } from 'zod';
import { clip, defineRule } from './types';

/** A dependency with no date cannot be planned by the team that owes it. */
export const dependencyWithoutDate = defineRule({
  id: 'dependency-without-date',
  description: 'Dependency on another team does not say by when it is needed.',
  defaultSeverity: 'warning',
  tags: ['structure', 'dependencies'],
  dimension: 'independence',
  options: z.object({}),
  check(ctx) {
    for (const dep of ctx.document.dependencies?.items ?? []) {
      if (dep.by !== null || /\b(?:by|until|before|due)\b.*\d|\b\d{4}-\d{2}-\d{2}\b|\b(?:week|sprint|Q[1-4])\s*\d/i.test(dep.text)) continue;
      ctx.report({
        message: `Dependency "${clip(dep.text)}" has no date: write when you need it, e.g. "Need from ${dep.team ?? 'Platform'}: SSO integration by 2026-02-15".`,
        range: dep.range,
      });
    }
  },
});
