import { parseQuarter } from '../model/quarter';
import type { Field, Objective, OkrDocument } from '../model/schema';
import type { Range } from '../types';
import { ownerOf, type ObjectiveDraft, type ReadContext } from './context';
import { labelText } from './vocabulary';

/**
 * Puts the outline the readers built together into the document model:
 * which objectives count (labelled ones; unlabelled ones only in documents
 * without any, and only with key results), KRs read before any objective,
 * the document's kind, quarter, team and stance.
 */
export function assemble(ctx: ReadContext): OkrDocument {
  const fm = ctx.parsed.frontMatter?.data ?? {};
  const title = ctx.title ?? fm['title'] ?? null;
  const weekly =
    (title !== null && /\bweekly\b|\bcheck-?in\b/i.test(title) && /\bupdate\b|\bcheck-?in\b|\breport\b/i.test(title)) || /^weekly$/i.test(fm['type'] ?? '');
  // Objectives inferred from structure only count in quarterly documents without explicit ones.
  // Declared ones (a Goals list, a graded heading) always count.
  let drafts: ObjectiveDraft[] = weekly
    ? ctx.explicit
    : [...(ctx.explicit.length > 0 ? ctx.explicit : ctx.candidates.filter((c) => c.objective.keyResults.length > 0)), ...ctx.declared];
  if (drafts.length === 0 && ctx.orphans.length > 0 && !weekly) {
    const range = ctx.titleRange ?? ctx.orphans[0]!.range;
    const objective: Objective = {
      id: null,
      title: ctx.title ?? 'Key results',
      range,
      titleRange: range,
      depth: ctx.titleRange ? 1 : 0,
      explicit: false,
      slug: ctx.titleSlug,
      alignments: [],
      owner: null,
      keyResults: ctx.orphans,
      initiatives: [],
      endLine: ctx.lines.lineCount,
      reader: ctx.titleRange ? 'document-title' : ctx.orphans[0]!.reader,
      period: null,
    };
    drafts = [{ objective, depth: 0, explicit: false, declared: false }];
  }
  const date = title ? (/\b(\d{4}-\d{2}-\d{2})\b/.exec(title)?.[1] ?? null) : null;
  const objectives = drafts.map((d) => d.objective).sort((a, b) => a.range.start.offset - b.range.start.offset);
  const fmQuarter = fm['quarter'] ?? fm['period'] ?? null;
  const fiscal = ctx.options.fiscalYearStartMonth ?? 1;
  const quarter =
    (fmQuarter ? parseQuarter(fmQuarter, fiscal) : null) ??
    (ctx.title ? parseQuarter(ctx.title, fiscal) : null) ??
    (fm['title'] ? parseQuarter(fm['title'], fiscal) : null) ??
    (ctx.periodQuarter ? parseQuarter(ctx.periodQuarter, fiscal) : null) ??
    (weekly && date ? quarterOfDate(date) : null);
  inheritOwners(objectives, ctx.docOwner);
  const lookingBack = weekly ? [] : stanceReasons(ctx, title, objectives);
  return {
    title,
    titleRange: ctx.titleRange,
    quarter,
    team: fm['team'] ?? (title ? teamFromTitle(title) : null),
    kind: weekly ? 'weekly' : 'okr',
    date,
    stance: lookingBack.length > 0 ? 'review' : 'plan',
    stanceReason: lookingBack[0] ?? null,
    personal: isPersonal(ctx.lines.text),
    frontMatter: fm,
    context: ctx.contextRange
      ? { range: ctx.contextRange, items: ctx.context, empty: ctx.context.every((i) => i.value.trim() === '') && sectionBodyEmpty(ctx, ctx.contextRange, true) }
      : null,
    alignments: ctx.docAlignments,
    objectives,
    initiatives: ctx.docInitiatives,
    dependencies: ctx.dependenciesRange ? { range: ctx.dependenciesRange, items: ctx.dependencies } : null,
    notDoing: ctx.notDoingRange
      ? { range: ctx.notDoingRange, items: ctx.notDoing, empty: ctx.notDoing.length === 0 && sectionBodyEmpty(ctx, ctx.notDoingRange, false) }
      : null,
    weeklyTables: ctx.weeklyTables,
    priorities: ctx.priorities,
    blockers: ctx.blockers,
    definedIds: ctx.definedIds,
    headings: ctx.headings,
    lineCount: ctx.lines.lineCount,
  };
}

/**
 * An objective's owner owns its key results that name none, and a document's
 * owner (`**Owner:** Tommy` above the objectives) those of objectives without one.
 */
function inheritOwners(objectives: Objective[], docOwner: Field | null): void {
  for (const objective of objectives) {
    const from = objective.owner ?? docOwner;
    if (!from || from.text.trim() === '') continue;
    const via = objective.owner ? "the objective's owner" : "the document's owner";
    for (const kr of objective.keyResults) {
      if (kr.owner && kr.owner.text.trim() !== '') continue;
      const parsed = ownerOf(from.text);
      kr.owner = { text: from.text, range: from.range, source: 'field', via, names: parsed.names, placeholder: parsed.placeholder };
    }
  }
}

/**
 * True when a section opened by a heading holds nothing under it up to the next heading of its
 * level or above: only blank lines, HTML comments, bare list markers (`- `) and, with `labels`,
 * items that are a label alone (`- Key assumption:`), as the template and the quick fixes leave
 * them. A section opened by a bold or label line, or holding any other text, is not empty.
 */
