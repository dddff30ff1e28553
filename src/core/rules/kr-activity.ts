import { z } from 'zod';
import { defineRule, keyResults } from './types';
import { core } from './wording';
import { startsWithAny } from './words';

const VERBS = [
  'send',
  'make',
  'hold',
  'run',
  'conduct',
  'attend',
  'publish',
  'write',
  'post',
  'host',
  'do',
  'perform',
  'give',
  'organise',
  'organize',
  'complete',
  'deliver',
  'create',
  'produce',
  'contact',
  'email',
  'call',
  'cold-call',
  'visit',
  'schedule',
  'present',
  'build',
  'launch',
  'ship',
  'release',
  'implement',
  'develop',
  'design',
  'interview',
  'train',
  'reach out to',
  'spend',
  'record',
  'submit',
  'attend',
  'participate in',
  'close out',
  'fix',
  'resolve',
  'answer',
  'land',
  'close',
  'file',
  'identify',
  'benchmark',
  'feature',
  'amplify',
  'speak',
  'post',
  'tweet',
  'ship',
  'merge',
  'review',
];

/** Things people make or do, counted: `5 blog posts`, `3 webinars`, `10 bugs`, `four times`. */
const NOUNS = String.raw`(?:blog posts?|posts?|articles?|talks?|webinars?|workshops?|meetups?|events?|videos?|tweets?|sessions?|demos?|interviews?|calls?|emails?|e-mails?|meetings?|reviews?|campaigns?|bugs?|issues?|tickets?|PRs?|pull requests?|CLs?|commits?|features?|alerts?|tutorials?|guides?|documents?|assets?|case stud(?:y|ies)|deep dives?|AMAs?|trainings?|courses?|experiments?|times)`;
const OUTPUT = new RegExp(String.raw`^(?:(?!(?:for|of|in|with|to|on|at|by|from|and|or|a|an|the|per|each)\b)[\p{L}-]+\s+){0,2}?${NOUNS}\b`, 'iu');
/** Whether any of those things is named: most KRs are passed by on that alone. */
const NAMES_OUTPUT = new RegExp(String.raw`\b${NOUNS}\b`, 'i');
const COUNT_WORD = '(?:\\d[\\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|a dozen)';

const COUNTED = new RegExp(`(?<![\\p{L}\\d.,/#-])(?:at least |over |more than )?${COUNT_WORD}(?![\\d.,%])\\s+`, 'giu');
/** What follows the verb when it counts: `Send 500 …`, `Create and publish 5 …`, `Ship at least four …`. */
const COUNT_AFTER_VERB = new RegExp(`^(?:\\s+and\\s+[\\p{L}-]+)?\\s+(?:at least|over|more than|≥|>=|\\+)?\\s*${COUNT_WORD}(?!\\s*%|[\\d.,])`, 'iu');

/**
 * `4 blog posts`, `deliver it at least four times`, `at least once`: output counted, when the KR is not a change in a
 * rate or level (no aim verb, no percentage, no baseline and target) nor something won (`Book 30 discovery calls`).
 */
function countedOutput(text: string): string | null {
  // Changes in a level, and things others do (`Get 75 posts on the forum`), are no output of the team's.
  if (
    /^(?:improve|increase|reduce|decrease|grow|raise|lower|cut|lift|boost|keep|maintain|get|have|having|reach|receive|attract|gain|earn|see|achieve|hit|book|win|sign|secure|convert|retain|acquire)\b/i.test(
      text,
    ) ||
    /%|→|->|\bfrom\s+\d/.test(text)
  )
    return null;
  if (/\bat least once\b|\b(?:once|twice)\s+(?:a|per|every)\b/i.test(text)) return /\bat least once\b|\b(?:once|twice)\b/i.exec(text)![0];
  if (!NAMES_OUTPUT.test(text)) return null;
  for (const m of text.matchAll(COUNTED)) {
    const after = text.slice(m.index + m[0].length);
    if (/^(?:at least |over |more than )?(?:1|one)\s/i.test(m[0])) continue;
    const noun = OUTPUT.exec(after);
    if (noun) return `${m[0]}${noun[0]}`.trim();
  }
  return null;
}

/** Counting effort rewards being busy, not being effective. */
export const krActivity = defineRule({
  id: 'kr-activity',
  description: 'Key result counts effort or output ("Send 500 outreach emails") instead of the result it should bring.',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'outcome'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({
    verbs: z.array(z.string().min(1)).default(VERBS).describe('Verbs that, followed by a number, count effort or output.'),
  }),
  document(ctx, options) {
    for (const { kr } of keyResults(ctx.document)) {
      const text = core(kr.text).replace(/^[^:]{1,30}:\s+(?=\p{Ll})/u, '');
      const verb = startsWithAny(text, options.verbs);
      // Things counted (`4 blog posts`, `deliver it at least four times`), whatever the verb.
      const output = countedOutput(text);
      if (!verb && !output) continue;
      // The count follows the verb ("Send 500 emails", "Create and publish 5 guides"), or, with no number in
      // the text, sits in the Target cell as a plain count ("Send outreach emails | 0 | 500").
      const rest = verb ? text.slice(verb.length) : '';
      const t = kr.target?.quantity;
      // A count right after the verb; a percentage there is a rate of something, not a count of effort.
      const countAfterVerb = verb !== null && COUNT_AFTER_VERB.test(rest);
      const countInTarget = verb !== null && !/\d/.test(kr.text) && t?.kind === 'number' && !t.comparator && (t.unit === null || t.unit.dimension === 'count');
      if (!countAfterVerb && !countInTarget && !output) continue;
      ctx.report({
        message: `Counts activity ("${verb ? `${verb} …` : output}"): measure the result the activity should bring, e.g. "Book 30 discovery calls from outbound" instead of "Send 500 outreach emails".`,
        range: kr.textRange,
      });
    }
  },
});
