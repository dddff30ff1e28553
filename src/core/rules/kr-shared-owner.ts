import { z } from 'zod';
import { defineRule, keyResults } from './types';
import { wordsPattern } from './words';

const WORDS = [
  'the team',
  'team',
  'everyone',
  'everybody',
  'all',
  'all of us',
  'we',
  'us',
  'squad',
  'department',
  'whole company',
  'leadership',
  'todos',
  'equipe',
];

/**
 * A team, department or group named as owner (`SRE Team`, `IT Department`, `Time de Infraestrutura`),
 * but not a person's role in one (`Mgr. of Data Team`, `Team Lead`).
 */
function isGroup(name: string): boolean {
  if (!/\b(?:team|teams|squad|department|departamento|dept|group|grupo|crew|guild|committee|council|working group|wg|equipe)\b|^time\s+d[eo]\b/i.test(name))
    return false;
  return !/\bof\b.*\b(?:team|group|department)\b/i.test(name) && !/\b(?:lead|manager|head|director|owner|coordinator|captain)s?$/i.test(name.trim());
}

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
  document(ctx, options) {
    const group = wordsPattern(options.words, true);
    for (const { kr } of keyResults(ctx.document)) {
      const owner = kr.owner;
      // An owner taken over from the objective or the document is judged there, once.
      if (!owner || owner.placeholder || owner.names.length === 0 || /^the (?:objective|document)'s owner$/.test(owner.via ?? '')) continue;
      const groupName = owner.names.find((n) => (group !== null && group.test(n.trim())) || isGroup(n));
      if (owner.names.length <= options.maxOwners && !groupName) continue;
      ctx.report({
        message: groupName
          ? `Owned by "${groupName}": name the one person accountable for it; the team still does the work.`
          : `${owner.names.length} owners (${owner.names.join(', ')}): pick the one person accountable; the others contribute.`,
        // On the owner when it is on the KR's line (a cell), else on the KR, which is where a reader looks.
        range: owner.range.start.line === kr.textRange.start.line ? owner.range : kr.textRange,
        related: owner.range.start.line === kr.textRange.start.line ? [] : [{ message: 'the owner', range: owner.range }],
      });
    }
  },
});
