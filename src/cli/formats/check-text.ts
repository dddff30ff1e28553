import { diagnosticLines, qualityLines, summaryLine, totalsLine } from '../../core/report/text';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'text',
  serves: 'check',
  order: 0,
  color: true,
  description: 'path:line:col severity rule-id message for each finding, a summary line and the quality of each document, and the totals',
  render({ files, style }) {
    const lines: string[] = [];
    for (const { shown, analysis } of files) {
      lines.push(...diagnosticLines(shown, analysis, style));
      lines.push(summaryLine(shown, analysis, style));
      lines.push(...qualityLines(analysis, style));
    }
    const suppressed = files.reduce((n, a) => n + a.analysis.suppressed.length, 0);
    lines.push(
      `\n${totalsLine(
        files.length,
        files.flatMap((a) => a.analysis.findings),
      )}${suppressed > 0 ? ` (${suppressed} suppressed; see --list-suppressions)` : ''}`,
    );
    return lines;
  },
});
