import { version } from '../../../package.json';
import { checkReport, fileJson } from '../../core/report/json';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'json',
  serves: 'check',
  order: 1,
  description: 'the report as versioned JSON (its schema: okr-lens schema check)',
  render: ({ files, today }) => [
    JSON.stringify(
      checkReport(
        files.map((a) => fileJson(a.shown, a.analysis)),
        version,
        today.toISOString().slice(0, 10),
      ),
      null,
      2,
    ),
  ],
});
