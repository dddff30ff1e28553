import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'text',
  serves: 'weekly',
  order: 0,
  description: "the update's Markdown, as written to the file (or printed with --stdout)",
  render: ({ text }) => text.replace(/\n$/, '').split('\n'),
});
