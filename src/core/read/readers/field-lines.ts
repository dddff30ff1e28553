import { columnFor } from '../../model/aliases';
import { splitLabel } from '../../model/fields';
import { readKrLabel } from '../../model/sentence';
import { splitLines } from '../context';
import { defineReader } from '../reader';
import { ALIGN_LABEL, OBJECTIVE_LABEL } from '../vocabulary';

/**
 * Lines that say something on their own, in a paragraph or a list item:
 * `Objective 2: …`, `KR1: …`, `Baseline: 41%`, `Owner: Sarah`,
 * `Supports: [Company O1](../company.okr.md#o1)`, `ID: GR-1`,
 * `Scoring: ≤4 days: 1.0; 5-6: 0.7`. A paragraph may hold several (one per
 * line); a field applies to the KR above it, an owner to the objective.
 */
export const fieldLines = defineReader({
  id: 'field-lines',
  title: 'Labelled lines and fields',
  summary:
    'Lines such as "Objective 2: …", "KR1: …", "Baseline: 41%", "Owner: Sarah", "Supports: …", "ID: GR-1" and "Scoring: …" each say what they are; fields apply to the KR above.',
  on: ['paragraph', 'item'],
  read(block, ctx) {
    if (block.kind === 'paragraph') {
      if (block.text === '') return false;
      // One paragraph may hold several `Label: value` lines (soft line breaks).
      const lineTexts = splitLines(block.flat.text);
      if (lineTexts.length > 1 && lineTexts.some((l) => ctx.isLineStatement(l.text))) {
        for (const l of lineTexts) if (ctx.isLineStatement(l.text)) ctx.lineStatement(block.flat, l.start, l.text, block.node);
        return true;
      }
      if (ctx.isLineStatement(block.text)) {
        ctx.lineStatement(block.flat, block.flat.text.indexOf(block.text), block.text, block.node);
        return true;
      }
      return false;
    }
    const text = block.text;
    if (ALIGN_LABEL.test(text) || /^ID\s*:/i.test(text) || /^scoring\b[^:]{0,80}:/i.test(text)) {
      ctx.lineStatement(block.flat, block.at, block.flat.text.trim(), block.item);
      return true;
    }
    if (OBJECTIVE_LABEL.test(text)) return false;
    const label = splitLabel(text, 4);
    const column = label ? columnFor(label.label) : null;
    if (!label || !column || readKrLabel(text) || label.value === '') return false;
    // `- Baseline: 41%` under a KR; `- Owner: Sarah` under an objective.
    const kr = ctx.krDetail?.kr ?? null;
    if (kr && column !== 'kr') {
      const valueStart = block.flat.text.indexOf(label.value, block.at + label.valueIndex - 1);
      ctx.applyField(kr, column, block.flat, valueStart < 0 ? block.at + label.valueIndex : valueStart, block.at + block.flat.text.trim().length, 'field');
    } else if (ctx.obj && column === 'owner' && !ctx.obj.objective.owner) {
      ctx.obj.objective.owner = { text: label.value, range: block.textRange, source: 'field' };
    }
    return true;
  },
});
