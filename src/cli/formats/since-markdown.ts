import { deltaMarkdown } from '../../core/index';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'markdown',
  serves: 'since',
  order: 1,
  description: 'the same changes as a table under a heading, for a pull-request comment',
  render: ({ rows, since, staged, shownKey }) => [deltaMarkdown(rows, since, staged ? 'staged changes' : 'working tree', shownKey).trimEnd()],
});
