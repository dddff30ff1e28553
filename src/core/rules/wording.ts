import type { KeyResult } from '../model/schema';
import { measures } from '../model/sentence';
import { memoize } from '../model/text';
import { isVerb, isVerbForm } from '../model/verbs';
import { isNumeric, statement } from './words';

/**
 * How a key result is worded, as a reviewer reads it:
 * - `measured`: it states a number to reach;
 * - `task`: a piece of work or a deliverable (`Implement X`, `An updated
 *   handbook page`, `Rendezvous Protocol is implemented`);
 * - `state`: something that will be so or not (`Ship X`, `Peerpad runs on
 *   Chrome`, `DHT has stream support`, `No PRs merged after the freeze`);
 * - `aim`: a direction without a measure (`Improve DHT scalability`);
 * - `unmeasured`: an intention no one could check (`Be responsive to our
 *   users`, `Users understand how it works`).
 * The task, binary, vague and missing-target rules each take their share, so
 * that one problem is named once.
 */
export type Wording = 'measured' | 'task' | 'state' | 'aim' | 'unmeasured';

/** The statement with what carries no wording: a `[Stretch]` or `(P2)` tag, a leading adverb. */
export const core = memoize((text: string): string => {
  return statement(text)
    .replace(/^(?:\[[^\]]{1,16}\]|\((?:stretch|bonus|optional|p\d)\)|stretch\s*:|bonus\s*:)\s*/i, '')
    .replace(/^(?:successfully|formally|fully|really|also|then|finally)\s+/i, '')
    .trim();
}, 4096);

/** Verbs that start a direction rather than a destination (the vague rule's words, as verbs). */
const AIM_VERBS =
  /^(?:improve[ds]?|improving|increase[ds]?|increasing|enhance[ds]?|optimi[sz]e[ds]?|reduce[ds]?|decrease[ds]?|grow|grows|boost|maximi[sz]e|minimi[sz]e|strengthen|raise|lower|accelerate|streamline|lift|deepen|broaden|mature|drive|better|revamp(?:ed)?|more|fewer|less|higher|faster|greater)\b(?!-)/i;

