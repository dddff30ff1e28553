import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/index';

const today = new Date('2026-11-23');
const HEAD = '# Q4 2026 OKRs — Test\n## Objective 1: Make onboarding effortless\n\n';
const TABLE = '| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n';
const NO_BASELINE = '| Lift 30-day activation |  | 55% | 48% | Maria | 0.6 |\n';
const NO_BASELINE_2 = '| Cut time to first value |  | 2 days | 4 days | Sam | 0.5 |\n';

function ids(text: string): string[] {
  return analyze(text, { today }).findings.map((f) => `${f.range.start.line} ${f.ruleId}`);
}

describe('suppressions', () => {
  it('without a comment, both missing baselines are reported', () => {
    assert.deepEqual(
      ids(`${HEAD}${TABLE}${NO_BASELINE}${NO_BASELINE_2}`).filter((s) => s.endsWith('kr-missing-baseline')),
      ['6 kr-missing-baseline', '7 kr-missing-baseline'],
    );
  });
  it('disable-line inside a table cell silences that row only', () => {
    const row = NO_BASELINE.replace('activation |', 'activation <!-- okr-lens-disable-line kr-missing-baseline -- hiring --> |');
    const a = analyze(`${HEAD}${TABLE}${row}${NO_BASELINE_2}`, { today });
    assert.deepEqual(
      a.findings.filter((f) => f.ruleId === 'kr-missing-baseline').map((f) => f.range.start.line),
      [7],
    );
    assert.equal(a.suppressed.length, 1);
    assert.equal(a.suppressed[0]!.by.reason, 'hiring');
  });
  it('disable-next-line applies to the next line', () => {
    const text = `# Q4 2026 OKRs — Test\n<!-- okr-lens-disable-next-line objective-weak-verb -- legacy wording kept for the board -->\n## Objective 1: Maintain uptime\n\n${TABLE}| Uptime | 99.5% | 99.9% | 99.7% | Bo | 0.5 |\n| Pages per week | 12 | 4 | 7 | Bo | 0.5 |\n`;
    assert.ok(!ids(text).some((s) => s.endsWith('objective-weak-verb')));
    assert.ok(
      ids(text.replace('-next-line', '-line')).some((s) => s.endsWith('objective-weak-verb')),
      'a -line comment on the line above does not apply',
    );
  });
  it('disable / enable ranges, by rule and for all rules', () => {
    const region = (open: string, close: string): string =>
      `${HEAD}${open}\n\n${TABLE}${NO_BASELINE}${NO_BASELINE_2}\n${close}\n\n## Objective 2: Delight admins\n\n${TABLE}${NO_BASELINE}${NO_BASELINE_2}`;
    const named = ids(region('<!-- okr-lens-disable kr-missing-baseline -- owners being hired -->', '<!-- okr-lens-enable kr-missing-baseline -->'));
    assert.deepEqual(
      named.filter((s) => s.endsWith('kr-missing-baseline')).map((s) => Number(s.split(' ')[0])),
      [17, 18],
    );
    const all = ids(region('<!-- okr-lens-disable -- draft -->', '<!-- okr-lens-enable -->'));
    assert.deepEqual(
      all.filter((s) => Number(s.split(' ')[0]) >= 4 && Number(s.split(' ')[0]) < 12),
      [],
    );
    assert.ok(
      all.some((s) => Number(s.split(' ')[0]) > 12),
      'findings after the enable stand',
    );
    const other = ids(region('<!-- okr-lens-disable kr-vague -- draft -->', '<!-- okr-lens-enable kr-vague -->'));
    assert.equal(other.filter((s) => s.endsWith('kr-missing-baseline')).length, 4, 'a comment naming another rule changes nothing');
  });
  it('disable-file silences a rule everywhere', () => {
    const text = `<!-- okr-lens-disable-file kr-missing-baseline -- owners assigned at kickoff -->\n${HEAD}${TABLE}${NO_BASELINE}${NO_BASELINE_2}`;
    assert.ok(!ids(text).some((s) => s.endsWith('kr-missing-baseline')));
  });
  it('reports a suppression without a reason, and still applies it', () => {
    const text = `${HEAD}${TABLE}${NO_BASELINE.replace('activation |', 'activation <!-- okr-lens-disable-line kr-missing-baseline --> |')}${NO_BASELINE_2}`;
    const a = analyze(text, { today });
    assert.deepEqual(
      a.findings.filter((f) => f.ruleId === 'suppression-without-reason').map((f) => [f.range.start.line, f.severity]),
      [[6, 'warning']],
    );
    assert.equal(a.findings.filter((f) => f.ruleId === 'kr-missing-baseline').length, 1);
  });
  it('ignores comments inside code blocks', () => {
    const text = `${HEAD}\`\`\`\n<!-- okr-lens-disable-file -- example -->\n\`\`\`\n\n${TABLE}${NO_BASELINE}${NO_BASELINE_2}`;
    assert.equal(analyze(text, { today }).suppressions.length, 0);
    assert.equal(ids(text).filter((s) => s.endsWith('kr-missing-baseline')).length, 2);
  });
  it('only ever removes findings', () => {
    const base = `${HEAD}${TABLE}${NO_BASELINE}${NO_BASELINE_2}`;
    const before = new Set(ids(base));
    for (const comment of ['<!-- okr-lens-disable -- x -->', '<!-- okr-lens-disable-file kr-missing-baseline -- x -->', '<!-- okr-lens-enable -->']) {
      const after = ids(`${comment}\n${base}`).map((s) => s.replace(/^(\d+)/, (n) => String(Number(n) - 1)));
      for (const f of after) assert.ok(before.has(f), `${comment} added ${f}`);
    }
  });
});
