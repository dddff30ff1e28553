import { analyze, type Analysis, type AnalyzeOptions } from './analyze';
import { applyEdits, cellSpan, escapeCell, tableAround, type TextEdit } from './fixes';
import { parseQuarter } from './model/quarter';
import type { KeyResult, Objective } from './model/schema';
import { formatScore, RAG_LABELS, type Rag } from './score/rag';

/**
 * The quarter's rhythm in text: the template of a new quarter's document, the
 * grades written into a document at the quarter's end with its retrospective,
 * and next quarter's document rolled over from this one. Pure: the editor's
 * commands (src/features/quarter.ts) ask the questions and apply the edits.
 */

/** A quarter as a document's title names it. */
export interface QuarterName {
  /** `Q1 2027`, or `Q3 FY2027` when the fiscal year does not start in January. */
  label: string;
  /** The file name stem: `q1-2027`, `q3-fy2027`. */
  stem: string;
  /** ISO date of its first day. */
  start: string;
}

/**
 * The quarter holding a day. With `fiscalYearStartMonth` other than 1 the
 * quarter is a fiscal one, its year the calendar year the fiscal year ends in
 * (as parseQuarter reads `Q1 FY2027`).
 */
export function quarterOf(day: Date, fiscalYearStartMonth = 1): QuarterName {
  const month0 = day.getUTCMonth();
  const first0 = fiscalYearStartMonth - 1;
  const offset = (month0 - first0 + 12) % 12;
  const quarter = Math.floor(offset / 3) + 1;
  const startYear = month0 >= first0 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
  const start = new Date(Date.UTC(startYear, first0 + (quarter - 1) * 3, 1)).toISOString().slice(0, 10);
  if (fiscalYearStartMonth === 1) return { label: `Q${quarter} ${startYear}`, stem: `q${quarter}-${startYear}`, start };
  const fy = startYear + 1;
  return { label: `Q${quarter} FY${fy}`, stem: `q${quarter}-fy${fy}`, start };
}

/** The quarter `n` quarters after the one holding `day` (n may be 0 or negative). */
export function quarterAfter(day: Date, n: number, fiscalYearStartMonth = 1): QuarterName {
  const start = new Date(`${quarterOf(day, fiscalYearStartMonth).start}T00:00:00Z`);
  return quarterOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3 * n, 1)), fiscalYearStartMonth);
}

/** This quarter, the next one and the one after, as the New Document command offers them (the next one is the default). */
export function quarterChoices(today: Date, fiscalYearStartMonth = 1): Array<{ quarter: QuarterName; when: 'this' | 'next' | 'following' }> {
  return (['this', 'next', 'following'] as const).map((when, i) => ({ quarter: quarterAfter(today, i, fiscalYearStartMonth), when }));
}

/** The quarter after a document's own (`Q4 2026` → `Q1 2027`), or null when its title names no dated quarter. */
export function nextQuarterOf(analysis: Analysis, fiscalYearStartMonth = 1): QuarterName | null {
  const q = analysis.document.quarter;
  if (!q?.start) return null;
  return quarterAfter(new Date(`${q.start}T00:00:00Z`), 1, q.fiscal ? fiscalYearStartMonth : 1);
}

/** A team's name as a folder or file name: `Customer Success` → `customer-success`. */
export function slugOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\d]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'team'
  );
}

const TABLE_HEAD = '| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----------|--------|---------|-------|------------|';

/**
 * A new quarter's document for a team, with every value left blank for the team to write (no
 * sample numbers): the title, Context, one objective with its Supports line (when one was chosen)
 * and an empty KR row, Key initiatives, Dependencies and What we're NOT doing.
 */
export function quarterTemplate(options: { team: string; quarter: string; supports?: string | null }): string {
  const supports = options.supports ? `Supports: ${options.supports}\n` : '';
  return [
    `# ${options.quarter} OKRs — ${options.team.trim()}`,
    '',
    '## Context',
    '',
    '- Annual goal this supports: ',
    '- Key assumption: ',
    '- Biggest risk: ',
    '',
    '## Objective 1: ',
    `${supports}`,
    TABLE_HEAD,
    '|  |  |  |  |  |  |',
    '',
    '**Key initiatives:**',
    '',
    '- ',
    '',
    '## Dependencies',
    '',
    '- ',
    '',
    "## What we're NOT doing this quarter",
    '',
    '- ',
    '',
  ].join('\n');
}

/** How the KRs of a document graded: how many in each RAG band, how many have no score, and the document's score. */
export interface GradeDistribution {
  counts: Record<Rag, number>;
  unscored: number;
  total: number;
  /** The document's score once the grades are written, or null when no KR has one. */
  score: number | null;
  rag: Rag | null;
}

