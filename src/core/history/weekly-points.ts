import { parseQuantity } from '../model/quantity';
import type { KeyResult, QuantityField } from '../model/schema';
import { DEFAULT_CONFIG } from '../config/config';
import { scoreKeyResult } from '../score/attainment';
import { isTeamUpdate, matchRow, weeklyFolderOf } from '../weekly/update';
import type { TrailPoint } from './trail';
import type { WeeklyReport, WeeklyReportRow } from './weekly-report';

export { weeklyReportOf, type WeeklyReport, type WeeklyReportRow } from './weekly-report';

/** The reports of a quarterly document's team (as the weekly update finds the previous one), oldest first. */
export function teamReports(
  reports: readonly WeeklyReport[],
  quarterly: { key: string; team: string | null },
  weeklyPath: string = DEFAULT_CONFIG.weeklyPath,
): WeeklyReport[] {
  const folder = weeklyFolderOf(quarterly.key, weeklyPath, quarterly.team);
  return reports
    .filter((r) => isTeamUpdate(r, quarterly, folder))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Each KR's points from its team's weekly updates (oldest first): for each
 * update dated on or before `today`, the row that names the KR (matched by
 * name as the weekly update matches the previous one), at the update's day,
 * with its Now, its confidence and the score Now would give the KR.
 */
export function weeklyPoints(krs: readonly KeyResult[], reports: readonly WeeklyReport[], today: string): Map<KeyResult, TrailPoint[]> {
  const out = new Map<KeyResult, TrailPoint[]>(krs.map((kr) => [kr, []]));
  const ctx = { bands: DEFAULT_CONFIG.ragBands, clock: null, paceThreshold: 0 };
  for (const report of reports) {
    if (report.date > today) continue;
    const used = new Set<WeeklyReportRow>();
    for (const kr of krs) {
      const row = matchRow(kr.text, report.rows, used);
      if (!row) continue;
      used.add(row);
      const current: QuantityField | null =
        row.now === null ? null : { text: row.now, range: kr.current?.range ?? kr.textRange, source: 'cell', quantity: parseQuantity(row.now) };
      // The week's Now scored as the KR scores today, an explicit Score (a final grade) left out.
      const score = current ? scoreKeyResult({ ...kr, current, score: null }, ctx).value : null;
      out.get(kr)!.push({ commit: null, date: report.date, current: row.now, confidence: row.confidence, score, weekly: report.key });
    }
  }
  return out;
}

/**
 * A KR's git trail and its weekly points in one, by day. On a day with both, the
 * quarterly document's own version wins: the update copies its Now from it, and
 * the commit (or the working copy) is what the document said last that day.
 */
export function mergeTrail(git: readonly TrailPoint[], weekly: readonly TrailPoint[]): TrailPoint[] {
  const days = new Set(git.map((p) => p.date.slice(0, 10)));
  const merged = [...git, ...weekly.filter((p) => !days.has(p.date.slice(0, 10)))];
  // Stable: git's own order within a day stays.
  return merged
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const x = a.p.date.slice(0, 10);
      const y = b.p.date.slice(0, 10);
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    })
    .map(({ p }) => p);
}
