import { z } from 'zod';
import { defineRule, keyResults, krName } from './types';
import { wordsPattern } from './words';

const WORDS = ['the team', 'team', 'everyone', 'everybody', 'all', 'all of us', 'we', 'us', 'squad', 'department', 'whole company', 'leadership', 'todos', 'equipe'];

/** When everyone owns a KR, no one does. */
export const krSharedOwner = defineRule({
  id: 'kr-shared-owner',
  description: 'Key result is owned by a group ("the team", "everyone") or by several people.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'ownership'],
  dimension: 'ownership',
  granularity: 'objective',
  options: z.object({
    words: z.array(z.string().min(1)).default(WORDS).describe('Owner words that name a group rather than a person.'),
    maxOwners: z.number().int().min(1).default(1).describe('How many people may own one KR.'),
  }),
  check(ctx, options) {
    const group = wordsPattern(options.words, true);
    for (const { kr } of keyResults(ctx.document)) {
      const owner = kr.owner;
      if (!owner || owner.placeholder || owner.names.length === 0) continue;
      const groupName = owner.names.find((n) => (group !== null && group.test(n.trim())) || /\b(?:team|squad|department)\b/i.test(n));
      if (owner.names.length <= options.maxOwners && !groupName) continue;
      ctx.report({
        message: groupName
          ? `Key result ${krName(kr)} is owned by "${groupName}": name the one person accountable for it; the team still does the work.`
          : `Key result ${krName(kr)} has ${owner.names.length} owners (${owner.names.join(', ')}): pick the one person accountable; the others contribute.`,
        range: owner.range,
      });
    }
  },
});
