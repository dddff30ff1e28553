import { parseConfidence, type ConfidenceScale } from './fields';
import { parseQuantity, type Quantity } from './quantity';
import { isVerbForm } from './verbs';

/** A piece of a KR sentence and where it sits in that sentence. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/** What a KR sentence says besides its statement. */
export interface SentenceParts {
  id: Span | null;
  /** The statement with the label, priority and owner/confidence suffix removed. */
  statement: Span;
  baseline: Span | null;
  target: Span | null;
  current: Span | null;
  owner: Span | null;
  confidence: (Span & { value: number }) | null;
  due: Span | null;
  /** A grade stated with the KR (`(score 0.7)`, `=> 70%` where that is no value of its metric). */
  score: Span | null;
}

const KR_LABEL =
  /^(?:KR|Key[ \t]*Result|Resultado[- ]chave|Resultado[ \t]+clave|Schl[üu]sselergebnis|R[ée]sultat[ \t]+cl[ée]|Risultato[ \t]+chiave|关键结果|關鍵結果)[ \t]*#?[ \t]*(?:(\d+(?:\.\d+)*)|[-–]?[ \t]*(\d+))?[ \t]*(?:[:.)\-—–：][ \t]*|$)/i;
/** What may stand before a KR label: emoji and marks, then a role or code (`CEO KR:`, `BPS KR 1.1:`, `Team KR 2:`). */
const KR_PREFIX = /^(?:[^\p{L}\p{N}\s[(]+\s*)?(?:(?:[A-Z][A-Z0-9&]{1,11}|Team|Company|Individual|Personal|Stretch|Bonus)[ \t]+(?=KR|Key[ \t]*Result))?/u;
/** A priority before the statement: `p0 - `, `[P1] `, `(P2) `. */
const PRIORITY = /^(?:p[0-9x][ \t]*[-–—:][ \t]*|[[(]p[0-9x][\])][ \t]*)/i;
/** A priority after it: ` [p1]`, ` (P2)`. */
const TRAILING_PRIORITY = /\s*[[(]p[0-9x][\])]\s*$/i;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DUE = new RegExp(
  `\\b(?:by|before|until|due)\\s+((?:\\d{4}-\\d{2}-\\d{2})|(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s*\\d{4})?)|(?:\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?)|(?:end of (?:q[1-4]|the quarter|(?:the )?week \\d+|${MONTH}))|(?:week \\d+)|(?:q[1-4](?:\\s+\\d{4})?))`,
  'i',
);
const CHANGE_VERB =
  /\b(?:increase|grow|raise|lift|boost|improve|expand|double|reduce|cut|decrease|lower|drop|shrink|bring|get|move|push|aumentar|reduzir|crescer)\b/i;
const DOWN_VERB = /\b(?:reduce|cut|decrease|lower|drop|shrink|reduzir|diminuir)\b/i;

/** Reads the id label of a KR: `KR1:`, `Key Result 2:`, `KR 1.2 —`, `KR-3`. */
export function readKrLabel(text: string): { id: string | null; length: number; role: Span | null } | null {
  const prefix = KR_PREFIX.exec(text);
  const lead = prefix?.[0].length ?? 0;
  const m = KR_LABEL.exec(lead > 0 ? text.slice(lead) : text);
  if (!m) return null;
  const rest = text.slice(lead + m[0].length);
  // `KR` alone must be followed by a separator (`KR: …`), not by a word (`KRs are…`).
  if (!m[1] && !m[2] && !/[:.)\-—–：]\s*$/.test(m[0]) && rest !== '') return null;
  const num = m[1] ?? m[2];
  // `CEO KR:`: the role that owns the KR.
  const role = prefix && /^(?:[^\p{L}\p{N}]*\s*)?([A-Z]{2,5})\s+$/u.exec(prefix[0]);
  const roleSpan = role ? { text: role[1]!, start: prefix![0].indexOf(role[1]!), end: prefix![0].indexOf(role[1]!) + role[1]!.length } : null;
  return { id: num ? `KR${num}` : null, length: lead + m[0].length, role: roleSpan };
}

/** The values a sentence may give; a KR table row only needs those its columns lack. */
export type SentenceValue = 'baseline' | 'target' | 'current' | 'owner' | 'confidence' | 'due' | 'score';

const ALL_VALUES: ReadonlySet<SentenceValue> = new Set(['baseline', 'target', 'current', 'owner', 'confidence', 'due', 'score']);

/** `Target: 375000`, `current 45%`, `score: 0.7`: a value named inside or after the KR's sentence. */
const NAMED_VALUE =
  /^(target|goal|meta|baseline|start|from|current|actual|now|latest|result|end of quarter|end-of-quarter|eoq|score|grade)\s*(?:[:=]|\bis\b|\bwas\b)?\s*(.+)$/i;
const NAMED_KIND: Record<string, 'target' | 'baseline' | 'current' | 'score'> = {
  target: 'target',
  goal: 'target',
  meta: 'target',
  baseline: 'baseline',
  start: 'baseline',
  from: 'baseline',
  current: 'current',
  actual: 'current',
  now: 'current',
  latest: 'current',
  result: 'current',
  'end of quarter': 'current',
  'end-of-quarter': 'current',
  eoq: 'current',
  score: 'score',
  grade: 'score',
};

/** Reads a KR written as a sentence: `Lift activation from 41% to 55% by Mar 31 (@maria, 0.6)`. */
export function readSentence(full: string, scale: ConfidenceScale, wanted: ReadonlySet<SentenceValue> = ALL_VALUES): SentenceParts {
  let start = 0;
  let end = full.length;
  let id: Span | null = null;
  const label = readKrLabel(full);
  let roleOwner: Span | null = null;
  if (label) {
    if (label.id) id = { text: label.id, start: 0, end: label.length };
    start = label.length;
    roleOwner = label.role;
  }
  const prio = PRIORITY.exec(full.slice(start));
  if (prio) start += prio[0].length;
  // `@??? - statement` (an owner before the statement).
  const lead = /^@(\S+)\s*[-–—]\s*/.exec(full.slice(start));
  let owner: Span | null = null;
  if (lead) {
    owner = { text: `@${lead[1]}`, start, end: start + 1 + lead[1]!.length };
    start += lead[0].length;
  }
  let confidence: (Span & { value: number }) | null = null;
  let current: Span | null = null;
  let baseline: Span | null = null;
  let namedTarget: Span | null = null;
  let score: Span | null = null;

  // `… => 6.2%`: the result written after the KR (and after its owner: `(@maria) => 0.7`).
  let result: Span | null = null;
  const arrowAt = full.slice(start, end).lastIndexOf('=>');
  if (arrowAt > 0 && (wanted.has('current') || wanted.has('score'))) {
    const raw = full.slice(start + arrowAt + 2, end);
    const value = /^\s*\(?\s*([<>≤≥~]?\s*[$€£]?\d[\d.,]*\s*(?:%|[kKMB]\b|x\b|\s?\p{L}+)?)/u.exec(raw);
    if (value) {
      const v = value[1]!.trim();
      const vStart = start + arrowAt + 2 + raw.indexOf(v);
      result = { text: v, start: vStart, end: vStart + v.length };
      end = start + arrowAt;
    }
  }
  // A trailing parenthetical with owner and confidence: `(@maria, 0.6)`, `(Owner: Priya, confidence 0.7)`; two in a row (`(@sam) (score 0.4)`).
  for (let group = 0; group < 2; group++) {
    const paren = wanted.size > 0 && /\)\s*\.?\s*$/.test(full.slice(start, end)) ? /\(([^()]*)\)\s*\.?\s*$/.exec(full.slice(start, end)) : null;
    if (!paren) break;
    const pStart = start + paren.index + 1;
    const parts = splitWithIndex(paren[1]!, /\s*[,;]\s*/);
    let used = false;
    for (const part of parts) {
      const at = pStart + part.index;
      const o = /^(?:owner\s*:\s*|@)(.+)$/i.exec(part.text);
      const c = /^(?:conf(?:idence)?\s*[:=]?\s*)?(\d*[.,]?\d+%?)(?:\s*conf(?:idence)?)?$/i.exec(part.text);
      const now = /^(?:now|current(?:ly)?\s*(?:is|:)?)\s+(.+)$/i.exec(part.text);
      const named = NAMED_VALUE.exec(part.text);
      const namedKind = named && /[\d]|tbd|x%/i.test(named[2]!) ? NAMED_KIND[named[1]!.toLowerCase()] : undefined;
      if (o && !owner) {
        const nameStart = at + part.text.length - o[1]!.length - (part.text.startsWith('@') ? 1 : 0);
        owner = { text: part.text.startsWith('@') ? part.text : o[1]!.trim(), start: nameStart, end: at + part.text.length };
        used = true;
      } else if (c && !confidence && (/conf/i.test(part.text) || !/%$/.test(c[1]!) || parts.some((p) => /^(?:owner\s*:|@)/i.test(p.text)))) {
        // A bare percentage in brackets (`(100%)`, `(2x)`) is a note, not a confidence, unless an owner stands beside it.
        const value = parseConfidence(c[1]!, scale);
        if (value !== null) {
          confidence = { text: c[1]!, start: at + part.text.indexOf(c[1]!), end: at + part.text.indexOf(c[1]!) + c[1]!.length, value };
          used = true;
        }
      } else if (now && !/[:=]/.test(part.text.slice(0, part.text.length - now[1]!.length))) {
        // `(current is 125k)` in a plan is where the metric stands as the quarter starts; `(now 38%)` a check-in.
        const span = { text: now[1]!, start: at + part.text.length - now[1]!.length, end: at + part.text.length };
        if (/^now/i.test(part.text)) current ??= span;
        else baseline ??= span;
        used = true;
      } else if (named && namedKind) {
        // `(target: 375000.0)`, `(Current: 45%)`, `(score 0.7)`
        const span = { text: named[2]!.trim(), start: at + part.text.length - named[2]!.length, end: at + part.text.length };
        if (namedKind === 'target') namedTarget ??= span;
        else if (namedKind === 'baseline') baseline ??= span;
        else if (namedKind === 'current') current ??= span;
        else score ??= span;
        used = true;
      }
    }
    if (!used) break;
    end = start + paren.index;
  }
  // A trailing ` - @owner` or `[@owner](…)` flattened to ` @owner`.
  if (!owner && wanted.has('owner')) {
    const tail = /(?:\s[-–—]\s*|\s)@([\w.-]+)\s*$/.exec(full.slice(start, end));
    if (tail) {
      owner = { text: `@${tail[1]}`, start: start + tail.index + tail[0].indexOf('@'), end: start + tail.index + tail[0].trimEnd().length };
      end = start + tail.index;
    }
  }
  if (!owner && roleOwner && wanted.has('owner')) owner = roleOwner;
  if (!owner && wanted.has('owner')) {
    const inline = /\bowner\s*:\s*([^,;()]+)/i.exec(full.slice(start, end));
    if (inline)
      owner = { text: inline[1]!.trim(), start: start + inline.index + inline[0].length - inline[1]!.length, end: start + inline.index + inline[0].length };
  }
  const trailingPriority = TRAILING_PRIORITY.exec(full.slice(start, end));
  if (trailingPriority) end = start + trailingPriority.index;
  // `…, Target: 375000`, `. Current: 45%` after the statement.
  const named = /(?:^|[\s.;,(])(target|goal|baseline|current|actual|score|grade)\s*[:=]\s*([<>≤≥~]?\s*[$€£]?\d[^,;()]*)/i.exec(full.slice(start, end));
  if (named && named.index > 0 && (wanted.has('target') || wanted.has('current'))) {
    const kind = NAMED_KIND[named[1]!.toLowerCase()]!;
    const vStart = start + named.index + named[0].lastIndexOf(named[2]!);
    const span = { text: named[2]!.trim(), start: vStart, end: vStart + named[2]!.trim().length };
    if (kind === 'target') namedTarget ??= span;
    else if (kind === 'baseline') baseline ??= span;
    else if (kind === 'current') current ??= span;
    else score ??= span;
    end = start + named.index;
  }
  while (end > start && /[\s.;,]/.test(full[end - 1]!)) end--;
  const statement: Span = { text: full.slice(start, end), start, end };

  const s = statement.text;
  let target: Span | null = namedTarget;
  const at = (i: number, t: string): Span => ({ text: t, start: start + i, end: start + i + t.length });
  if (!wanted.has('baseline') && !wanted.has('target')) {
    const dueOnly = wanted.has('due') ? DUE.exec(s) : null;
    const due = dueOnly ? at(dueOnly.index + dueOnly[0].length - dueOnly[1]!.length, dueOnly[1]!) : null;
    if (result && resultIsGrade(result, null)) score ??= result;
    else if (result) current ??= result;
    return { id, statement, baseline, target, current, owner, confidence, due, score };
  }

  // `from X to Y`
  const fromTo = target
    ? null
    : (/\bfrom\s+(.+?)\s+to\s+(.+?)(?=\s+(?:by|in|before|until|within|for|per|on|at|across|over)\b|\s*[,;(]|\s*$)/i.exec(s) ??
      // `von 10 Tagen auf 4 Tage`, `de 3% à 1,5%`, `de 40% para 60%`, `从 30 提高到 45`
      /(?:\bvon|\bde|\bdesde|\bdu|从)\s*(\d[\d.,]*\s*\S*?)(?:\s+(?:auf|bis|para|à|au|até|hasta|a)\s+|\s*(?:提高到|降低到|降到|增加到|减少到|到)\s*)(\d[\d.,]*(?:\s*(?:%|\p{L}+))?)/iu.exec(
        s,
      ));
  if (fromTo && isNumber(parseQuantity(fromTo[1]!)) && isNumber(parseQuantity(fromTo[2]!))) {
    baseline = at(fromTo.index + fromTo[0].indexOf(fromTo[1]!, 4), fromTo[1]!);
    const tIdx = fromTo.index + fromTo[0].lastIndexOf(fromTo[2]!);
    target = at(tIdx, fromTo[2]!);
  }
  // `X → Y`, `X -> Y`
  if (!target) {
    const arrow =
      /(?:^|[\s:(])((?:[<>≤≥]=?\s*)?[-+]?[$€£]?\s?\d[\d.,]*\s?(?:%|x|[kKMB]|ms|s|h|hours?|days?|weeks?|months?|\/\w+)?)\s*(?:→|->|⟶|➝)\s*((?:[<>≤≥]=?\s*)?[-+]?[$€£]?\s?\d[\d.,]*\s?(?:%|x|[kKMB]|ms|s|h|hours?|days?|weeks?|months?|\/\w+)?)/.exec(
        s,
      );
    // `MySQL 8.0 → 8.4`: versions of a named thing, not values.
    if (arrow && !namesNumber(s, arrow.index + arrow[0].indexOf(arrow[1]!))) {
      const bIdx = arrow.index + arrow[0].indexOf(arrow[1]!);
      baseline = at(bIdx, arrow[1]!.trim());
      target = at(arrow.index + arrow[0].lastIndexOf(arrow[2]!), arrow[2]!.trim());
    }
  }
  // A comparison: `≥ 65%`, `at least 5,000`, `less than 48 hours`, `<10 seconds`.
  // `Fix 8 bugs with >10 stars`, `Have 4x replication`: the count the verb takes is the target, not a qualifier after it.
  if (!target) {
    const counted = /^(\p{L}+)\s+((?:at least |over |more than )?[$€£]?\d[\d.,]*(?:\s?(?:%|x\b|[kKMB]\b))?)(?=\s+\p{L})/u.exec(s);
    if (counted && isVerbForm(counted[1]!) && !/^(?:19|20)\d\d$/.test(counted[2]!)) {
      // `Hire 2x Docs writers`: two of them, not twice as many.
      const people = /x$/.test(counted[2]!) && /^\s+\p{Lu}/u.test(s.slice(counted[0].length));
      const text = people ? counted[2]!.slice(0, -1) : counted[2]!;
      target = at(counted[0].length - counted[2]!.length, text);
    }
  }
  if (!target) {
    const words =
      /\b(?:at least|at most|no more than|more than|fewer than|less than|over|under)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|a dozen|half)\b/i.exec(
        s,
      );
    if (words) target = at(words.index, words[0]);
  }
  // `… to a level above the last 12 months' peaks`: a target relative to what was.
  if (!target && CHANGE_VERB.test(s)) {
    const relative = /\b(?:to|at)\s+((?:a level |levels? )?(?:above|below|beyond)\s+(?:the|its|our|their|last|previous|this)\b[^,;]*)/i.exec(s);
    if (relative) target = at(relative.index + relative[0].length - relative[1]!.length, relative[1]!.trim());
  }
  if (!target) {
    const cmp =
      /(?:[<>≤≥]=?|\bat least|\bat most|\bless than|\bmore than|\bfewer than|\bunder|\bno more than|\bover)\s*[$€£]?\s?\d[\d.,]*(?:\/\d+)?(?:\s?(?:%|x\b|[kKMB]\b|ms\b|s\b|sec(?:onds?)?\b|min(?:utes?)?\b|h\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b))?/i.exec(
        s,
      );
    if (cmp) target = at(cmp.index, cmp[0].trim());
  }
  // `… to Y` after a change verb: `Increase pipeline coverage to 4x`.
  if (!target && CHANGE_VERB.test(s)) {
    const to = /\bto\s+([$€£]?\s?\d[\d.,]*(?:\s?(?:%|x\b|[kKMB]\b|ms\b|s\b|hours?\b|days?\b|weeks?\b))?)/i.exec(s);
    if (to) target = at(to.index + to[0].length - to[1]!.length, to[1]!);
  }
  // `… by N%` after a change verb: a relative target, signed by the verb.
  if (!target && CHANGE_VERB.test(s)) {
    const by = /\bby\s+(\d[\d.,]*\s?%)/i.exec(s);
    if (by) {
      const sign = DOWN_VERB.test(s) ? '-' : '+';
      target = { ...at(by.index + by[0].length - by[1]!.length, by[1]!), text: `${sign}${by[1]}` };
    }
  }
  // Otherwise a single plain amount: `Publish 5 blog posts`, `Runs for 10 days`.
  if (!target) {
    const amounts = [
      ...s.matchAll(/(?<![\p{L}\d#./@:-])[$€£]?\d[\d.,]*(?:\s?(?:%|x|[kKMB]|ms|days?|hours?|weeks?|months?))?(?![\p{L}\d-]|[.,]\d|\/\d)/gu),
    ].filter(
      (m) =>
        !/\b(?:week|q|version|v|top|phase|p|#|step|day|kr|o|tier|level|last|past|next|within|every|per|each|after|before)\s*$/i.test(s.slice(0, m.index)) &&
        !namesNumber(s, m.index),
    );
    const leading = amounts[0] && amounts[0].index === 0;
    if ((amounts.length === 1 || leading) && !/^(?:19|20)\d\d$/.test(amounts[0]![0])) target = at(amounts[0]!.index, amounts[0]![0].trim());
  }
  // `Identify five areas`, `Four blog posts`, `Double active evangelists`: a number in words.
  if (!target) {
    const word = /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|double|triple|twice)\b/i.exec(s);
    if (word && !/^one\s*\(?\s*(?:of|or|another)\b/i.test(s.slice(word.index))) target = at(word.index, word[0]);
  }
  // `X speaking opportunities`, `with X values-aligned orgs`, `$X in grants`: a target still to be set.
  if (!target) {
    const x = /(?<![\p{L}\d])[$€£]?X{1,3}%?(?=\s+\p{Ll}|%|\s*$)/u.exec(s);
    if (x && (x.index === 0 || /\s$/.test(s.slice(0, x.index)))) target = at(x.index, x[0]);
  }
  if (result && resultIsGrade(result, target)) score ??= result;
  else if (result) current ??= result;
  const dueMatch = wanted.has('due') ? DUE.exec(s) : null;
  const due = dueMatch ? at(dueMatch.index + dueMatch[0].length - dueMatch[1]!.length, dueMatch[1]!) : null;
  return { id, statement, baseline, target, current, owner, confidence, due, score };
}

/**
 * The numbers of a statement that measure something: counts, amounts,
 * percentages, durations. Left out: dates, years and quarters (`by Q3`,
 * `in 2019`), versions and milestones (`v1.0`, `M48`, `Windows 10`), ids and
 * references (`#14`, `crbug.com/798535`, `P1`), and `Week 6`.
 */
export function measures(text: string): Array<{ text: string; index: number }> {
  const out: Array<{ text: string; index: number }> = [];
  // `Four blog posts`, `at least one candidate`, `every day in January`, `#1 in the market`, `double the leads`.
  for (const m of text.matchAll(
    /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|dozen|half|double|triple|twice|every (?:day|week|month|weekday|sprint|release)|daily|weekly|monthly)\b|#\d+\b/gi,
  )) {
    // `one of the gateway nodes`, `One or more daemons`: there or not, no count.
    if (/^one$/i.test(m[0]) && /^one\s*\(?\s*(?:of|or|another)\b/i.test(text.slice(m.index))) continue;
    out.push({ text: m[0], index: m.index });
  }
  // `30-day activation`, `12-month roadmap`: a modifier, not a measure.
  for (const m of text.matchAll(/(?<![\p{L}\d#./@:_-])[<>≤≥~+]?[$€£]?\d[\d.,]*(?:\/\d+)?(?:\s?(?:%|x\b|[kKMB]\b|\+))?(?![\p{L}\d_]|[.,]\d|-\p{L})/gu)) {
    const before = text.slice(0, m.index);
    const token = m[0];
    if (
      /\b(?:week|wk|q|quarter|version|v|top|phase|p|step|day|kr|o|tier|level|sprint|milestone|release|m|season|round|iteration|chapter|section|ch|no|number|issue|pr|bug|ticket)\s*#?$/i.test(
        before,
      )
    )
      continue;
    // `Jan 4`, `4 Jan`: a date.
    if (
      /^\d{1,2}$/.test(token) &&
      (new RegExp(`\\b${MONTH}\\s+$`, 'i').test(before) || new RegExp(`^\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}`, 'i').test(text.slice(m.index)))
    )
      continue;
    if (/^(?:19|20)\d\d$/.test(token)) continue;
    if (/^\d+\.\d+\.\d+/.test(token) || (/^\d+\.\d+$/.test(token) && /\b(?:v|version|release)\s*$/i.test(before))) continue;
    if (namesNumber(text, m.index)) continue;
    out.push({ text: token, index: m.index });
  }
  return out;
}

/**
 * True when the number at `index` names something rather than measuring it:
 * a version or model after a name (`Windows 10`, `MySQL 8.0`, `Nexus 5`,
 * `Method 1`), not a count after the sentence's first word (`Hire 2 engineers`)
 * or a metric's acronym (`NPS 45`).
 */
function namesNumber(s: string, index: number): boolean {
  // A number with a unit or currency measures something (`Uptime 99.5% → 99.9%`).
  if (/^[$€£]|^\d[\d.,]*\s?(?:%|[kKMB]\b|x\b|ms\b|days?\b|hours?\b|weeks?\b)/.test(s.slice(index))) return false;
  const before = s.slice(0, index);
  // `MySQL 8.0 → 8.4`: the number after an arrow from a name's number is a name's number too.
  const arrowed = /([\p{L}][\p{L}\d+#.-]*)\s+\d[\d.]*\s*(?:→|->|⟶|➝|to)\s*$/u.exec(before);
  if (arrowed && /^\d+\.\d+/.test(s.slice(index)) && namesNumber(s, arrowed.index + arrowed[0].indexOf(arrowed[1]!) + arrowed[1]!.length + 1)) return true;
  const word = /(?:^|[\s([])([\p{L}][\p{L}\d+#.-]*)\s*$/u.exec(before);
  if (!word) return false;
  const w = word[1]!;
  // The sentence's first word: a verb takes a count (`Hire 2 engineers`), a name numbers a thing (`Windows 10 Precision Touchpad`).
  if (word.index === 0 && before.trimStart() === before) {
    const next = /^\S+\s+(\S)/.exec(s.slice(index));
    return /^\p{Lu}/u.test(w) && /\p{Ll}/u.test(w) && !isVerbForm(w) && (next === null || /\p{Lu}/u.test(next[1]!));
  }
  if (/^(?:version|v|release|method|model|gen|generation|series|season|option|sprint|iteration|milestone|round)$/i.test(w)) return true;
  // A capitalised, mixed-case word: a name (an all-caps acronym is a metric).
  return /^\p{Lu}/u.test(w) && /\p{Ll}/u.test(w) && !isVerbForm(w);
}

function isNumber(q: Quantity): boolean {
  return q.kind === 'number' || q.kind === 'range' || q.kind === 'placeholder';
}

function splitWithIndex(text: string, sep: RegExp): Array<{ text: string; index: number }> {
  const out: Array<{ text: string; index: number }> = [];
  const re = new RegExp(sep.source, 'g');
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push({ text: text.slice(last, m.index), index: last });
    last = m.index! + m[0].length;
  }
  out.push({ text: text.slice(last), index: last });
  return out.map((p) => ({ text: p.text.trim(), index: p.index + (p.text.length - p.text.trimStart().length) }));
}

/**
 * Whether what follows `=>` grades the KR rather than saying where its metric got to. A result in the unit of
 * a numeric target is where the metric got to (`=> 52%` for a target of 55%, `=> 3 days`); a percentage without
 * such a target, or a decimal from 0 to 1 (`=> 0.7`) unless the target is itself such a number, is a grade.
 */
function resultIsGrade(result: Span, target: Span | null): boolean {
  const t = target ? parseQuantity(target.text) : null;
  const r = parseQuantity(result.text);
  if (r.kind !== 'number') return false;
  const sameUnit = t?.kind === 'number' && (t.unit?.dimension ?? null) === (r.unit?.dimension ?? null);
  if (r.unit?.dimension === 'percent') return !sameUnit;
  const decimalGrade = r.unit === null && /^(?:0?\.\d{1,2}|1\.0{1,2})$/.test(result.text.trim());
  return decimalGrade && !(sameUnit && t?.kind === 'number' && Math.abs(t.value) <= 1);
}
