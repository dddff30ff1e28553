import * as assert from 'node:assert/strict';
import { convertValue, parseQuantity, unitsCompatible, type Quantity } from '../../src/core/model/quantity';

function num(q: Quantity): { value: number; unit: string | null; dim: string | null; cmp: string | null; signed: boolean } {
  assert.equal(q.kind, 'number', `expected a number from "${q.raw}", got ${q.kind}`);
  if (q.kind !== 'number') throw new Error('unreachable');
  return { value: q.value, unit: q.unit?.symbol ?? null, dim: q.unit?.dimension ?? null, cmp: q.comparator, signed: q.signed };
}

describe('quantity: numbers with units (SPEC §2)', () => {
  const cases: Array<[string, number, string | null, string | null]> = [
    ['18%', 18, '%', 'percent'],
    ['$1.2M', 1_200_000, '$', 'currency'],
    ['$85K', 85_000, '$', 'currency'],
    ['12/month', 12, '/month', 'rate'],
    ['7 days', 7, 'days', 'duration'],
    ['480 ms', 480, 'ms', 'duration'],
    ['300ms', 300, 'ms', 'duration'],
    ['4.5', 4.5, null, null],
    ['2.8x', 2.8, 'x', 'multiple'],
    ['1,000', 1000, null, null],
    ['12,345.5', 12345.5, null, null],
    ['50.000', 50_000, null, null],
    ['50.000 saques', 50_000, 'saques', 'count'],
    ['0,4', 0.4, null, null],
    ['1.234,5', 1234.5, null, null],
    ['99.995%', 99.995, '%', 'percent'],
    ['R$ 0.40', 0.4, 'R$', 'currency'],
    ['R$ 150 milhões/mês', 150_000_000, 'R$/month', 'rate'],
    ['R$ 80k/mês (processo atual)', 80_000, 'R$/month', 'rate'],
    ['3 segundos', 3, 's', 'duration'],
    ['4.5/5', 4.5, '/5', 'count'],
    ['8.2 days', 8.2, 'days', 'duration'],
    ['28% of churn', 28, '%', 'percent'],
    ['0% (novo sistema)', 0, '%', 'percent'],
    ['1.8 hours', 1.8, 'hours', 'duration'],
    ['€2.5M', 2_500_000, '€', 'currency'],
    ['200k', 200_000, null, null],
  ];
  for (const [text, value, unit, dim] of cases) {
    it(`reads ${text}`, () => {
      const q = num(parseQuantity(text));
      assert.ok(Math.abs(q.value - value) < 1e-9, `value ${q.value} ≠ ${value}`);
      assert.equal(q.unit, unit);
      assert.equal(q.dim, dim);
    });
  }
  it('reads signs as changes relative to the baseline', () => {
    assert.deepEqual(num(parseQuantity('-20%')), { value: -20, unit: '%', dim: 'percent', cmp: null, signed: true });
    assert.deepEqual(num(parseQuantity('+10')), { value: 10, unit: null, dim: null, cmp: null, signed: true });
  });
});

describe('quantity: comparisons, ranges, placeholders', () => {
  const comparisons: Array<[string, string, number]> = [
    ['< 2 days', '<', 2],
    ['> 95%', '>', 95],
    ['≤ 3 segundos', '<=', 3],
    ['≥ 95%', '>=', 95],
    ['<= 4', '<=', 4],
    ['>=0.9', '>=', 0.9],
    ['at least 5,000', '>=', 5000],
    ['under 250 ms', '<', 250],
    ['500+', '>=', 500],
    ['NPS ≥ 60', '>=', 60],
  ];
  for (const [text, cmp, value] of comparisons) {
    it(`reads ${text}`, () => {
      const q = num(parseQuantity(text));
      assert.equal(q.cmp, cmp);
      assert.equal(q.value, value);
    });
  }
  it('reads ranges with units on either side', () => {
    assert.deepEqual(parseQuantity('20–30 days'), {
      kind: 'range',
      raw: '20–30 days',
      low: 20,
      high: 30,
      unit: { dimension: 'duration', symbol: 'days', factor: 86400 },
    });
    const r = parseQuantity('0,4–0,59');
    assert.equal(r.kind, 'range');
    if (r.kind === 'range') assert.deepEqual([r.low, r.high], [0.4, 0.59]);
    const ladder = parseQuantity('5-6');
    assert.equal(ladder.kind, 'range');
  });
  for (const text of ['TBD', 'tbc', 'N/A', 'X', 'XX', 'XX%', '$XK', '[metric]', '?', '???', 'N/A (novo sistema)', 'TBD after research']) {
    it(`sees the placeholder ${text}`, () => assert.equal(parseQuantity(text).kind, 'placeholder'));
  }
  for (const text of ['', ' ', '-', '—', '–']) {
    it(`reads ${JSON.stringify(text)} as empty`, () => assert.equal(parseQuantity(text).kind, 'empty'));
  }
  for (const text of ['Shipped', 'Sem certificação', 'Q4 2025', 'v3', '2026-02-15', '09.05.19', 'Top 3 estimado', '1.2.3']) {
    it(`keeps ${text} as text`, () => assert.equal(parseQuantity(text).kind, 'text'));
  }
});

describe('quantity: units compare within a dimension only', () => {
  const u = (t: string) => {
    const q = parseQuantity(t);
    return q.kind === 'number' ? q.unit : null;
  };
  it('converts days to hours', () => assert.equal(convertValue(2, u('2 days'), u('5 hours')), 48));
  it('does not compare % with $', () => assert.equal(unitsCompatible(u('5%'), u('$5')), false));
  it('does not compare $ with €', () => assert.equal(unitsCompatible(u('$5'), u('€5')), false));
  it('treats a bare number as the other side’s unit', () => assert.equal(unitsCompatible(u('5'), u('5 days')), true));
  it('compares rates per different periods', () => {
    const perWeek = convertValue(7, u('7/week'), u('30/month'));
    assert.ok(perWeek !== null && Math.abs(perWeek - 30) < 1e-9);
  });
});
