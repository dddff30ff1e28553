import * as assert from 'node:assert/strict';
import { analyze, paceText, programHealth, quarterClock, ragOf, resolveConfig, type Analysis, type KrScore } from '../../src/core/index';
import { krScoreLabel, summaryLine } from '../../src/core/report/text';
import { readFixture } from './helpers';

const bands = resolveConfig().ragBands;

/** One objective with one KR table row; returns the KR's score. */
function krScore(row: string, extra = '', header = '| KR | Baseline | Target | Current |'): KrScore {
  const cols = header.split('|').length - 2;
  const text = `# Q1 2026 OKRs — Test\n## Objective 1: Test\n${header}\n|${'---|'.repeat(cols)}\n${row}\n\n${extra}\n`;
  const a = analyze(text, { today: new Date('2026-02-15') });
  return a.scores.keyResult(a.document.objectives[0]!.keyResults[0]!);
}

function close(actual: number | null, expected: number): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 0.005, `expected ${expected}, got ${actual}`);
}

describe('score: SPEC §3 worked examples', () => {
  it('baseline 18%, target 28%, current 24% → 0.60, Amber', () => {
    const s = krScore('| Activation | 18% | 28% | 24% |');
    close(s.value, 0.6);
    assert.equal(s.rag, 'amber');
    assert.equal(s.explanation, '(24% − 18%) / (28% − 18%) = 0.60 → Amber');
  });
  it('ladder ≤4 days: 1.0; 5-6: 0.7; 7-8: 0.3; ≥9: 0.0 with baseline 9, target 4, current 6 days → 0.7, Green', () => {
    const s = krScore('| Lead time | 9 days | 4 days | 6 days |', 'Scoring: ≤4 days: 1.0; 5-6: 0.7; 7-8: 0.3; ≥9: 0.0');
    close(s.value, 0.7);
    assert.equal(s.rag, 'green');
    assert.equal(s.method, 'ladder');
    assert.match(s.explanation, /ladder step “5-6: 0\.7”/);
  });
  it('the template: "7 days → < 2 days", now 3.2 days, is a decrease KR at 0.76', () => {
    const a = analyze(readFixture('template.okr.md'), { today: new Date('2026-02-15') });
    const [ttv, conv, refs] = a.document.objectives[0]!.keyResults.map((kr) => a.scores.keyResult(kr));
    close(ttv!.value, 0.76);
    assert.equal(ttv!.rag, 'green');
    close(conv!.value, 0.6);
    close(refs!.value, 26 / 38);
    close(a.scores.objective(a.document.objectives[0]!).value, (0.76 + 0.6 + 26 / 38) / 3);
  });
});

describe('score: KR attainment', () => {
  it('clamps above the target to 1.0 and below the baseline to 0.0', () => {
    const over = krScore('| A | 10 | 20 | 25 |');
    assert.equal(over.value, 1);
    assert.match(over.explanation, /= 1\.5, capped at 1\.00/);
    assert.equal(krScore('| A | 10 | 20 | 5 |').value, 0);
  });
  it('counts a met comparison target as 1.0', () => {
    const s = krScore('| TTV | 7 days | < 2 days | 1.5 days |');
    assert.equal(s.value, 1);
    assert.equal(s.method, 'comparison');
  });
  it('uses the comparison bound for linear progress when not met yet', () => {
    close(krScore('| TTV | 7 days | < 2 days | 3.2 days |').value, 0.76);
  });
  it('converts units: days against hours', () => {
    close(krScore('| Resolution | 4 days | 1 day | 36 hours |').value, (36 / 24 - 4) / (1 - 4));
  });
  it('does not compare % with $', () => {
    const s = krScore('| A | 10% | 20% | $15 |');
    assert.equal(s.value, null);
    assert.equal(s.state, 'unscorable');
    assert.match(s.reason!, /units differ/);
  });
  it('an explicit Score cell wins over the computed value', () => {
    const s = krScore('| A | 10 | 20 | 20 | 0.7 |', '', '| KR | Baseline | Target | Current | Score |');
    assert.equal(s.value, 0.7);
    assert.equal(s.method, 'explicit');
  });
  it('no current value means no score yet, never 0', () => {
    const s = krScore('| A | 10 | 20 |  |');
    assert.equal(s.value, null);
    assert.equal(s.state, 'not-started');
    assert.match(s.reason!, /not started/);
    assert.equal(krScore('| A | 10 | 20 | - |').state, 'not-started');
  });
  it('reads a signed target as a change from the baseline', () => {
    close(krScore('| Churn | 28% | -50% | 21% |').value, 0.5);
  });
  it('assumes a baseline of 0 for an increase with no baseline, and says so', () => {
    const s = krScore('| Learn languages |  | 5 | 3 |');
    close(s.value, 0.6);
    assert.match(s.explanation, /0 assumed/);
  });
  it('cannot score a decrease with no baseline', () => {
    assert.equal(krScore('| Latency |  | < 200 ms | 300 ms |').state, 'unscorable');
  });
  it('scores text targets: done is 1.0, no is 0.0, anything else no score', () => {
    assert.equal(krScore('| Launch | N/A | Shipped | Shipped |').value, 1);
    assert.equal(krScore('| Launch | N/A | Shipped | No |').value, 0);
    assert.equal(krScore('| Launch | N/A | Shipped | In review |').state, 'unscorable');
  });
});

