import { readKrLabel } from '../../model/sentence';
import { Flat } from '../../model/text';
import { defineReader } from '../reader';
import { looksLikeKr, OBJECTIVE_LABEL } from '../vocabulary';

/**
 * OKRs pasted as plain text: lines indented four spaces or more become a code
 * block in Markdown, but a person still reads them as what they are:
 * `KR2: Achieve a score of >95%…` is a KR, `Objective 2: …` an objective, and
 * `- make £15,000 RR p/m` a KR bullet of the objective above, while the lines
 * indented further under a bullet (`>note …`, `=1 full stack…`) are its details.
 */
export const plainText = defineReader({
  id: 'plain-text',
  title: 'Plain-text lines',
  summary:
    'Lines pasted with an indent (which Markdown shows as code) are read as the KR lines, objective lines and bullets they are; lines indented under a bullet are its details.',
  on: ['code'],
  read(block, ctx) {
    const node = block.node;
    if (node.lang || !node.position) return false;
    const startLine = node.position.start.line;
    if (!/^(?: {4}|\t)/.test(ctx.lines.lineText(startLine))) return false;
    const rows = node.value.split('\n').map((raw, k) => ({ raw, line: startLine + k, indent: raw.length - raw.trimStart().length, text: raw.trim() }));
    // Bullets at the shallowest indent are the list; deeper lines are details of the bullet above.
    const bullets = rows.filter((r) => /^[-*•]\s*\S/.test(r.text));
    const top = bullets.length > 0 ? Math.min(...bullets.map((r) => r.indent)) : -1;
    for (const row of rows) {
      const text = row.text;
      if (text === '') continue;
      const lineText = ctx.lines.lineText(row.line);
      const col = lineText.indexOf(text);
      const offset = ctx.lines.lineStart(row.line) + Math.max(0, col);
      const flat = Flat.synthetic(text, offset);
      const range = ctx.lines.range(offset, offset + text.length);
      const objective = OBJECTIVE_LABEL.exec(text);
      if (objective && objective[0].length < text.length) {
        ctx.openObjective(flat, objective[0].length, range, ctx.headingDepth + 0.5, true, null);
        continue;
      }
      if (readKrLabel(text)) {
        ctx.attachKr(ctx.newKr('paragraph', flat, range, range));
        continue;
      }
      const bullet = /^[-*•]\s*/.exec(text);
      if (!bullet || row.indent !== top || !ctx.obj) continue;
      const statement = text.slice(bullet[0].length);
      if (!looksLikeKr(statement, false)) continue;
      const span = flat.slice(bullet[0].length, text.length);
      ctx.attachKr(ctx.newKr('bullet', span, range, span.range(ctx.lines, 0, statement.length)));
    }
    return true;
  },
});
