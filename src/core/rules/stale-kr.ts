import { z } from 'zod';
import type { KeyResult } from '../model/schema';
import type { Range } from '../types';
import { clip, defineRule, type Report } from './types';

const DAY = 86_400_000;

/**
 * See docs/rules/stale-kr.md. A KR whose current value has not changed for
 * more than `days` days within the quarter; the quarter's days before the
 * first value count too, so a KR never updated since the plan is stale after
 * three weeks. Reported once per objective: on the KR's current value when it
 * is the objective's only stale KR, else on the objective's title with each KR
 * in the related information; once on the document's title when no KR of it
 * changed and the stale KRs span several objectives. A suppression on a KR's
 * line takes that KR out of the group.
 */
export const staleKr = defineRule({
  id: 'stale-kr',
  description: "A key result's current value has not changed for more than three weeks of the quarter.",
  defaultSeverity: 'info',
  tags: ['history', 'check-in'],
  dimension: null,
  options: z.object({}),
  history({ document: doc, trails, today, suppressed, report }) {
    const days = 21;
    const quarter = doc.quarter;
    if (!trails || !quarter?.start || !quarter.end) return;
    const start = Date.parse(`${quarter.start}T00:00:00Z`);
    const end = Date.parse(`${quarter.end}T23:59:59Z`);
    const now = Math.min(today.getTime(), end);
    if (now < start) return;
    const stale: Array<{ kr: KeyResult; idle: number; since: string; report: Report }> = [];
    let tracked = 0;
    let silenced = 0;
    for (const { kr, points } of trails) {
      if (!kr.current || points.length === 0) continue;
      tracked++;
      // The last point at which the current value differs from the one before it.
      let changed = Date.parse(points[0]!.date);
      for (let i = 1; i < points.length; i++) if (points[i]!.current !== points[i - 1]!.current) changed = Date.parse(points[i]!.date);
      const from = Math.max(changed, start);
      const idle = Math.floor((now - from) / DAY);
      if (idle <= days) continue;
      const since = new Date(from).toISOString().slice(0, 10);
      const value = kr.current.text.trim();
      const own: Report = {
        message: `No check-in for ${idle} days (${value ? `${value} ` : 'no value '}since ${since}): write a fresh current value, or say why it cannot move.`,
        range: kr.current.range,
      };
      // A KR whose line suppresses the rule is reported alone, where the suppression takes it.
      if (suppressed(own.range)) {
        silenced++;
        report(own);
      } else stale.push({ kr, idle, since, report: own });
    }
    if (stale.length <= 1) {
      for (const s of stale) report(s.report);
      return;
    }
    const groups = doc.objectives.map((o) => ({ objective: o, stale: stale.filter((s) => o.keyResults.includes(s.kr)) })).filter((g) => g.stale.length > 0);
    const grouped = (facts: typeof stale, range: Range, what: string): Report => {
      const sinces = new Set(facts.map((f) => f.since));
      const idle = Math.min(...facts.map((f) => f.idle));
      return {
        message: `No check-in for ${idle} days${sinces.size === 1 ? ` (since ${[...sinces][0]!})` : ' or more'}: write fresh current values for ${what}, or say why they cannot move.`,
        range,
        related: facts.map((f) => ({
          message: `“${clip(f.kr.text)}”: ${f.kr.current!.text.trim() || 'no value'} since ${f.since}`,
          range: f.kr.current!.range,
        })),
      };
    };
    if (silenced === 0 && stale.length === tracked && groups.length > 1)
      report(grouped(stale, doc.titleRange ?? groups[0]!.objective.titleRange, `all ${stale.length} KRs`));
    else for (const g of groups) report(g.stale.length === 1 ? g.stale[0]!.report : grouped(g.stale, g.objective.titleRange, `these ${g.stale.length} KRs`));
  },
});
