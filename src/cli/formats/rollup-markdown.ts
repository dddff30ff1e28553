import { rollupMarkdown } from '../../core/report/rollup';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'markdown',
  serves: 'rollup',
  order: 2,
  description: 'the tree as nested lists with RAG emojis and scores, then a table of teams',
  render: ({ message }) => [rollupMarkdown(message()).trimEnd()],
});
