import type { Quarter } from './schema';

/**
 * Reads a quarter from text: `Q1 2026`, `2026-Q1`, `2026 Q1`, `Q2FY23`,
 * `FY23-Q3`, `Q1'26`, or a bare `Q2` (year unknown). Fiscal years are named
 * by the calendar year they end in and start in `fiscalYearStartMonth`.
 */
export function parseQuarter(text: string, fiscalYearStartMonth = 1): Quarter | null {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => [number, string | undefined, boolean]]> = [
    [/\bFY\s?'?(\d{4}|\d{2})\s*[-–/ ]?\s*Q([1-4])\b/i, (m) => [Number(m[2]), m[1], true]],
    [/\bQ([1-4])\s*[-–/ ]?\s*FY\s?'?(\d{4}|\d{2})\b/i, (m) => [Number(m[1]), m[2], true]],
    [/\bQ([1-4])\s*[-–/ ]?\s*'?(\d{4}|\d{2}(?!\d))(?![\d.,%])/i, (m) => [Number(m[1]), m[2], false]],
    [/\b(\d{4})\s*[-–/ ]?\s*Q([1-4])\b/i, (m) => [Number(m[2]), m[1], false]],
    [/\bQ([1-4])\b/, (m) => [Number(m[1]), undefined, false]],
  ];
  for (const [re, read] of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const [quarter, yearText, fiscal] = read(m);
    const year = yearText === undefined ? null : yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    if (year !== null && (year < 1990 || year > 2200)) continue;
    const label = year === null ? `Q${quarter}` : fiscal ? `Q${quarter} FY${year}` : `Q${quarter} ${year}`;
    let start: string | null = null;
    let end: string | null = null;
    if (year !== null) {
      const startMonth0 = fiscal ? fiscalYearStartMonth - 1 : 0;
      const firstYear = fiscal && fiscalYearStartMonth !== 1 ? year - 1 : year;
      const s = new Date(Date.UTC(firstYear, startMonth0 + (quarter - 1) * 3, 1));
      const e = new Date(Date.UTC(firstYear, startMonth0 + quarter * 3, 0));
      start = s.toISOString().slice(0, 10);
      end = e.toISOString().slice(0, 10);
    }
    return { label, quarter, year, fiscal, start, end };
  }
  return null;
}

/** True when a heading names only a period (`2019 Q1`, `Q4 2025 - OKRs de Lançamento`). */
export function isPeriodHeading(text: string): boolean {
  if (!parseQuarter(text)) return false;
  const rest = text
    .replace(/\bFY\s?'?\d{2,4}\b|\bQ[1-4]\b|\b\d{4}\b|'\d{2}/gi, ' ')
    .replace(/\b(?:okrs?|okr's|objectives?|and|key|results?|goals?|de|do|da|for|the|quarter|trimestre|lançamento|crescimento|excelência|[-–—:|·])\b/gi, ' ')
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();
  return rest.split(/\s+/).filter(Boolean).length <= 2;
}
