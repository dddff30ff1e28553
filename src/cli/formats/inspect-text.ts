import { inspectLines } from '../../core/report/inspect';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'text',
  serves: 'inspect',
  order: 0,
  description: 'each objective and KR with its line, values, owner, score and the layout reader that read it (docs/formats)',
  render: ({ shown, analysis }) => inspectLines(shown, analysis),
});
