import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'json',
  serves: 'since',
  order: 2,
  description: 'the changed rows as versioned JSON',
  render: ({ rows, since, staged, shownKey }) => [
    JSON.stringify(
      {
        version: 1,
        since,
        compared: staged ? 'index' : 'working-tree',
        rows: rows.map((r) => ({ ...r, id: shownKey(r.path) + r.id.slice(r.path.length), path: shownKey(r.path) })),
      },
      null,
      2,
    ),
  ],
});
