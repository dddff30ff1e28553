import type { LensConfig } from '../config/config';
import { checkLimits, limitsFor } from '../limits';
import { buildDocument, emptyDocument } from '../read/index';
import type { Alignment, AlignmentRef, OkrDocument } from '../model/schema';
import { parseMarkdown } from '../parse/parse';
import { dueDate } from '../score/pace';
import { scoreDocument, type DocumentScores } from '../score/rollup';
import { findSuppressions, type Suppression } from '../suppress';
import { LineIndex, type Range } from '../types';
import { linksOf, weeklyReportOf, type WeeklyReport } from '../history/weekly-report';

/**
 * What the workspace index keeps of one OKR document: enough to resolve
 * alignment links, roll scores up and report workspace findings, and nothing
 * of its syntax tree. A few kilobytes per document, so 5,000 documents fit in
 * well under the memory budget of issue 5.
 */
export interface DocSummary {
  /** The index key: an absolute POSIX path (or a URI path in virtual workspaces). */
  key: string;
  title: string | null;
  titleRange: Range | null;
  team: string | null;
  kind: OkrDocument['kind'];
  quarter: string | null;
  /** The quarter's first and last days (YYYY-MM-DD), when the quarter has a year. */
  quarterDates?: { start: string; end: string } | null;
  /** Front matter `level: company | team | individual`, when given. */
  level: Level | null;
  /** Front matter `owner`, when given. */
  owner: string | null;
  /** The document's heuristics say it is the company (top-level) document: it defines IDs or its team reads as the company. */
  companyLike: boolean;
  objectives: ObjectiveSummary[];
  /** Document-level alignment (`Annual goal this supports: …`), inherited by objectives without their own. */
  refs: RefSummary[];
  dependencies: DependencySummary[];
  /** IDs defined here (`ID: CO-1`), with the objective they name. */
  ids: Array<{ id: string; objective: number; range: Range }>;
  headings: Array<{ text: string; slug: string; range: Range }>;
  suppressions: Suppression[];
  score: number | null;
  /** A weekly update's day and rows, for the progress charts; absent for other documents. */
  weekly?: WeeklyReport;
}

export type Level = 'company' | 'team' | 'individual';

export interface RefSummary {
  kind: AlignmentRef['kind'];
  text: string;
  path: string | null;
  fragment: string | null;
  range: Range;
}

export interface KrSummary {
  id: string | null;
  text: string;
  range: Range;
  owner: string | null;
  /** The KR's own score (attainment or Score cell); null when not started or unscorable. */
  score: number | null;
  /** Why the KR cannot be scored (`target is a placeholder (TBD)`); null when it is scored or not started. */
  noScore?: string | null;
  weight: number | null;
  /** Planning confidence on the 0–1 scale, or null. */
  confidence: number | null;
  /** The KR's own due date (YYYY-MM-DD) when it gives a clear one inside the quarter. */
  due?: string | null;
}

export interface ObjectiveSummary {
  id: string | null;
  title: string;
  slug: string | null;
  titleRange: Range;
  owner: string | null;
  /** Alignment lines of the objective itself; empty when it has none. */
  refs: RefSummary[];
  /** Whether the objective has a `Supports:` line at all (even an empty one). */
  hasAlignment: boolean;
  keyResults: KrSummary[];
}

export interface DependencySummary {
  team: string;
  what: string;
  range: Range;
}

const COMPANY = /\b(?:company|org(?:ani[sz]ation)?|corporate|group|empresa)\b/i;
const LEVEL = /^(company|team|individual)$/i;

/** The summary of a document already analysed (the editor's open documents). */
export function summaryOf(key: string, document: OkrDocument, scores: DocumentScores, suppressions: Suppression[], text = ''): DocSummary {
  const refsOf = (alignments: Alignment[]): RefSummary[] =>
    alignments.flatMap((a) => a.refs.map((r) => ({ kind: r.kind, text: r.text, path: r.path, fragment: r.fragment, range: r.range })));
  const ids: DocSummary['ids'] = [];
  document.objectives.forEach((o, i) => {
    if (o.id) ids.push({ id: o.id, objective: i, range: document.definedIds.find((d) => d.id === o.id)?.range ?? o.titleRange });
  });
  const level = document.frontMatter['level']?.trim() ?? '';
  const q = document.quarter;
  const dates = q?.start && q.end ? { start: q.start, end: q.end } : null;
  return {
    key,
    title: document.title,
    titleRange: document.titleRange,
    team: document.team,
    kind: document.kind,
    quarter: document.quarter?.label ?? null,
    quarterDates: dates,
    level: LEVEL.test(level) ? (level.toLowerCase() as Level) : null,
    owner: document.frontMatter['owner'] ?? null,
    companyLike:
      document.definedIds.length > 0 || (document.team !== null && COMPANY.test(document.team)) || /(^|\/)(company|org|corporate)(\/|[-_.])/i.test(key),
    objectives: document.objectives.map((o) => {
      const keyResults = o.keyResults.map((kr) => {
        const s = scores.keyResult(kr);
        const w = kr.weight?.quantity;
        return {
          id: kr.id,
          text: kr.text,
          range: kr.textRange,
          owner: kr.owner ? (kr.owner.names.length > 0 ? kr.owner.names.join(', ') : kr.owner.text || null) : null,
          score: s.value,
          noScore: s.state === 'unscorable' ? (s.reason ?? 'unscorable') : null,
          weight: w && w.kind === 'number' && w.value > 0 ? w.value : null,
          confidence: kr.confidence?.value ?? null,
          due: dates ? dueDate(kr.due, dates) : null,
        };
      });
      return {
        id: o.id,
        title: o.title,
        slug: o.slug,
        titleRange: o.titleRange,
        owner: o.owner?.text || null,
        refs: refsOf(o.alignments),
        hasAlignment: o.alignments.length > 0,
        keyResults,
      };
    }),
    refs: refsOf(document.alignments),
    dependencies: (document.dependencies?.items ?? []).flatMap((d) => (d.team ? [{ team: d.team, what: d.what, range: d.range }] : [])),
    ids,
    headings: document.headings.map((h) => ({ text: h.text, slug: h.slug, range: h.range })),
    suppressions,
    score: scores.document.value,
    ...weeklyOf(key, document, text),
  };
}

function weeklyOf(key: string, document: OkrDocument, text: string): { weekly?: WeeklyReport } {
  const weekly = document.kind === 'weekly' ? weeklyReportOf(key, document, linksOf(text)) : null;
  return weekly ? { weekly } : {};
}

/**
 * Summarises a document's text: parse, model, scores and suppressions, but no
 * rules and no validation (the index needs the model, not findings), which
 * keeps a cold index of a large workspace fast.
 */
export function summarize(key: string, text: string, config: LensConfig, today: Date): DocSummary {
  // Past an input limit the document counts with no objectives, as in the editor (analyze.ts `limited`).
  if (checkLimits(text, limitsFor(config))) {
    const empty = emptyDocument(new LineIndex(text).lineCount);
    return summaryOf(key, empty, scoreDocument(empty, config, today), []);
  }
  const parsed = parseMarkdown(text);
  const document = buildDocument(parsed, { fiscalYearStartMonth: config.fiscalYearStartMonth, confidenceScale: config.confidenceScale });
  return summaryOf(key, document, scoreDocument(document, config, today), findSuppressions(parsed.root, parsed.lines), text);
}
