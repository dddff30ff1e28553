import { parseQuarter } from '../model/quarter';
import type { Objective, OkrDocument } from '../model/schema';
import type { ObjectiveDraft, ReadContext } from './context';

/**
 * Puts the outline the readers built together into the document model:
 * which objectives count (labelled ones; unlabelled ones only in documents
 * without any, and only with key results), KRs read before any objective,
 * the document's kind, quarter, team and stance.
 */
export function assemble(ctx: ReadContext): OkrDocument {
  const fm = ctx.parsed.frontMatter?.data ?? {};
  const title = ctx.title ?? fm['title'] ?? null;
  const weekly = (title !== null && /\bweekly\b|\bcheck-?in\b/i.test(title) && /\bupdate\b|\bcheck-?in\b|\breport\b/i.test(title)) || /^weekly$/i.test(fm['type'] ?? '');
  // Objectives inferred from structure only count in quarterly documents without explicit ones.
  // Declared ones (a Goals list, a graded heading) always count.
  let drafts: ObjectiveDraft[] = weekly ? ctx.explicit : [...(ctx.explicit.length > 0 ? ctx.explicit : ctx.candidates.filter((c) => c.objective.keyResults.length > 0)), ...ctx.declared];
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
  const lookingBack = weekly ? [] : ctx.lookingBack;
  return {
    title,
    titleRange: ctx.titleRange,
    quarter,
    team: fm['team'] ?? (title ? teamFromTitle(title) : null),
    kind: weekly ? 'weekly' : 'okr',
    date,
    stance: lookingBack.length > 0 ? 'review' : 'plan',
    stanceReason: lookingBack[0] ?? null,
    frontMatter: fm,
    context: ctx.contextRange ? { range: ctx.contextRange, items: ctx.context } : null,
    alignments: ctx.docAlignments,
    objectives,
    initiatives: ctx.docInitiatives,
    dependencies: ctx.dependenciesRange ? { range: ctx.dependenciesRange, items: ctx.dependencies } : null,
    notDoing: ctx.notDoingRange ? { range: ctx.notDoingRange, items: ctx.notDoing } : null,
    weeklyTables: ctx.weeklyTables,
    priorities: ctx.priorities,
    blockers: ctx.blockers,
    definedIds: ctx.definedIds,
    headings: ctx.headings,
    lineCount: ctx.lines.lineCount,
  };
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
  const parts = title.split(/\s+[—–-]\s+|\s*[—–]\s*|:\s+/).map((p) => p.trim()).filter(Boolean);
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
    .trim();
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
