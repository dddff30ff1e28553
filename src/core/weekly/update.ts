import { firstH1 } from '../detect';
import { matchKeyResults } from '../history/goalposts';
import { dirname, join, normalize } from '../workspace/posix';
import type { KeyResult, OkrDocument, QuantityField, WeeklyRow } from '../model/schema';
import { linksOf } from '../history/weekly-report';

export { linksOf };

/**
 * This week's update of a team (the weekly format docs/formats/weekly-table.md
 * reads): a `KR | Last | Now | Δ | …` table with every KR of the team's
 * quarterly document, a Top 3 to fill with `→ supports [KR]` links, and
 * Blockers. Pure: the command line and the editor gather the inputs (the
 * previous update, the document as it was at the start of the week).
 */
export interface WeeklyInputs {
  /** The team's quarterly document, as in the working copy: Now. */
  quarterly: OkrDocument;
  /** The link from the new update to the quarterly document (relative, `/`-separated). */
  quarterlyLink: string;
  /** The Monday of the week (YYYY-MM-DD): the update's date. */
  monday: string;
  /** The team's newest weekly update dated before this week, with how to name it; null when there is none. */
  previous: { document: OkrDocument; name: string } | null;
  /**
   * The quarterly document as it was at the start of the week (its last commit
   * before Monday), for the KRs the previous update does not give; null when
   * git does not know it (no repository, not committed then, the web).
   */
  history: { document: OkrDocument; commit: string; date: string } | null;
}

/** Where a row's Last came from. */
export type LastSource = 'previous' | 'history' | 'none';

export interface WeeklyUpdateRow {
  kr: KeyResult;
  last: string;
  now: string;
  delta: string;
  lastConfidence: string;
  confidence: string;
  confidenceDelta: string;
  source: LastSource;
}

export interface WeeklyUpdate {
  /** The document's Markdown, `\n` line endings, ending with a newline. */
  text: string;
  rows: WeeklyUpdateRow[];
  team: string | null;
}

