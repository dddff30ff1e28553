import { defineReader } from '../reader';
import { sectionKind, VISION_LABEL } from '../vocabulary';

/**
 * Headings that name a section: Key Results, Initiatives (also "What we'll
 * ship"), Context, Dependencies, NOT doing (also Anti-goals, Non-goals,
 * Constraints), weekly Top 3 and Blockers, lists of Goals, and sections that
 * hold no OKRs (Key metrics, Scoring guide, Risks, Notes…). The blocks under
 * the heading belong to the section until a heading of its level or above.
 */
export const sectionHeading = defineReader({
  id: 'section-heading',
  title: 'Section headings',
  summary: 'A heading that names a section (Key Results, Initiatives, Context, NOT doing, Goals, Notes…) makes the blocks under it that kind of content.',
  on: ['heading'],
  keepsOpen: (block) => sectionKind(block.text) === 'kr',
  read(block, ctx) {
    const kind = sectionKind(block.text) ?? (VISION_LABEL.test(block.text) ? 'objectives' : null);
    if (!kind) return false;
    ctx.section = { kind, depth: block.depth };
    ctx.noteSection(kind, block.range);
    return true;
  },
});
