import { readKrLabel } from '../../model/sentence';
import { defineReader } from '../reader';
import { isStruckOut, OBJECTIVE_LABEL } from '../vocabulary';

/**
 * Headings labelled as key results: `### KR1: …`, `## Key result: …`,
 * `#### **KR 1.1**: …`, `### BPS KR 1.2: …`. When the label stands alone
 * (`## KR1 — Leading Metric`), the heading right under it states the KR.
 * `Label: value` lines and bullets below the heading are its fields.
 */
export const krHeading = defineReader({
  id: 'kr-heading',
  title: 'Key result headings',
  summary:
    'A heading labelled KR (KR1, Key result, Resultado-chave…, also after a role or code: CEO KR, BPS KR 1.1) is a key result; a label-only heading takes its statement from the heading under it.',
  on: ['heading'],
  keepsOpen: (block) => readKrLabel(block.text) !== null,
  continues(block, ctx) {
    const slot = ctx.statementSlot;
    if (!slot || block.depth <= slot.depth || readKrLabel(block.text) || OBJECTIVE_LABEL.test(block.text)) return false;
    ctx.statementSlot = null;
    ctx.setStatement(slot.kr, block.flat, block.range);
    return true;
  },
  read(block, ctx) {
    if (!readKrLabel(block.text)) return false;
    // `### KR 1.3: ~~Production site deployed~~ REMOVED`: withdrawn, and its fields with it.
    if (isStruckOut(block.node.children)) {
      ctx.krDetail = null;
      return true;
    }
    const kr = ctx.newKr('heading', block.flat, block.range, block.range);
    ctx.attachKr(kr);
    ctx.krDetail = { kr, depth: block.depth };
    ctx.statementSlot = { kr, depth: block.depth };
    return true;
  },
});
