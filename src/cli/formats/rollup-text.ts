import { rollupTreeLines } from '../../core/report/rollup';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'text',
  serves: 'rollup',
  order: 0,
  color: true,
  description: 'the alignment tree (company → team → individual) with own and rolled-up scores and RAG',
  render: ({ message, style }) => rollupTreeLines(message(), style),
});
