import { columnFor } from '../../model/aliases';
import { splitLabel } from '../../model/fields';
import type { Field } from '../../model/schema';
import { defineReader } from '../reader';

/** `### Owner: Preetam`: the owner of the objective open under it, or of the one that follows. */
export const ownerHeading = defineReader({
  id: 'owner-heading',
  title: 'Owner headings',
  summary: 'A heading "Owner: name" names the owner of the objective it sits in, or of the next one.',
  on: ['heading'],
  read(block, ctx) {
    const label = splitLabel(block.text, 3);
    if (!label || columnFor(label.label) !== 'owner') return false;
    const field: Field = { text: label.value, range: block.flat.range(ctx.lines, label.valueIndex, block.flat.text.length), source: 'field' };
    if (ctx.obj && !ctx.obj.objective.owner) ctx.obj.objective.owner = field;
    else ctx.pendingOwner = { field, depth: block.depth };
    return true;
  },
});
