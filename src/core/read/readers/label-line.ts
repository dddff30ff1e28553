import { defineReader } from '../reader';
import { sectionKind } from '../vocabulary';

/** A plain line ending in a colon labels the list after it (`Within this area, in Q2 we are not working on:`). */
export const labelLine = defineReader({
  id: 'label-line',
  title: 'Label lines',
  summary: 'A short line ending in a colon labels the list after it (what we are not working on:, Key results:).',
  on: ['paragraph'],
  read(block, ctx) {
    const text = block.text;
    if (!/[:：]\s*$/.test(text) || text.length >= 120) return false;
    ctx.lastLabel = text;
    const kind = sectionKind(text.replace(/[:：]\s*$/, ''));
    ctx.pendingList = kind ?? (text.split(/\s+/).length <= 6 ? 'other' : ctx.pendingList);
    if (kind) ctx.noteSection(kind, block.range);
    return true;
  },
});
