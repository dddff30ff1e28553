import type { OkrDocument } from '../model/schema';

/**
 * A weekly update reduced to what the progress charts need: its day, whose it
 * is (team, links, place) and each row's Now and confidence. Small and plain:
 * it travels in the workspace index's summaries.
 */
export interface WeeklyReport {
  /** The update's index key (absolute `/`-separated path). */
  key: string;
  /** The update's day (YYYY-MM-DD). */
  date: string;
  team: string | null;
  /** The relative file targets of its Markdown links (to find the quarterly document it reports on). */
  links: string[];
  rows: WeeklyReportRow[];
}

export interface WeeklyReportRow {
  /** The KR the row names. */
  name: string;
  /** Now as written; null when the cell is empty. */
  now: string | null;
  confidence: number | null;
}

const ISO_DAY = /\b(\d{4}-\d{2}-\d{2})\b/;

/**
 * The report of a weekly update document, dated by its title, else its front
 * matter `date`, else the day in its file name (the Monday `okr-lens weekly`
 * names it by); null for other documents, undated updates or updates without
 * a KR table.
 */
export function weeklyReportOf(key: string, document: OkrDocument, links: readonly string[]): WeeklyReport | null {
  if (document.kind !== 'weekly') return null;
  const file = key.slice(key.lastIndexOf('/') + 1);
  const date = document.date ?? ISO_DAY.exec(document.frontMatter['date'] ?? '')?.[1] ?? ISO_DAY.exec(file)?.[1] ?? null;
  if (date === null || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return null;
  const rows = document.weeklyTables
    .flatMap((t) => t.rows)
    .filter((r) => r.current !== null || r.confidence?.value != null)
    .map((r) => ({
      name: r.name,
      now: r.current && r.current.quantity.kind !== 'empty' ? r.current.text.replace(/\s+/g, ' ').trim() : null,
      confidence: r.confidence?.value ?? null,
    }));
  if (rows.length === 0) return null;
  return { key, date, team: document.team, links: [...links], rows };
}

/** The relative file targets of a document's Markdown links, fragments and queries removed. */
export function linksOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>#?]+)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
    try {
      out.push(decodeURI(target));
    } catch {
      out.push(target);
    }
  }
  return out;
}
