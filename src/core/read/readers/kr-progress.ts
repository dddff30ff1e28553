import type { KeyResult } from '../../model/schema';
import type { Flat } from '../../model/text';
import type { ReadContext } from '../context';
import { defineReader } from '../reader';

/**
 * Progress recorded under a key result, in the words people use: a progress
 * marker (`{{< progress 75 >}}`, `Progress: 75%` under a KR heading), a tally
 * (`38 / 52`, `17 books` under "Finish 15 books"), or an end-of-quarter note
 * (`Down to 180 from 690 at the start of the quarter`).
 */
export const krProgress = defineReader({
  id: 'kr-progress',
  title: 'Progress notes under a key result',
  summary:
    'Under a key result, a progress marker gives its score, a tally ("38 / 52", "17 books") its current value, and a note "down to 180 from 690" its current and starting values.',
  on: ['paragraph', 'item'],
  read(block, ctx) {
    const kr = ctx.krDetail?.kr;
    if (!kr || (block.kind === 'item' && block.section !== null)) return false;
    const flat = block.flat;
    const marker = /\bprogress\b\D*?\b(?:value\D{0,3})?(\d{1,3}(?:\.\d+)?)\s*%?(?!\s*[\d/])/i.exec(flat.text);
    if (marker && block.kind === 'paragraph' && !kr.score && Number(marker[1]) <= 100 && (flat.text.match(/\d+(?:\.\d+)?/g) ?? []).length === 1) {
      const at = marker.index + marker[0].lastIndexOf(marker[1]!);
      ctx.setField(kr, 'score', {
        text: `${marker[1]}%`,
        range: flat.range(ctx.lines, at, at + marker[1]!.length),
        source: 'field',
        via: 'the progress marker',
      });
      return true;
    }
    let read = endNote(kr, flat, ctx);
    for (const line of flat.text.split('\n')) {
      const start = flat.text.indexOf(line);
      read = tally(kr, flat, line, start, ctx) || read;
    }
    return read;
  },
});

function tally(kr: KeyResult, flat: Flat, line: string, start: number, ctx: ReadContext): boolean {
  const hasCurrent = kr.current !== null && kr.current.quantity.kind !== 'empty';
  // `Bedeho: 2/3`, `Bedeho (as writer): 1/6`: who works on the KR and their share; they own it together.
  const share = /^(\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+)?)(?:\s*\([^)]*\))?\s*:\s*\d+(?:\.\d+)?\s*(?:\/\s*\d+|%)\s*$/u.exec(line.trim());
  if (share) {
    const name = share[1]!;
    if (kr.owner?.via === 'the shares under it' && kr.owner.names.includes(name)) return true;
    const text = kr.owner?.via === 'the shares under it' ? `${kr.owner.text}, ${name}` : name;
    const at = start + line.indexOf(name);
    const range = kr.owner?.via === 'the shares under it' ? kr.owner.range : flat.range(ctx.lines, at, at + name.length);
    ctx.setField(kr, 'owner', { text, range, source: 'field', via: 'the shares under it' });
    return true;
  }
  // `38 / 52`, `Say 30 / 48 ~= 63`
  const fraction = /(?:^|\s)(\d+(?:[.,]\d+)?)\s*\/\s*(\d+(?:[.,]\d+)?)(?=\s|$)/.exec(line);
  if (fraction && !hasCurrent && line.replace(fraction[0], '').replace(/\b(?:say|about|approx\.?|~=|≈|=)\b|[~=≈\d\s.]/gi, '').length < 12) {
    const c = start + fraction.index + fraction[0].indexOf(fraction[1]!);
    const t = start + fraction.index + fraction[0].lastIndexOf(fraction[2]!);
    ctx.setField(kr, 'current', { text: fraction[1]!, range: flat.range(ctx.lines, c, c + fraction[1]!.length), source: 'field', via: 'the tally under it' });
    if (!kr.target || kr.target.quantity.kind !== 'number')
      ctx.setField(kr, 'target', { text: fraction[2]!, range: flat.range(ctx.lines, t, t + fraction[2]!.length), source: 'field', via: 'the tally under it' });
    return true;
  }
  // `17 books` under "Finish 15 books": a count of the same things.
  const count = /^(\d+(?:[.,]\d+)?)\s+(\p{L}+)\s*$/u.exec(line.trim());
  if (count && !hasCurrent && kr.target && new RegExp(`\\b${kr.target.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+${count[2]}\\b`, 'iu').test(kr.text)) {
    const c = start + line.indexOf(count[1]!);
    ctx.setField(kr, 'current', { text: count[1]!, range: flat.range(ctx.lines, c, c + count[1]!.length), source: 'field', via: 'the tally under it' });
    return true;
  }
  return false;
}

/** `Down to 180 unconfirmed/untriaged from 690 at the start of the quarter.`: where it ended, and where it started. */
function endNote(kr: KeyResult, flat: Flat, ctx: ReadContext): boolean {
  if (kr.current !== null && kr.current.quantity.kind !== 'empty') return false;
  const note = /\b(?:down|up|reduced|increased|dropped|fell|rose|grew|went)\s+to\s+(\d[\d.,]*%?)(?![\d.,])[^.]*?\bfrom\s+(\d[\d.,]*%?)/i.exec(flat.text);
  if (!note) return false;
  const c = note.index + note[0].indexOf(note[1]!);
  const b = note.index + note[0].lastIndexOf(note[2]!);
  ctx.setField(kr, 'current', { text: note[1]!, range: flat.range(ctx.lines, c, c + note[1]!.length), source: 'field', via: 'the end-of-quarter note' });
  if (!kr.baseline)
    ctx.setField(kr, 'baseline', { text: note[2]!, range: flat.range(ctx.lines, b, b + note[2]!.length), source: 'field', via: 'the end-of-quarter note' });
  return true;
}
