import { z } from 'zod';
import { unitsCompatible, type Unit } from '../model/quantity';
import type { QuantityField } from '../model/schema';
import { defineRule, keyResults } from './types';

function unitOf(field: QuantityField | null): Unit | null {
  const q = field?.quantity;
  return q && (q.kind === 'number' || q.kind === 'range') ? q.unit : null;
}

/**
 * Units that a reader takes for the same measure though they are written differently: counts of
 * things named two ways (`0 publicações` → `1 case study`), or an amount and the same amount per
 * period (`R$ 50 milhões` → `R$ 150 milhões/mês`, the period written once).
 */
function looselyAlike(a: Unit, b: Unit): boolean {
  if (a.dimension === 'count' && b.dimension === 'count' && !a.symbol.startsWith('/') && !b.symbol.startsWith('/')) return true;
  const money = (u: Unit): string | null =>
    u.dimension === 'currency' ? u.symbol : u.dimension === 'rate' ? (/^(R\$|US\$|A\$|C\$|\$|€|£|¥|₹)\//.exec(u.symbol)?.[1] ?? null) : null;
  return money(a) !== null && money(a) === money(b);
}

/** `8%` → `$20K` cannot be scored: the values measure different things. */
export const krUnitMismatch = defineRule({
  id: 'kr-unit-mismatch',
  description: 'Key result baseline, target and current value are in units that do not compare (% against $, days against users).',
  defaultSeverity: 'warning',
  tags: ['missing-field', 'scoring'],
  dimension: 'measurability',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const { kr } of keyResults(ctx.document)) {
      const target = unitOf(kr.target);
      const pairs: Array<[string, QuantityField | null, string, QuantityField | null]> = [
        ['baseline', kr.baseline, 'target', kr.target],
        ['current value', kr.current, target ? 'target' : 'baseline', target ? kr.target : kr.baseline],
      ];
      for (const [name, field, otherName, other] of pairs) {
        const a = unitOf(field);
        const b = unitOf(other);
        if (!field || !other || !a || !b || unitsCompatible(a, b) || looselyAlike(a, b)) continue;
        ctx.report({
          message: `${name[0]!.toUpperCase()}${name.slice(1)} in ${a.symbol}, ${otherName} in ${b.symbol}: write both in the same unit so the KR can be scored ("${field.text}" against "${other.text}").`,
          range: field.range,
          related: [{ message: `the ${otherName}`, range: other.range }],
        });
      }
    }
  },
});