describe('score: RAG bands', () => {
  const cases: Array<[number, string]> = [
    [0, 'red'],
    [0.3, 'red'],
    [0.304, 'red'],
    [0.31, 'amber'],
    [0.6, 'amber'],
    [0.61, 'green'],
    [0.9, 'green'],
    [0.91, 'stretch'],
    [1, 'stretch'],
  ];
  for (const [score, rag] of cases) it(`${score} is ${rag}`, () => assert.equal(ragOf(score, bands), rag));
  it('follows configured bands', () => assert.equal(ragOf(0.5, { red: 0.5, amber: 0.7, green: 0.9 }), 'red'));
});

describe('score: rollups', () => {
  it('weights an objective by the Weight column', () => {
    const text =
      '# Q1 2026 OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current | Weight |\n|-|-|-|-|-|\n| A | 0 | 100 | 90 | 2 |\n| B | 0 | 100 | 30 | 1 |\n';
    const a = analyze(text, { today: new Date('2026-02-15') });
    const o = a.scores.objective(a.document.objectives[0]!);
    close(o.value, (0.9 * 2 + 0.3) / 3);
    assert.equal(o.explanation, '(0.90×2 + 0.30×1) / 3 = 0.70 → Green');
  });
  it('leaves unscored KRs out of the objective score', () => {
    const text = '# Q1 2026 OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| A | 0 | 10 | 5 |\n| B | 0 | 10 |  |\n';
    const a = analyze(text);
    const o = a.scores.objective(a.document.objectives[0]!);
    assert.deepEqual([o.value, o.scored, o.total], [0.5, 1, 2]);
  });
  it('the document score is the mean of its objective scores', () => {
    const text =
      '# Q1 2026 OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| A | 0 | 10 | 2 |\n| B | 0 | 10 | 4 |\n## Objective 2: Y\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| C | 0 | 10 | 9 |\n';
    const a: Analysis = analyze(text);
    close(a.scores.document.value, (0.3 + 0.9) / 2);
  });
});

describe('score: reached from the model object', () => {
  const text =
    '# Q1 2026 OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| A | 0 | 10 | 2 |\n| B | 0 | 10 | 4 |\n## Objective 2: Y\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| C | 0 | 10 | 9 |\n';
  it('gives each objective and KR its own scores', () => {
    const a = analyze(text);
    const [x, y] = a.document.objectives;
    assert.deepEqual(
      y!.keyResults.map((kr) => [kr.text, a.scores.keyResult(kr).value]),
      [['C', 0.9]],
    );
    assert.deepEqual(
      x!.keyResults.map((kr) => [kr.text, a.scores.keyResult(kr).value]),
      [
        ['A', 0.2],
        ['B', 0.4],
      ],
    );
    close(a.scores.objective(x!).value, 0.3);
    close(a.scores.objective(y!).value, 0.9);
  });
  it('refuses an objective or KR of another document, even one read from the same text', () => {
    const a = analyze(text);
    const b = analyze(text.replace('| 9 |', '| 1 |'));
    const c = analyze(text);
    assert.throws(() => a.scores.keyResult(b.document.objectives[1]!.keyResults[0]!), /no score for KR “C” \(line 10\): it is not a KR of the document scored/);
    assert.throws(() => a.scores.objective(b.document.objectives[1]!), /no scores for objective “Y” \(line 7\): it is not an objective of the document scored/);
    assert.throws(() => a.scores.keyResult(c.document.objectives[0]!.keyResults[0]!), /not a KR of the document scored/);
    close(b.scores.keyResult(b.document.objectives[1]!.keyResults[0]!).value, 0.1);
  });
});

