import { deltaLines } from '../../core/index';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'text',
  serves: 'since',
  order: 0,
  description: 'each score old → new, RAG changes, confidence drops, new and removed KRs',
  render: ({ rows, since, staged, shownKey }) => deltaLines(rows, since, staged ? 'staged changes' : 'working tree', shownKey),
});
