import { readKrLabel } from '../../model/sentence';
import { defineReader } from '../reader';
import { boldLead, isLinkOnly, looksLikeKr } from '../vocabulary';

/**
 * Key results written as list items: bullets or numbered items under a Key
 * Results heading or label, items labelled `KR1:` / `Key Result:` anywhere,
 * and, under an objective, items that read like a result (three words or
 * more). Values come from the sentence (`from 41% to 55%`, `(@maria, 0.6)`)
 * and from field bullets nested under the item.
 */
export const krBullets = defineReader({
  id: 'kr-bullets',
  title: 'Key result bullets',
  summary: 'List items under a Key Results label or under an objective are key results; their values come from the sentence and from nested field bullets.',
  on: ['item'],
  read(block, ctx) {
    const { text, first } = block;
    const explicitKr = readKrLabel(text) !== null;
    // `- **Active from:** 09.05.19`: a field of the objective, not a KR.
    if (first && boldLead(first.children) && !explicitKr && block.section !== 'kr') return true;
    // Notes under a KR heading (`* 38 / 52`) are details, not new KRs.
    if (ctx.krDetail && block.section === null) return true;
    if (!explicitKr && ((first && isLinkOnly(first.children)) || !looksLikeKr(text, block.section === 'kr'))) return true;
    if (!ctx.obj && !explicitKr && block.section !== 'kr') return true;
    const kr = ctx.newKr('bullet', block.flat.slice(block.at, block.flat.text.length), block.itemRange, block.textRange);
    ctx.attachKr(kr);
    const saved = ctx.krDetail;
    ctx.krDetail = { kr, depth: Number.POSITIVE_INFINITY };
    for (const n of block.nested) ctx.walker.list(n, null, block.level + 1, ctx);
    ctx.krDetail = saved;
    return true;
  },
});
