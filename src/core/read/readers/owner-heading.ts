import { columnFor } from '../../model/aliases';
import { splitLabel } from '../../model/fields';
import type { Field } from '../../model/schema';
import { defineReader } from '../reader';

/**
 * `### Owner: Preetam`: the owner of the objective open under it, or of the one that follows. A
 * heading that is a person's card (`### <TeamMember name="Luke Baber" />`) names the owner of what follows.
 */
export const ownerHeading = defineReader({
  id: 'owner-heading',
  title: 'Owner headings',
  summary: 'A heading "Owner: name" names the owner of the objective it sits in, or of the next one.',
  on: ['heading'],
  read(block, ctx) {
    // `### <TeamMember name="Luke Baber" photo />`: a heading that is a person's card names the owner of what follows.
    const card =
      block.text === ''
        ? block.node.children.map((c) => (c.type === 'html' ? /\bname=["']([^"']+)["']/.exec(c.value)?.[1] : undefined)).find(Boolean)
        : undefined;
    if (card) {
      const range = block.range;
      ctx.pendingOwner = { field: { text: card, range, source: 'field' }, depth: block.depth };
      return true;
    }
    const label = splitLabel(block.text, 3);
    if (!label || columnFor(label.label) !== 'owner') return false;
    const field: Field = { text: label.value, range: block.flat.range(ctx.lines, label.valueIndex, block.flat.text.length), source: 'field' };
    if (ctx.obj && !ctx.obj.objective.owner) ctx.obj.objective.owner = field;
    else ctx.pendingOwner = { field, depth: block.depth };
    return true;
  },
});