/** What Grade the Quarter writes: the edits (one undoable change) and the distribution its retrospective states. */
export interface Grading {
  edits: TextEdit[];
  /** KRs whose score was written; explicit scores already there are kept, and counted in `kept`. */
  written: number;
  kept: number;
  distribution: GradeDistribution;
}

const BANDS: Rag[] = ['red', 'amber', 'green', 'stretch'];

/**
 * Grades the quarter: each KR's final score (as OKR Lens scores it) written into a Score column of
 * its KR table (added as the last column where a table has none; a score already written there is
 * kept) or as a `(Score: 0.70)` field of a bullet KR, and a `## Retrospective` section at the end
 * with the grade distribution filled in and what went well, what didn't and what carries forward
 * to write. A KR with no score (no current value) gets an empty cell, never a made-up grade. The
 * written scores read back as the same values (the stated-score reader reads the Score column).
 * Null when the document has no KR to grade.
 */
export function gradeQuarter(analysis: Analysis, options: AnalyzeOptions = {}): Grading | null {
  const text = analysis.lines.text;
  const krs = analysis.document.objectives.flatMap((o) => o.keyResults);
  if (krs.length === 0) return null;
  const edits: TextEdit[] = [];
  let written = 0;
  let kept = 0;
  const scoreText = (kr: KeyResult): string | null => {
    const s = analysis.scores.keyResult(kr);
    return s.value === null ? null : formatScore(s.value);
  };
  const tables = new Set<number>();
  for (const kr of krs) {
    if (kr.score && kr.score.value !== null) {
      kept++;
      continue;
    }
    if (kr.kind === 'table') {
      const table = tableAround(text, analysis, kr.range.start.line);
      if (!table) continue;
      const first = table.lines[0]!.line;
      const index = table.columns.indexOf('score');
      if (index < 0) {
        // The whole table gets its Score column once: every row's value at once.
        if (tables.has(first)) continue;
        tables.add(first);
        for (const [i, l] of table.lines.entries()) {
          const row = krs.find((k) => k.kind === 'table' && k.range.start.line === l.line);
          const value = i === 0 ? 'Score' : i === 1 ? '' : row && !(row.score && row.score.value !== null) ? (scoreText(row) ?? '') : '';
          if (i >= 2 && row && value !== '') written++;
          // Short rows get their missing cells first, so the score lands in the Score column.
          const missing = Math.max(0, table.columns.length - l.cells);
          const pad = (i === 1 ? '---|' : '  |').repeat(missing);
          const cell = i === 1 ? '---|' : value === '' ? '  |' : ` ${escapeCell(value)} |`;
          edits.push({ start: l.end, end: l.end, text: `${l.closed ? '' : ' |'}${pad}${cell}` });
        }
        continue;
      }
      const row = table.rows.find((r) => r.line === kr.range.start.line);
      const value = scoreText(kr);
      if (!row || value === null) continue;
      if (row.cells <= index) {
        const missing = index - row.cells;
        edits.push({ start: row.end, end: row.end, text: `${row.closed ? '' : ' |'}${'  |'.repeat(missing)} ${value} |` });
      } else {
        const cell = cellSpan(row, index);
        if (!cell) continue;
        edits.push({ start: cell.start, end: cell.end, text: ` ${value} ` });
      }
      written++;
    } else if (kr.kind === 'bullet' || kr.kind === 'paragraph') {
      const value = scoreText(kr);
      if (value === null) continue;
      const end = analysis.lines.lineEnd(kr.textRange.end.line);
      const at = text.slice(0, end).trimEnd().length;
      edits.push({ start: at, end: at, text: ` (Score: ${value})` });
      written++;
    }
  }
  // The distribution and the document's score as the graded text states them.
  const graded = analyze(applyEdits(text, edits), options);
  const gradedKrs = graded.document.objectives.flatMap((o) => o.keyResults);
  const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, stretch: 0 };
  let unscored = 0;
  for (const kr of gradedKrs) {
    const rag = graded.scores.keyResult(kr).rag;
    if (rag) counts[rag]++;
    else unscored++;
  }
  const distribution: GradeDistribution = {
    counts,
    unscored,
    total: gradedKrs.length,
    score: graded.scores.document.value,
    rag: graded.scores.document.rag,
  };
  if (!analysis.document.headings.some((h) => /^retro(?:spective)?\b/i.test(h.text.trim()))) {
    const lead = text.endsWith('\n\n') || text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    edits.push({ start: text.length, end: text.length, text: `${lead}${retrospective(distribution, graded)}` });
  }
  if (text.includes('\r\n')) for (const e of edits) e.text = e.text.replace(/\r?\n/g, '\r\n');
  return { edits, written, kept, distribution };
}

