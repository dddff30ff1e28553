import { markdownReport } from '../../core/report/markdown';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'markdown',
  serves: 'check',
  order: 3,
  description: 'a summary table and the findings of each document, for a pull-request comment',
  render: ({ files }) => [markdownReport(files.map((a) => ({ path: a.shown, analysis: a.analysis }))).trimEnd()],
});