describe('score: pace against the quarter', () => {
  it('reads the quarter clock from the H1 dates', () => {
    const clock = quarterClock(
      { label: 'Q1 2026', quarter: 1, year: 2026, fiscal: false, start: '2026-01-01', end: '2026-03-31' },
      new Date('2026-02-15T12:00:00Z'),
    );
    close(clock!.elapsed, 46 / 90);
    assert.equal(clock!.state, 'during');
  });
  it('marks a KR trailing the elapsed fraction by more than 0.25 as behind pace', () => {
    assert.equal(krScore('| A | 0 | 100 | 20 |').pace?.status, 'behind');
    assert.equal(krScore('| A | 0 | 100 | 40 |').pace?.status, 'on-pace');
    assert.equal(krScore('| A | 0 | 100 | 90 |').pace?.status, 'ahead');
  });
  it('has no pace before the quarter starts or without dates', () => {
    const before = analyze('# Q3 2026 OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| A | 0 | 10 | 5 |\n', {
      today: new Date('2026-02-15'),
    });
    assert.equal(before.scores.keyResult(before.document.objectives[0]!.keyResults[0]!).pace, null);
    const undated = analyze('# Team OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| A | 0 | 10 | 5 |\n');
    assert.equal(undated.scores.keyResult(undated.document.objectives[0]!.keyResults[0]!).pace, null);
  });
  it('shows the gap between the score and the expected progress', () => {
    const s = krScore('| A | 0 | 100 | 20 |');
    close(s.pace!.expected, 46 / 90);
    assert.equal(s.pace!.gap, -0.31);
    assert.equal(paceText(s.value!, s.pace!), '0.20 against 0.51 expected, −0.31');
    assert.equal(krScoreLabel(s), '0.20 · Red · behind pace (0.51 expected, −0.31)');
    assert.equal(paceText(0.6, krScore('| A | 0 | 100 | 60 |').pace!), '0.60 against 0.51 expected, +0.09');
  });
  it("measures pace against a KR's own due date", () => {
    const due = (cell: string): KrScore => krScore(`| A | 0 | 100 | 50 | ${cell} |`, '', '| KR | Baseline | Target | Current | Due |');
    const mar = due('2026-03-01');
    assert.equal(mar.pace!.due, '2026-03-01');
    close(mar.pace!.expected, 46 / 60);
    assert.equal(paceText(mar.value!, mar.pace!), '0.50 against 0.77 expected (due 2026-03-01), −0.27');
    assert.equal(mar.pace!.status, 'behind');
    assert.equal(due('Feb 10').pace!.expected, 1, 'a due date that has passed expects the whole target');
    assert.equal(due('10 February').pace!.due, '2026-02-10');
    assert.equal(due('end of February').pace!.due, '2026-02-28');
    assert.equal(due('Week 9').pace!.due, '2026-03-04');
    assert.equal(due('by March 20th, 2026').pace!.due, '2026-03-20');
    // Only clear days inside the quarter: anything else leaves the quarter's end.
    for (const unclear of ['TBD', 'end of Q1', 'Q1', '2026-07-01', 'soon', 'Feb 30', 'Week 20', '03/15']) assert.equal(due(unclear).pace!.due, null, unclear);
    close(due('TBD').pace!.expected, 46 / 90);
  });
  it('reads a due date from "by <date>" in the KR text and from a Due: field', () => {
    const a = analyze('# Q1 2026 OKRs\n## Objective 1: X\n- KR1: Ship the export endpoint by March 1 (now 40%, target 100%, baseline 0%)\n', {
      today: new Date('2026-02-15'),
    });
    const s = a.scores.keyResult(a.document.objectives[0]!.keyResults[0]!);
    assert.equal(s.pace?.due, '2026-03-01');
    const f = analyze(
      '# Q1 2026 OKRs\n## Objective 1: X\n### KR 1: Ship the export\n\n**Due:** 2026-02-20  \n**Baseline:** 0  \n**Target:** 10  \n**Current:** 4\n',
      {
        today: new Date('2026-02-15'),
      },
    );
    const fs = f.scores.keyResult(f.document.objectives[0]!.keyResults[0]!);
    assert.equal(fs.pace?.due, '2026-02-20');
  });
  it('says "quarter ended, final" after the quarter instead of behind pace', () => {
    const text = '# Q1 2026 OKRs\n## Objective 1: X\n| KR | Baseline | Target | Current |\n|-|-|-|-|\n| A | 0 | 100 | 42 |\n';
    const a = analyze(text, { today: new Date('2026-04-10') });
    const s = a.scores.keyResult(a.document.objectives[0]!.keyResults[0]!);
    assert.equal(s.pace!.ended, true);
    assert.equal(paceText(s.value!, s.pace!), 'quarter ended, final 0.42');
    assert.equal(krScoreLabel(s), '0.42 · Amber · quarter ended, final');
    assert.doesNotMatch(summaryLine('q1.okr.md', a), /behind pace/);
    assert.match(summaryLine('q1.okr.md', analyze(text, { today: new Date('2026-03-10') })), /1 behind pace/);
  });
  it('uses the configured fiscal year for FY quarters', () => {
    const a = analyze('# FY27-Q1 OKRs\n', { config: resolveConfig({ fiscalYearStartMonth: 2 }) });
    assert.deepEqual([a.document.quarter?.start, a.document.quarter?.end], ['2026-02-01', '2026-04-30']);
  });
});

describe('score: program health', () => {
  const s = (v: number): KrScore => ({ value: v, rag: null, method: 'linear', state: 'scored', reason: null, explanation: '', pace: null });
  it('0.6–0.7 is healthy', () => assert.equal(programHealth([s(0.6), s(0.7)], []).verdict, 'healthy'));
  it('above 0.9 is sandbagging', () => assert.equal(programHealth([s(0.95), s(1)], []).verdict, 'sandbagging'));
  it('below 0.4 is unrealistic', () => assert.equal(programHealth([s(0.2), s(0.3)], []).verdict, 'unrealistic'));
  it('average planning confidence above 0.9 reads as sandbagging', () => assert.equal(programHealth([s(0.65)], [0.95, 0.92]).verdict, 'sandbagging'));
  it('says unknown when nothing is scored', () => assert.equal(programHealth([], [0.5]).verdict, 'unknown'));
});