/** `## Retrospective` with the grade distribution, and the three questions to answer. */
function retrospective(d: GradeDistribution, graded: Analysis): string {
  const krs = (rag: Rag): string[] =>
    graded.document.objectives.flatMap((o) => o.keyResults.filter((kr) => graded.scores.keyResult(kr).rag === rag).map((kr) => kr.text.trim()));
  const lines = [
    '## Retrospective',
    '',
    `Graded ${d.total === 1 ? '1 key result' : `${d.total} key results`}: ${d.score === null ? 'no score' : `document score ${formatScore(d.score)} (${RAG_LABELS[d.rag!]})`}.`,
    '',
    '| Grade | KRs | Key results |',
    '|-------|-----|-------------|',
    ...BANDS.map((b) => `| ${RAG_LABELS[b]} | ${d.counts[b]} | ${escapeCell(krs(b).join('; '))} |`),
  ];
  if (d.unscored > 0) lines.push(`| Not scored | ${d.unscored} |  |`);
  lines.push('', '### What went well', '', '- ', '', "### What didn't", '', '- ', '', '### What carries forward', '', '- ', '');
  return lines.join('\n');
}

/** Whether an objective is finished: every KR scored 1.0 (a stated grade counts). */
export function isFinished(analysis: Analysis, objective: Objective): boolean {
  return objective.keyResults.length > 0 && objective.keyResults.every((kr) => (analysis.scores.keyResult(kr).value ?? 0) >= 0.995);
}

/**
 * Next quarter's document from this one: the same team, the next quarter in the title, the chosen
 * objectives (by index) with their Supports lines, and their KRs with the last current value as the
 * baseline (the baseline itself where no current value was written), targets and owners kept, and
 * current and confidence blank for the new quarter's check-ins. The Context and NOT-doing sections
 * are left to write again.
 */
export function rolloverText(analysis: Analysis, options: { quarter: string; objectives: readonly number[] }): string {
  const doc = analysis.document;
  const title = doc.title
    ? doc.quarter && doc.title.includes(doc.quarter.label)
      ? doc.title.replace(doc.quarter.label, options.quarter)
      : replaceQuarter(doc.title, options.quarter)
    : `${options.quarter} OKRs${doc.team ? ` — ${doc.team}` : ''}`;
  const out = [`# ${title}`, '', '## Context', '', '- Annual goal this supports: ', '- Key assumption: ', '- Biggest risk: ', ''];
  let n = 0;
  for (const index of options.objectives) {
    const o = doc.objectives[index];
    if (!o) continue;
    n++;
    out.push(`## Objective ${n}: ${o.title.trim()}`);
    // Each alignment line whole (its range may cover only the label and the first reference).
    for (const a of o.alignments) for (let line = a.range.start.line; line <= a.range.end.line; line++) out.push(analysis.lines.lineText(line).trim());
    out.push('', TABLE_HEAD);
    for (const kr of o.keyResults) {
      const last = nonEmpty(kr.current?.text) ?? nonEmpty(kr.baseline?.text) ?? '';
      const owner = kr.owner && kr.owner.names.length > 0 ? kr.owner.names.join(', ') : (nonEmpty(kr.owner?.text) ?? '');
      const cells = [krStatement(kr), last, nonEmpty(kr.target?.text) ?? '', '', owner, ''];
      out.push(`| ${cells.map((c) => escapeCell(c)).join(' | ')} |`);
    }
    out.push('');
  }
  out.push("## What we're NOT doing this quarter", '', '- ', '');
  return out.join('\n');
}

/** A title with its quarter replaced (`Growth OKRs, Q4 2026` → `Growth OKRs, Q1 2027`), or the quarter put first. */
function replaceQuarter(title: string, quarter: string): string {
  const q = parseQuarter(title);
  if (!q) return `${quarter} ${title}`;
  const re = /\bFY\s?'?\d{2,4}\s*[-–/ ]?\s*Q[1-4]\b|\bQ[1-4]\s*[-–/ ]?\s*(?:FY\s?)?'?\d{2,4}\b|\b\d{4}\s*[-–/ ]?\s*Q[1-4]\b/i;
  return re.test(title) ? title.replace(re, quarter) : `${quarter} ${title}`;
}

/** The KR's statement alone: a bullet's inline fields (`(Owner: Maria)`) are cells of the new table. */
function krStatement(kr: KeyResult): string {
  return kr.text
    .replace(/\s*\((?:owner|current|baseline|target|confidence|score|due|weight)\s*:[^)]*\)/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** The file name of a quarter's document next to another: `q4-2026.okr.md` → `q1-2027.okr.md`, or `<stem>.okr.md`. */
export function nextFileName(name: string, from: string | null, to: QuarterName): string {
  if (from) {
    const q = parseQuarter(from);
    if (q?.year) {
      const re = new RegExp(`q${q.quarter}([-_ ]?)(fy)?${q.year}`, 'i');
      if (re.test(name)) return name.replace(re, (_m, sep: string) => to.stem.replace('-', sep));
    }
  }
  return `${to.stem}.okr.md`;
}
