import { version } from '../../../package.json';
import { rollupReport } from '../../core/report/rollup';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'json',
  serves: 'rollup',
  order: 1,
  oneWorkspace: true,
  description: 'the alignment graph as versioned JSON (its schema: okr-lens schema rollup)',
  render: ({ graph, visible, shownKey, today }) => [JSON.stringify(rollupReport(graph, visible, shownKey, version, today.toISOString().slice(0, 10)), null, 2)],
});
