import { readKrLabel } from '../../model/sentence';
import { Flat } from '../../model/text';
import { defineReader } from '../reader';

/**
 * OKRs pasted as plain text: lines indented four spaces or more become a code
 * block in Markdown (`    KR2: Achieve a score of >95%…`), but a person
 * still reads them as the KRs they are.
 */
export const plainText = defineReader({
  id: 'plain-text',
  title: 'Plain-text lines',
  summary: 'Lines pasted with an indent (which Markdown shows as code) are read as the KR lines they are.',
  on: ['code'],
  read(block, ctx) {
    const node = block.node;
    if (node.lang || !node.position) return false;
    const startLine = node.position.start.line;
    if (!/^(?: {4}|\t)/.test(ctx.lines.lineText(startLine))) return false;
    let line = startLine;
    for (const raw of node.value.split('\n')) {
      const text = raw.trim();
      if (text !== '' && readKrLabel(text)) {
        const lineText = ctx.lines.lineText(line);
        const col = lineText.indexOf(text);
        const offset = ctx.lines.lineStart(line) + Math.max(0, col);
        const range = ctx.lines.range(offset, offset + text.length);
        const kr = ctx.newKr('paragraph', Flat.synthetic(text, offset), range, range);
        ctx.attachKr(kr);
      }
      line++;
    }
    return true;
  },
});
