import { checkReportJsonSchema } from '../../core/report/json';
import { rollupReportJsonSchema } from '../../core/report/rollup';
import { UsageError } from '../../node/files';
import type { Command } from '../command';

export const schema: Command = {
  name: 'schema',
  usage: 'schema [check|rollup]',
  summary: 'print the JSON Schema of `check --format json` (or of `rollup --format json`)',
  options: [],
  targets: [],
  run({ io, paths }) {
    const which = paths[0] ?? 'check';
    if (which !== 'check' && which !== 'rollup') throw new UsageError(`unknown schema '${which}' (expected check or rollup)`);
    io.out(JSON.stringify(which === 'check' ? checkReportJsonSchema() : rollupReportJsonSchema(), null, 2));
    return Promise.resolve(0);
  },
};