/** The Monday of a day's week (UTC), as YYYY-MM-DD. */
export function mondayOf(day: Date): string {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The path of a week's update, relative to the quarterly document's folder:
 * `{date}` is the Monday, `{team}` the team in lower case with dashes (`team`
 * when the document names none). Always `/`-separated.
 */
export function weeklyPathFor(pattern: string, monday: string, team: string | null): string {
  const slug =
    (team ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'team';
  return pattern
    .replace(/\{date\}/g, monday)
    .replace(/\{team\}/g, slug)
    .replace(/\\/g, '/');
}

/** The placeholder a Top 3 item is written with, and that `priority-not-linked` does not take for a KR. */
export const PRIORITY_PLACEHOLDER = '…';

/** Builds the week's update. */
export function weeklyUpdate(inputs: WeeklyInputs): WeeklyUpdate {
  const { quarterly, previous, history, monday } = inputs;
  const krs = quarterly.objectives.flatMap((o) => o.keyResults);
  const fromHistory = new Map<KeyResult, KeyResult>();
  if (history) for (const { now, then } of matchKeyResults(history.document, quarterly)) fromHistory.set(now, then);
  const previousRows = previous ? previous.document.weeklyTables.flatMap((t) => t.rows) : [];
  const used = new Set<WeeklyRow>();

  const rows = krs.map((kr): WeeklyUpdateRow => {
    const prior = matchRow(kr.text, previousRows, used);
    const then = fromHistory.get(kr);
    const nowText = cell(kr.current?.text);
    const confidence = cell(kr.confidence?.text);
    let source: LastSource = 'none';
    let last: QuantityField | null = null;
    let lastConfidence: { text: string; value: number | null } | null = null;
    if (prior && prior.current) {
      used.add(prior);
      source = 'previous';
      last = prior.current;
      lastConfidence = prior.confidence?.value != null ? prior.confidence : (then?.confidence ?? null);
    } else if (then) {
      source = 'history';
      last = then.current;
      lastConfidence = then.confidence;
    }
    return {
      kr,
      last: cell(last?.text),
      now: nowText,
      delta: last && kr.current ? quantityDelta(last, kr.current) : '',
      lastConfidence: cell(lastConfidence?.text),
      confidence,
      confidenceDelta: confidenceDelta(lastConfidence?.value ?? null, kr.confidence?.value ?? null),
      source,
    };
  });

  const team = quarterly.team;
  const lines: string[] = [];
  lines.push(`# Weekly OKR Update — ${monday}${team ? ` — ${team}` : ''}`, '');
  const docName = quarterly.title ?? 'the quarterly OKRs';
  const week = weekOfQuarter(quarterly, monday);
  lines.push(`Team: ${team ?? 'not named'} ([${escapeLinkText(docName)}](${encodeURI(inputs.quarterlyLink)})).${week ? ` ${week}.` : ''}`, '');
  lines.push(lastSentence(rows, inputs), '');
  lines.push('## KR changes', '');
  const header = ['KR', 'Last', 'Now', 'Δ', 'Last confidence', 'Confidence', 'Confidence Δ', 'Note'];
  const body = rows.map((r) => [cell(r.kr.text), r.last, r.now, r.delta, r.lastConfidence, r.confidence, r.confidenceDelta, '']);
  lines.push(...table(header, body), '');
  lines.push('## Top 3 This Week', '');
  lines.push(`<!-- For each priority: what you will do, then the KR it moves, one of: ${krs.map((k) => k.text.replace(/--/g, '-')).join(' · ')} -->`, '');
  for (let i = 1; i <= 3; i++) lines.push(`${i}. ${PRIORITY_PLACEHOLDER} → supports [${PRIORITY_PLACEHOLDER}]`);
  lines.push('', '## Blockers', '');
  lines.push('<!-- One line each, or none: what is stuck → need [action] from [person] -->', '');
  return { text: lines.join('\n'), rows, team };
}

/** The previous update's row for a KR: the same name (case and spacing aside), else the most similar one. */
export function matchRow<R extends { name: string }>(name: string, rows: readonly R[], used: ReadonlySet<R>): R | null {
  const key = normal(name);
  const free = rows.filter((r) => !used.has(r));
  const exact = free.find((r) => normal(r.name) === key);
  if (exact) return exact;
  const words = wordsOf(name);
  let best: R | null = null;
  let score = 0.6;
  for (const row of free) {
    const other = wordsOf(row.name);
    const common = [...words].filter((w) => other.has(w)).length;
    const s = common / Math.max(words.size, other.size, 1);
    if (s >= score) [best, score] = [row, s];
  }
  return best;
}

const normal = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
const wordsOf = (s: string): Set<string> => new Set(normal(s).match(/[\p{L}\p{N}]+/gu) ?? []);

/** A value as a table cell: one line, pipes escaped. */
function cell(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

function escapeLinkText(text: string): string {
  return text.replace(/([[\]])/g, '\\$1');
}

/** `-0.5 days`, `+7/month`: the change written in the unit and magnitude of Now; empty when the two do not compare. */
export function quantityDelta(last: QuantityField, now: QuantityField): string {
  const a = last.quantity;
  const b = now.quantity;
  if (a.kind !== 'number' || b.kind !== 'number') return '';
  if ((a.unit?.symbol ?? null) !== (b.unit?.symbol ?? null) || (a.unit?.factor ?? 1) !== (b.unit?.factor ?? 1)) return '';
  const written = /\d+(?:\.\d+)?/.exec(b.raw);
  if (!written) return '';
  // The factor from the value to the number as written (`$1.2M`: 1200000 → 1.2).
  const shown = Number(written[0]);
  const scale = b.value !== 0 ? shown / b.value : a.value !== 0 ? (/\d+(?:\.\d+)?/.exec(a.raw) ? Number(/\d+(?:\.\d+)?/.exec(a.raw)![0]) / a.value : 1) : 1;
  const change = round((b.value - a.value) * scale);
  const sign = change > 0 ? '+' : change < 0 ? '-' : '';
  const rest = b.raw.replace(/^[<>≤≥]=?\s*|^[-+−]\s*/u, '');
  return `${sign}${rest.replace(/\d+(?:\.\d+)?/, String(Math.abs(change)))}`;
}

function confidenceDelta(last: number | null, now: number | null): string {
  if (last === null || now === null) return '';
  const change = round(now - last);
  return change > 0 ? `+${change}` : change < 0 ? `-${Math.abs(change)}` : '0';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** `Week 10 of 13`, when the quarter's dates are known and the week lies in it. */
function weekOfQuarter(doc: OkrDocument, monday: string): string | null {
  const q = doc.quarter;
  if (!q?.start || !q.end) return null;
  const day = 86_400_000;
  const start = Date.parse(`${q.start}T00:00:00Z`);
  const end = Date.parse(`${q.end}T00:00:00Z`);
  const at = Date.parse(`${monday}T00:00:00Z`);
  const weeks = Math.ceil((end - start + day) / (7 * day));
  const week = Math.floor((at - start) / (7 * day)) + 1;
  // A quarter that starts mid-week: its first Monday may come before it.
  const n = at < start && start - at < 7 * day ? 1 : week;
  return n >= 1 && n <= weeks ? `Week ${n} of ${weeks}` : null;
}

/** Says where Last comes from, so the reader knows what the changes compare with. */
function lastSentence(rows: readonly WeeklyUpdateRow[], inputs: WeeklyInputs): string {
  const from: string[] = [];
  if (rows.some((r) => r.source === 'previous') && inputs.previous)
    from.push(`the update of ${inputs.previous.document.date ?? 'last week'} (${inputs.previous.name})`);
  if (rows.some((r) => r.source === 'history') && inputs.history)
    from.push(`the quarterly document as committed on ${inputs.history.date.slice(0, 10)} (${inputs.history.commit.slice(0, 7)})`);
  const none = rows.filter((r) => r.source === 'none').length;
  const parts = from.length > 0 ? [`Last is from ${from.join(', else ')}`] : [];
  if (none > 0)
    parts.push(`${none === rows.length ? 'no' : `${none} KR${none === 1 ? ' has' : 's have'} no`} earlier value${none === rows.length ? ' was found' : ''}`);
  return `${parts.join('; ')}. Now is the quarterly document as it stands.`.replace(/^no/, 'No');
}

/** A Markdown table, its columns padded to their widest cell. */
function table(header: readonly string[], body: ReadonlyArray<readonly string[]>): string[] {
  const width = header.map((h, i) =>
    Math.max(
      3,
      [h, ...body.map((r) => r[i] ?? '')].reduce((w, c) => Math.max(w, [...c].length), 0),
    ),
  );
  const row = (cells: readonly string[]): string => `| ${cells.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join(' | ')} |`;
  return [row(header), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(row)];
}

/** A weekly update found in the workspace: its key (absolute `/`-separated path), text and document. */
export interface WeeklyCandidate {
  key: string;
  text: string;
  document: OkrDocument;
}

/**
 * The team's newest weekly update dated before `monday`: a weekly document
 * that names the team, links to the quarterly document, or lies in the
 * folder the team's updates are written to. Null when there is none.
 */
export function previousUpdate(
  candidates: readonly WeeklyCandidate[],
  quarterly: { key: string; team: string | null },
  monday: string,
  weeklyFolder: string,
): WeeklyCandidate | null {
  const ours = candidates.filter((c) => {
    const d = c.document;
    if (d.kind !== 'weekly' || d.date === null || d.date >= monday) return false;
    return isTeamUpdate({ key: c.key, team: d.team, links: linksOf(c.text) }, quarterly, weeklyFolder);
  });
  ours.sort((a, b) => (a.document.date! < b.document.date! ? 1 : a.document.date! > b.document.date! ? -1 : a.key < b.key ? 1 : -1));
  return ours[0] ?? null;
}

/**
 * A weekly update is the team's when it names the team, lies in the folder the
 * team's updates are written to, or links to the quarterly document.
 */
export function isTeamUpdate(
  update: { key: string; team: string | null; links: readonly string[] },
  quarterly: { key: string; team: string | null },
  weeklyFolder: string,
): boolean {
  if (update.key === quarterly.key) return false;
  if (quarterly.team !== null && update.team !== null && normal(update.team) === normal(quarterly.team)) return true;
  if (dirname(update.key) === normalize(weeklyFolder)) return true;
  return update.links.some((target) => normalize(join(dirname(update.key), target)) === quarterly.key);
}

/** The folder a quarterly document's weekly updates are written to (the weeklyPath setting), as a key. */
export function weeklyFolderOf(quarterlyKey: string, pattern: string, team: string | null): string {
  return normalize(dirname(join(dirname(quarterlyKey), weeklyPathFor(pattern, '0000-00-00', team))));
}

/** A cheap test before analysing a file: its first heading or its front matter says it is a weekly update. */
export function looksWeekly(text: string): boolean {
  const h1 = firstH1(text) ?? '';
  return /\bweekly\b|\bcheck-?in\b/i.test(h1) || /^type:\s*weekly\s*$/im.test(text.slice(0, 2000));
}