function sectionBodyEmpty(ctx: ReadContext, range: Range, labels: boolean): boolean {
  const at = ctx.headings.findIndex((h) => h.range.start.line === range.start.line);
  const heading = ctx.headings[at];
  if (!heading) return false;
  const next = ctx.headings.slice(at + 1).find((h) => h.depth <= heading.depth);
  const first = heading.range.end.line + 1;
  const last = next ? next.range.start.line - 1 : ctx.lines.lineCount;
  if (last < first) return true;
  const body = ctx.lines.text.slice(ctx.lines.lineStart(first), ctx.lines.lineEnd(last)).replace(/<!--[\s\S]*?-->/g, '');
  const marker = String.raw`(?:[-*+]|\d{1,9}[.)])`;
  const bare = new RegExp(`^${marker}$`);
  const label = new RegExp(String.raw`^${marker}\s+(?:\*\*|__)?[^:：|*_]{1,60}[:：](?:\*\*|__)?$`);
  return body.split(/\r?\n/).every((line) => {
    const t = line.trim();
    return t === '' || bare.test(t) || (labels && label.test(t));
  });
}

/**
 * Why a document looks back rather than forward: its title (an archive, a
 * retrospective), a retrospective section, a note that it was used in the
 * past, or key results that mostly carry a stated grade.
 */
/** A word one of the retrospective headings below holds: most headings are told from them without normalising their text. */
const RETRO_WORD = /retro|mortem|lessons|went well|learned|results|review|grading/i;

function stanceReasons(ctx: ReadContext, title: string | null, objectives: Objective[]): string[] {
  const reasons: string[] = [];
  if (title && /\b(?:archive[ds]?|retro(?:spective)?|post-?mortem|review|(?<!key\s)results|graded|scored|scorecard|final scores?|grading)\b/i.test(title))
    reasons.push('its title says so');
  const retro = ctx.headings.find(
    (h) =>
      RETRO_WORD.test(h.text) &&
      /^(?:retrospective|retro|post-?mortem|lessons learned|what went well|what we learned|results|review|grading)$/.test(labelText(h.text)),
  );
  if (retro) reasons.push(`the "${retro.text}" section at line ${retro.range.start.line}`);
  reasons.push(...ctx.lookingBack);
  const krs = objectives.flatMap((o) => o.keyResults);
  const graded = krs.filter((k) => k.score !== null && k.score.value !== null).length;
  if (krs.length >= 2 && graded * 2 >= krs.length) reasons.push(`${graded} of its ${krs.length} key results are graded`);
  return reasons;
}

/** True when the prose speaks in the first person singular more than in the plural (`I tried…`, `my goals`). */
function isPersonal(text: string): boolean {
  const singular = text.match(/\b(?:I|I'm|I've|I'd|my|me|myself)\b/g)?.length ?? 0;
  if (singular < 3) return false;
  const plural = text.match(/\b(?:we|We|our|Our|us|we're|We're|we've|We've)\b/g)?.length ?? 0;
  return singular > 2 * plural;
}

/** The calendar quarter an ISO date falls in. */
function quarterOfDate(iso: string): ReturnType<typeof parseQuarter> {
  const [y, m] = iso.split('-').map(Number);
  return y && m ? parseQuarter(`Q${Math.floor((m - 1) / 3) + 1} ${y}`) : null;
}

/** The team or owner named in an H1: the side of `—`, `-` or `:` that is not the period or "OKRs". */
export function teamFromTitle(title: string): string | null {
  const generic = (s: string): boolean =>
    /\bOKRs?\b|\bOKR['’]s\b|objectives?\s*(?:&|and)\s*key\s*results?|\bQ[1-4]\b|\bFY\s?\d|\b\d{4}\b|\bweekly\b|\bupdate\b/i.test(s);
  const parts = title
    .split(/\s+[—–-]\s+|\s*[—–]\s*|:\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length >= 2) {
    const named = parts.filter((p) => !generic(p));
    if (named.length > 0) return named.join(' — ');
    return null;
  }
  // Without a separator, only "<team> OKRs" names a team.
  if (!/objectives?\s*(?:&|and)\s*key\s*results?|\bOKR['’]?s?\b/i.test(title)) return null;
  const rest = title
    .replace(/objectives?\s*(?:&|and)\s*key\s*results?|\bOKR['’]?s?\b|\bQ[1-4]\b|\bFY\s?'?\d{2,4}\b|\b\d{4}\b/gi, ' ')
    .replace(/\b(?:quarterly|our|the|for|annual|yearly|current|draft|archive|retro(?:spective)?|plan|calendar year|fiscal year)\b/gi, ' ')
    .replace(/[^\p{L}\p{N}&' .-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.'&-]+|[\s.'&-]+$/g, '');
  if (rest === '' || rest.split(' ').length > 6 || /^team$/i.test(rest)) return null;
  return rest;
}

/** A document with nothing in it: what analysis reports on when reading the model failed. */
export function emptyDocument(lineCount: number): OkrDocument {
  return {
    title: null,
    titleRange: null,
    quarter: null,
    team: null,
    kind: 'okr',
    date: null,
    stance: 'plan',
    stanceReason: null,
    personal: false,
    frontMatter: {},
    context: null,
    alignments: [],
    objectives: [],
    initiatives: [],
    dependencies: null,
    notDoing: null,
    weeklyTables: [],
    priorities: [],
    blockers: [],
    definedIds: [],
    headings: [],
    lineCount: Math.max(1, lineCount),
  };
}
