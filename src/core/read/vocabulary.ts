import type { PhrasingContent } from 'mdast';
import { memoize, plain, squash } from '../model/text';

/**
 * The words OKR documents label their parts with, in the languages people
 * write them in. Every reader takes its labels from here, so a label learnt
 * once counts everywhere.
 */

/** What a list (or the blocks under a heading or label) holds. */
export type SectionKind =
  | 'kr'
  | 'initiatives'
  | 'context'
  | 'dependencies'
  | 'notDoing'
  | 'priorities'
  | 'blockers'
  /** A list of goals: each item is an objective, its nested items its key results. */
  | 'objectives'
  /** Anything else that is not OKR content (notes, risks, scoring guides, key metrics…). */
  | 'other';

/** `Objective 1:`, `O2 —`, `Objetivo:`, `Ziel 3:`, `目标：`, `Objectif :`. The number, when there is one, is group 1. */
export const OBJECTIVE_LABEL =
  /^(?:objective|objetivo|objectif|ziel|obiettivo|doelstelling|目标|目標|O)[ \t]*(?:#?[ \t]*(\d+(?:\.\d+)*))?[ \t]*(?:[:：.)\-—–][ \t]*|$)/i;

/** IDs documents define and link to: `CO-1`, `AG-2026-01`. */
export const ID_PATTERN = /\b[A-Z]{1,6}(?:-[A-Z0-9]{1,8})*-\d{1,4}\b/g;
/** A heading that starts with an ID: `CO-1: Become the fastest way to onboard`. */
export const ID_HEADING = /^([A-Z]{1,6}(?:-[A-Z0-9]{1,8})*-\d{1,4})[ \t]*[:—–-][ \t]*(.+)$/;
/** An alignment line: `Supports:`, `Parent:`, `Aligns to:`, `Engineering OKR Alignment:`. */
export const ALIGN_LABEL =
  /^(?:supports|parent|parent objective|aligns? to|aligned (?:to|with)|alignment|contributes to|ladders? up to|[\w ]*okr alignment)\s*:\s*/i;

const SECTION = new RegExp(
  [
    String.raw`^(?<kr>(?:(?:the|our|team|company|ceo|individual|q[1-4]|quarterly|\d{4})\s+)*(?:key results?|krs|key results \(krs\)|results|resultados[- ]chave|resultados chave|resultado[- ]chave|schl[üu]sselergebnisse?|r[ée]sultats?[- ]cl[ée]s?|risultati chiave|关键结果|關鍵結果|主要成果|we['’]ll know we['’]re successful when|we will know we are successful when|we['’]ll know we['’]ve succeeded (?:when|if)|success looks like|success criteria|measured by|how we['’]ll measure(?: success)?|how we will measure(?: success)?|measures of success))$`,
    String.raw`^(?<initiatives>(?:key |main |major )?initiatives?|iniciativas(?: principais)?|initiativen|ma[ßs]nahmen|key projects|projects|what we['’]ll ship|what we will ship|what we['’]re shipping|deliverables|planned work|tasks|to ?dos?|action items|next steps|workstreams|epics)$`,
    String.raw`^(?<context>context|background|contexto|kontext|contexte|背景)$`,
    String.raw`^(?<dependencies>dependenc(?:y|ies)|depend[eê]ncias|abh[äa]ngigkeiten|d[ée]pendances|cross-team dependencies)$`,
    String.raw`(?<notDoing>\bnot doing\b|\bwon['’]?t do\b|\bwill not do\b|\bnot working on\b|\bout of scope\b|\bnon[- ]?goals?\b|\banti[- ]?goals?\b|\bnot in scope\b|\bn[ãa]o vamos\b|\bfora do escopo\b|\bnicht[- ]ziele\b|\bwhat we(?: are|['’]re) not\b|^constraints$|^guardrails$)`,
    String.raw`^(?<priorities>top \d+(?: priorities)?(?: this week)?|priorities(?: this week)?)$`,
    String.raw`^(?<blockers>blockers?|impediments?|bloqueios)$`,
    String.raw`^(?<objectives>(?:[\p{L}\d'’-]+\s+){0,3}(?:goals?|objectives?|objetivos|metas|ziele|objectifs|目标)|vision|mission|north star|our vision|company vision)$`,
    String.raw`^(?<other>(?:key |success |team |okr )?metrics|kpis?|scoring(?: guide(?:lines)?| method(?:ology)?| scale)?|how to (?:score|use|read).*|grading|definitions?|defini[çc][õo]es|glossary|risks?(?: and mitigations?)?|assumptions|milestones|key milestones|timeline|schedule|check-?in schedule|cadence|team|approval|aprova[çc][ãa]o|changelog|change log|history|references|resources|further reading|links|notes?|reasoning|rationale|retrospective|retro|post-?mortem|lessons learned|what went well|acceptance criteria|definition of done|faq|appendix)$`,
  ].join('|'),
  'u',
);

/** Words every section label contains one of: a cheap filter before SECTION. */
const SECTION_WORDS =
  /result|krs|initiativ|iniciativ|ma[ßs]nahm|project|ship|deliverable|task|to ?do|action|step|workstream|epic|context|kontext|background|背景|depend|abh|not |won|out of|scope|escopo|não|nao|nicht|goal|succe|measur|top \d|priorit|blocker|impediment|bloqueio|constraint|guardrail|objective|objetiv|meta|ziel|objectif|目标|vision|mission|north|metric|kpi|scor|grad|how to|defini|gloss|risk|assum|milestone|timeline|schedule|cadence|team|approv|aprova|change|history|referen|resourc|reading|link|note|reason|rational|retro|mortem|lesson|went well|criteria|done|faq|appendix|overview|summary|status|progress|track|schl|sultat|risultat|关键|關鍵|主要/i;

/** The kind of list a heading or label introduces, or null for any other text. */
export const sectionKind = memoize((text: string): SectionKind | null => {
  if (text.length > 90 || !SECTION_WORDS.test(text)) return null;
  const t = labelText(text);
  const m = SECTION.exec(t);
  if (!m?.groups) return null;
  for (const [kind, value] of Object.entries(m.groups)) if (value !== undefined) return kind as SectionKind;
  return null;
});

/** A label as compared: lower case, emphasis, emoji, numbering and trailing punctuation removed. */
export function labelText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/^(?:\d+(?:\.\d+)*[.)]?\s+)/, '')
    .replace(/[^\p{L}\p{N}'’ ()\-/?]+/gu, ' ')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/[\s:?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A heading or bold line that names the level above objectives: not an objective itself. */
export const VISION_LABEL = /^(?:vision|mission|north star|purpose|strategy|theme|pillar)\s*[:：—–-]\s*\S/i;

/** True when a paragraph is nothing but bold text (and an optional trailing colon). */
export function isBoldOnly(children: readonly PhrasingContent[]): boolean {
  const meaningful = children.filter((c) => !(c.type === 'text' && /^[\s:：.]*$/.test(c.value)) && c.type !== 'html' && c.type !== 'break');
  return meaningful.length === 1 && meaningful[0]!.type === 'strong';
}

/**
 * True when a paragraph is a bold line, perhaps after an emoji or a marker
 * (`👥 **Prove that…**`, `🎯 **Objective 1**`): the text outside the bold part has no letters.
 */
export function isBoldLine(children: readonly PhrasingContent[]): boolean {
  let strong = 0;
  for (const c of children) {
    if (c.type === 'strong') strong++;
    else if (c.type === 'text') {
      if (/[\p{L}\p{N}]/u.test(c.value.replace(/[:：.]/g, ''))) return false;
    } else if (c.type !== 'html' && c.type !== 'break') return false;
  }
  return strong === 1;
}

/** `- **Active from:** 09.05.19`: a bold label (at most four words) that ends in a colon. */
export function boldLead(children: readonly PhrasingContent[]): string | null {
  const first = children[0];
  if (!first || first.type !== 'strong') return null;
  const label = plain(first).trim();
  const after = children[1];
  const colon = /[:：]\s*$/.test(label) || (after?.type === 'text' && /^\s*[:：]/.test(after.value));
  return colon && label.split(/\s+/).length <= 4 ? label : null;
}

/** Content that is nothing but links (a reading list, links to old spreadsheets). */
export function isLinkOnly(children: readonly PhrasingContent[]): boolean {
  let links = 0;
  for (const c of children) {
    if (c.type === 'link' || c.type === 'linkReference') links++;
    else if (c.type !== 'text' || /[\p{L}\p{N}]/u.test(c.value)) return false;
  }
  return links > 0;
}

/** Words that mark a struck-through item withdrawn, in the languages the labels are read in. */
const WITHDRAWN = String.raw`(?:removed|deleted|dropped|cancel+ed|withdrawn|descoped|obsolete|removid[oa]|cancelad[oa]|eliminad[oa]|descartad[oa]|entfernt|gestrichen|verworfen|supprimée?|annulée?|abandonnée?|已删除|已取消|取消)`;
/** Struck-through text, as written (`~~…~~`), with an optional note that it was removed. */
const STRUCK = new RegExp(String.raw`^(?:[^~]*?[:：]\s*)?~~[^~]+~~\s*[\p{P}\s]*(?:${WITHDRAWN}(?![\p{L}])[\p{P}\s]*)?$`, 'iu');
const WITHDRAWN_WORD = new RegExp(String.raw`(?<![\p{L}])${WITHDRAWN}(?![\p{L}])`, 'iu');

/** Content wholly struck through (`~~Production site deployed~~ REMOVED`): withdrawn, not part of the plan. */
export function isStruckOut(children: readonly PhrasingContent[]): boolean {
  if (STRUCK.test(squash(plain(children)))) return true;
  const struck = children.filter((c) => c.type === 'delete');
  if (struck.length === 0) return false;
  const rest = children
    .filter((c) => c.type !== 'delete')
    .map((c) => plain(c))
    .join(' ');
  return /^[\s\p{P}]*$/u.test(squash(rest)) || WITHDRAWN_WORD.test(rest);
}

/** A title as shown: Markdown squashed, leading symbols and a trailing colon removed. */
export function cleanTitle(text: string): string {
  return squash(text)
    .replace(/^[^\p{L}\p{N}"“'(¿¡[]+/u, '')
    .replace(/^\d{1,2}[.)]\s+(?=\p{L})/u, '')
    .replace(/[\s:：]+$/, '')
    .trim();
}

/** `CEO: Increase ARR`, `VP Sales: …`: the role that owns an objective, written before its title. */
export const ROLE_PREFIX = /^(?:\d{1,2}[.)]\s+)?((?:[A-Z]{2,5}|VP(?: of)? [A-Z][a-z]+|Head of [A-Z][a-z]+))\s*[:—–]\s+(?=\S)/;

/** A list item that reads like a KR: a few words (any, in a Key Results section). */
export function looksLikeKr(text: string, inKrSection: boolean): boolean {
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return inKrSection ? words.length >= 1 : words.length >= 3;
}

/** Placeholder items that hold no content (`TODO™`, `TBD`, `…`). */
export function isPlaceholderItem(text: string): boolean {
  return /^(?:todo|tbd|tbc|tba|wip|\.\.\.|…|\?+|x+|n\/a|-+)\W*$/i.test(text.trim());
}

/** Plain text of phrasing content, squashed. */
export function textOf(children: readonly PhrasingContent[]): string {
  return squash(plain(children));
}
