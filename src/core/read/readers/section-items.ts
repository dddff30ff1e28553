import type { Dependency } from '../../model/schema';
import type { Range } from '../../types';
import { defineReader } from '../reader';

/**
 * The items of a Context, Dependencies, NOT doing, Initiatives, Top 3 or
 * Blockers list, and of lists that hold no OKRs (notes, risks, a scoring guide).
 */
export const sectionItems = defineReader({
  id: 'section-items',
  title: 'Section lists',
  summary: 'Items under Context, Dependencies, NOT doing, Initiatives, Top 3 and Blockers are read as such; items in a notes or risks section are not OKRs.',
  on: ['item'],
  read(block, ctx) {
    const { text, itemRange } = block;
    switch (block.section) {
      case 'context':
        ctx.contextItem(block.first!, block.flat, text, itemRange);
        return true;
      case 'dependencies':
        ctx.dependencies.push(readDependency(text, itemRange));
        return true;
      case 'notDoing':
        ctx.notDoing.push({ text, range: itemRange });
        return true;
      case 'initiatives':
        (ctx.obj ? ctx.obj.objective.initiatives : ctx.docInitiatives).push({ text, range: itemRange });
        return true;
      case 'priorities': {
        const m = /(?:→|->)\s*supports?\s*:?\s*\[?([^\]]+?)\]?\s*$/i.exec(text);
        ctx.priorities.push({ text, supports: m ? m[1]!.trim() : null, range: itemRange });
        return true;
      }
      case 'blockers': {
        const m = /^(.+?)\s*(?:→|->|—|–)\s*need(?:s)?\s+(.+?)(?:\s+from\s+(.+?))?\s*$/i.exec(text);
        ctx.blockers.push({ text, blocker: m ? m[1]!.trim() : text, need: m ? m[2]!.trim() : null, from: m?.[3]?.trim() ?? null, range: itemRange });
        return true;
      }
      case 'other':
        return true;
      default:
        return false;
    }
  },
});

/** `Need from Platform: SSO integration by 2026-02-15`: the team, what is needed and by when. */
export function readDependency(text: string, range: Range): Dependency {
  const m = /^(?:need(?:s|ed)?|depends? on|dependency on|waiting on|blocked by)\s+(?:from\s+)?(?:the\s+)?(.+?)\s*:\s*(.+)$/i.exec(text);
  let team: string | null = null;
  let what = text;
  if (m) {
    team = m[1]!.replace(/\s+team$/i, '').trim();
    what = m[2]!.trim();
  }
  const by = /\s+by\s+(.+?)\s*\.?$/i.exec(what);
  const dated = by && /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|end|week|q[1-4])/i.test(by[1]!) ? by[1]!.trim() : null;
  if (dated && by) what = what.slice(0, by.index).trim();
  return { text, range, team, what, by: dated };
}