/** Words that make a sentence impossible to check as written. */
const UNMEASURABLE =
  /\b(?:easily|easier|consistently|regularly|properly|correctly|well|sound|smoothly|seamlessly|as \w+ as possible|no longer|don'?t|doesn'?t|do not|does not|won'?t|never|rely)\b|^(?:be|stay|remain|keep|hold|continue to|ensure|make sure|have a (?:quick|good|great|clear))\b|^(?:hold|keep) the line\b|^%/i;

/** Verbs of knowing and feeling: `Users understand…`, `User can recognize…`. */
const COGNITIVE =
  /\b(?:understand|understands|recogni[sz]e|recogni[sz]es|know|knows|feel|feels|believe|believes|trust|trusts|perceive|perceives|appreciate|appreciates|love|loves|enjoy|enjoys|care|cares)\b/i;

/** Ship-like verbs: what they start is done or not done. */
const SHIP =
  /^(?:ship|release|deploy|go live|go-live|roll out|turn on|switch on|enable|enabling|ga|sunset|decommission|expose|get consensus|reach consensus|sign|approve)\b/i;

/** Participles and adjectives of something finished or available: `is enabled by default`, `are listed`. */
const DONE_STATE =
  /\b(?:is|are|was|were|be|been|gets?|got|becomes?)\s+(?:now\s+)?(?:fully\s+|all\s+|automatically\s+)?(?:shipped|launched|released|deployed|enabled|disabled|live|published|available|supported|listed|scheduled|announced|approved|adopted|used|private|public|secure|stable|greeted|merged|removed|turned off|in place|on by default|the default|default|interoperable|compatible|ready|operational|integrated|a transport|one of|part of|in production)\b/i;

/** Passive forms of building something: `is implemented`, `are created`, `is written`. */
const BUILT =
  /\b(?:is|are|was|were|be|been|gets?|got)\s+(?:now\s+)?(?:fully\s+)?(?:implemented|created|written|documented|audited|refactored|established|designed|built|completed|finished|detailed|defined|solidified|presented|drafted|prepared|set up|migrated|ported|tested|reviewed|specified|specd|spec'd)\b/i;

/** A trailing participle: `Key internal controls documented in handbook`, `sync-scroll fully implemented`. */
const TRAILING_DONE =
  /\b(?:fully\s+)?(?:implemented|created|written|documented|completed|finished|published|launched|shipped|released|enabled|done|deployed|approved|merged|specd|spec'd|carved out|in place|tested|optimized|optimised)\b(?:\s+(?:on|in|to|by|for|across|within|behind|at)\b.*)?$/i;

/** Words that show a sentence has a finite verb (a state), rather than naming a thing. */
const AUXILIARY = /\b(?:is|are|was|were|be|been|has|have|had|can|could|will|would|should|must|may|might|does|do|did|gets?|got)\b/i;

/** A number that sizes something to build (`a dataset with at least 5,000 places`, `a benchmark of ≥50 places`). */
const SIZED_DELIVERABLE =
  /\b(?:dataset|data set|database|report|list|library|collection|catalog(?:ue)?|suite|corpus|benchmark|repository|backlog|pipeline|sample|prototype|tool|dashboard)\b[^.;]{0,40}?\b(?:with|of|containing|covering)\s+(?:at least|over|more than|≥|>=|>|~)?\s*\d/i;

/** A counting quantifier where a number would stand: `all bugs`, `every PR`. */
const ALL = /\b(?:all|every|each|any)\b/i;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
}

/**
 * The verb of a sentence after its first word: `s` for a present tense (`Peerpad runs on Chrome`,
 * `DHT has stream support`), `ed` for a participle without an auxiliary (`Recruiting processes
 * communicated across GitLab`), null when there is none (a name for a thing).
 */
function finiteVerb(text: string): 's' | 'ed' | null {
  if (AUXILIARY.test(text)) return 's';
  const ws = words(text);
  for (let i = 1; i < ws.length - 1; i++) {
    const w = ws[i]!.replace(/[^\p{L}]+$/u, '');
    if (!/^\p{Ll}/u.test(w) || /ss$/.test(w) || isVerb(w) || !isVerbForm(w)) continue;
    if (/s$/.test(w)) return 's';
    if (/ed$/.test(w)) return 'ed';
  }
  const last = ws[ws.length - 1]?.replace(/[^\p{L}]+$/u, '') ?? '';
  return ws.length > 1 && /ed$/.test(last) && isVerbForm(last) && !isVerb(last) ? 'ed' : null;
}

/**
 * The first words when the statement starts with an imperative verb
 * (`Implement`, `Define and document`, `Spec and land`), else null.
 */
export function leadingVerb(text: string): string | null {
  return leadingVerbOf(text);
}

const leadingVerbOf = memoize((text: string): string | null => {
  const m = /^(\p{L}[\p{L}-]*)(?:\s+(?:and|&|\/)\s+(\p{L}[\p{L}-]*))?/u.exec(core(text));
  if (!m) return null;
  const first = m[1]!.toLowerCase();
  if (
    !isVerb(first) &&
    !/^(?:de-?flake|unprefix|impl|spec|cleanup|clean|reboot|elevate|resample|operationali[sz]e|instrument|gain|triage|land|settle|resume|fire|file|avoid|stop|allow|show|share|measure|automate|store|report)$/.test(
      first,
    )
  )
    return null;
  return m[2] && (isVerb(m[2]) || /^(?:land|spec|ship)$/i.test(m[2])) ? `${m[1]} and ${m[2]}` : m[1]!;
});

/** True when the statement has a number that measures something (not a date, version, id or name). */
export function hasMeasure(kr: KeyResult): boolean {
  if (isNumeric(kr.target) || isNumeric(kr.current) || isNumeric(kr.baseline)) return true;
  return measures(core(kr.text)).length > 0;
}

/** True when the KR's own sentence states a number that measures something (whatever its table cells hold). */
export function statesMeasure(kr: KeyResult): boolean {
  return measures(core(kr.text)).length > 0;
}

/** The count right after the opening verb(s) (`Publish 5 posts`, `Define and document at least 5 attributes`), or null. */
export function countAfterVerb(kr: KeyResult): number | null {
  const verb = leadingVerb(kr.text);
  if (!verb) return null;
  const rest = core(kr.text).slice(verb.length);
  const m =
    /^\s+(?:(?:at least|over|more than|≥|>=|>)\s*)?(?:the\s+(?:top|first)\s+)?(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|a single)\b/i.exec(
      rest,
    );
  if (!m) return null;
  const n = /^\d/.test(m[1]!)
    ? Number(m[1]!.replace(/,/g, ''))
    : ({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, 'a single': 1 } as Record<string, number>)[
        m[1]!.toLowerCase()
      ]!;
  return n;
}

/** How a KR is worded (see `Wording`). Four rules ask about each KR of an analysis; it is worked out once. */
export function wordingOf(kr: KeyResult): Wording {
  let wording = wordings.get(kr);
  if (wording === undefined) {
    wording = classify(kr);
    wordings.set(kr, wording);
  }
  return wording;
}

const wordings = new WeakMap<KeyResult, Wording>();

function classify(kr: KeyResult): Wording {
  const text = core(kr.text);
  if (text === '') return 'unmeasured';
  const measured = hasMeasure(kr);
  const verb = leadingVerb(kr.text);
  if (measured) {
    // `Create a dataset of at least 5,000 places`, `Export at least one file`: the number sizes a deliverable.
    if (verb && !AIM_VERBS.test(text) && !SHIP.test(text) && !UNMEASURABLE.test(text)) {
      const count = countAfterVerb(kr);
      if (count === 1) return 'task';
      if (count === null && SIZED_DELIVERABLE.test(text)) return 'task';
    }
    return 'measured';
  }
  if (AIM_VERBS.test(text)) return 'aim';
  if (COGNITIVE.test(text) || UNMEASURABLE.test(text)) return 'unmeasured';
  if (SHIP.test(text)) return 'state';
  if (verb) return 'task';
  if (/^no\s+\p{L}/iu.test(text)) return 'state';
  if (BUILT.test(text)) return 'task';
  if (DONE_STATE.test(text)) return 'state';
  // `Defined key business metrics…`, `Documented handbook pages…`: work reported done.
  const first = /^(\p{L}+)/u.exec(text)?.[1] ?? '';
  if (/ed$/i.test(first) && isVerbForm(first)) return 'task';
  const finite = finiteVerb(text);
  if (finite === 's') return ALL.test(text) && !/\b(?:has|have)\b/i.test(text) ? 'unmeasured' : 'state';
  if (finite === 'ed' || TRAILING_DONE.test(text)) return 'task';
  // No verb at all: it names a thing to build (`Worker input event routing`, `POC of WebBluetooth`).
  return 'task';
}
