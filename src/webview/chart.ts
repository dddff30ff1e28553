/// <reference lib="dom" />
import type uPlot from 'uplot';
import type { ProgressSeries } from '../core/history/series';
import { attrs, el } from './dom';
import { chartData, chartRows } from './model';

/** What a chart drew, for its element's data attributes and the tests that read them back. */
export interface ChartInfo {
  series: string[];
  points: number;
}

/** A theme colour from tree.css's variables (VS Code's theme, or the static page's own light and dark colours). */
function colourOf(container: HTMLElement): (name: string, fallback: string) => string {
  const style = getComputedStyle(container);
  return (name, fallback) => style.getPropertyValue(name).trim() || fallback;
}

/**
 * The progress chart of one node, drawn by uPlot on a canvas: score, the
 * expected-pace line and confidence on the 0–1 axis; the current value and the
 * target on the right axis (KRs with numbers). Under it, the same points as a
 * table, the chart's text alternative. uPlot styles its elements from script
 * (element.style, which the CSP allows) and its stylesheet is part of tree.css.
 */
export async function progressChart(
  container: HTMLElement,
  title: string,
  series: ProgressSeries,
): Promise<{ element: HTMLElement; info: ChartInfo; destroy(): void }> {
  // Loaded on the first chart, not with the tree: the tree's first render does not wait for it.
  const { default: UPlot } = await import('uplot');
  const figure = el('figure', 'chart');
  const data = chartData(series);
  const hasValues = data.value.some((v) => v !== null) || series.target !== null;
  const colour = colourOf(container);
  const fg = colour('--okr-muted', '#59636e');
  const grid = colour('--okr-border', '#d0d7de');
  const lines: uPlot.Series[] = [
    {},
    { label: 'Score', scale: 'score', stroke: colour('--okr-stretch', '#0969da'), width: 2, spanGaps: true, points: { show: true, size: 6 } },
    { label: 'Expected pace', scale: 'score', stroke: colour('--okr-amber', '#bf8700'), width: 1, dash: [6, 4], spanGaps: true, points: { show: false } },
    { label: 'Confidence', scale: 'score', stroke: colour('--okr-purple', '#8250df'), width: 1.5, spanGaps: true, points: { show: true, size: 4 } },
  ];
  const columns: uPlot.AlignedData = [data.x, data.score, data.expected, data.confidence];
  if (hasValues) {
    lines.push(
      { label: 'Value', scale: 'value', stroke: colour('--okr-green', '#1a7f37'), width: 1.5, spanGaps: true, points: { show: true, size: 5 } },
      {
        label: `Target${series.targetText ? ` ${series.targetText}` : ''}`,
        scale: 'value',
        stroke: colour('--okr-red', '#cf222e'),
        width: 1,
        dash: [2, 3],
        points: { show: false },
      },
    );
    columns.push(data.value, data.target);
  }
  const labels = lines.slice(1).map((line) => line.label as string);
  const width = Math.max(280, Math.min(640, container.clientWidth - 16 || 480));
  const axis = (scale: string | undefined, side: 0 | 1 | 2 | 3): uPlot.Axis => ({
    scale,
    side,
    stroke: fg,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  });
  const plot = new UPlot(
    {
      width,
      height: 200,
      scales: { x: { time: true }, score: { range: [0, 1] }, value: { auto: true } },
      axes: [
        axis(undefined, 2),
        { ...axis('score', 3), label: 'score' },
        ...(hasValues ? [{ ...axis('value', 1), grid: { show: false }, label: 'value' }] : []),
      ],
      series: lines,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
    },
    columns,
    figure,
  );
  const rows = chartRows(series);
  const summary = `${title}: ${rows.length} point${rows.length === 1 ? '' : 's'} from ${rows[0]?.date ?? '—'} to ${rows[rows.length - 1]?.date ?? '—'}${series.pace ? `; ${series.pace}` : ''}${series.targetText ? `; target ${series.targetText}` : ''}.`;
  const canvasHolder = figure.querySelector('.u-wrap');
  if (canvasHolder) attrs(canvasHolder, { role: 'img', 'aria-label': summary });
  const caption = el('figcaption', 'chart-caption', summary);
  const table = el('table', 'chart-table');
  const head = el('tr');
  for (const h of ['Date', 'Score', 'Value', 'Confidence', 'Version']) head.append(el('th', undefined, h));
  table.append(el('caption', 'visually-hidden', `${title}: the chart's points`), head);
  for (const r of rows) {
    const tr = el('tr');
    for (const cell of [r.date, r.score, r.value, r.confidence, r.commit]) tr.append(el('td', undefined, cell));
    table.append(tr);
  }
  const details = el('details', 'chart-data');
  details.append(el('summary', undefined, 'Data table'), table);
  figure.append(caption, details);
  attrs(figure, { 'data-series': labels.join('|'), 'data-points': rows.length });
  return { element: figure, info: { series: labels, points: rows.length }, destroy: () => plot.destroy() };
}
