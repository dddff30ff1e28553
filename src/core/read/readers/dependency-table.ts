import { squash } from '../../model/text';
import { defineReader } from '../reader';
import { readDependency } from './section-items';

/** A table under a Dependencies heading or label: one dependency per row. */
export const dependencyTable = defineReader({
  id: 'dependency-table',
  title: 'Dependency tables',
  summary: 'A table under a Dependencies heading or label lists one dependency per row.',
  on: ['table'],
  read(block, ctx) {
    if (ctx.section?.kind !== 'dependencies' && ctx.pendingList !== 'dependencies') return false;
    for (const row of block.rows) {
      const text = row.cells
        .map((c) => squash(c.text))
        .filter(Boolean)
        .join(' — ');
      if (text) ctx.dependencies.push({ ...readDependency(text, row.range), team: null });
    }
    ctx.pendingList = null;
    return true;
  },
});
