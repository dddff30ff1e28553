import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  applyEdits,
  gradeQuarter,
  nextFileName,
  nextQuarterOf,
  parseQuarter,
  quarterChoices,
  quarterOf,
  quarterTemplate,
  rolloverText,
  DEFAULT_CONFIG,
  reportDocument,
  resolveConfig,
  WorkspaceIndex,
} from '../../src/core/index';

const today = new Date('2026-12-20T12:00:00Z');
const examples = path.join(__dirname, '..', '..', '..', 'examples');
const growth = fs.readFileSync(path.join(examples, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');

function scoresOf(text: string): Array<[string, string | null]> {
  const a = analyze(text, { today });
  return a.document.objectives.flatMap((o) =>
    o.keyResults.map((kr): [string, string | null] => {
      const v = a.scores.keyResult(kr).value;
      return [kr.text, v === null ? null : v.toFixed(2)];
    }),
  );
}

describe('quarters (New Document, Roll Over)', () => {
  it('names the next quarter from today, calendar and fiscal, as the title reader reads it back', () => {
    assert.deepEqual(
      quarterChoices(today).map((c) => [c.when, c.quarter.label, c.quarter.stem]),
      [
        ['this', 'Q4 2026', 'q4-2026'],
        ['next', 'Q1 2027', 'q1-2027'],
        ['following', 'Q2 2027', 'q2-2027'],
      ],
    );
    // A fiscal year starting in April: December is Q3 of FY2027 (named by the year it ends in).
    const fiscal = quarterChoices(today, 4).map((c) => c.quarter);
    assert.deepEqual(
      fiscal.map((q) => q.label),
      ['Q3 FY2027', 'Q4 FY2027', 'Q1 FY2028'],
    );
    for (const q of fiscal) assert.equal(parseQuarter(q.label, 4)?.start, q.start, q.label);
    assert.equal(quarterOf(new Date('2027-03-31T00:00:00Z'), 4).label, 'Q4 FY2027');
    assert.equal(quarterOf(new Date('2027-04-01T00:00:00Z'), 4).label, 'Q1 FY2028');
  });

  it('writes a template with blank values for the chosen team, quarter and Supports target', () => {
    const text = quarterTemplate({ team: 'Growth', quarter: 'Q1 2027', supports: 'CO-1' });
    assert.match(text, /^# Q1 2027 OKRs — Growth\n\n## Context\n/);
    assert.match(text, /\n## Objective 1: \nSupports: CO-1\n\n\| KR \| Baseline \| Target \| Current \| Owner \| Confidence \|\n/);
    // No sample numbers anywhere: every value is the team's to write.
    assert.doesNotMatch(text.replace('Q1 2027', '').replace('Objective 1', '').replace('CO-1', ''), /\d/);
    const a = analyze(text, { today });
    assert.equal(a.document.quarter?.label, 'Q1 2027');
    assert.equal(a.document.team, 'Growth');
    assert.ok(!quarterTemplate({ team: 'Growth', quarter: 'Q1 2027' }).includes('Supports:'));
  });
});

describe('Grade the Quarter', () => {
  it('adds a Score column with each KR’s score, which reads back as the same scores', () => {
    const before = scoresOf(growth);
    const a = analyze(growth, { today });
    const grading = gradeQuarter(a, { today });
    assert.ok(grading);
    const graded = applyEdits(growth, grading.edits);
    assert.match(
      graded,
      /\| KR \| Baseline \| Target \| Current \| Owner \| Confidence \| Score \|\n\|----\|----------\|--------\|---------\|-------\|------------\|---\|\n/,
    );
    assert.match(graded, /\| Time to first value \(median\) \| 7 days \| < 2 days \| 4 days \| Sarah \| 0\.6 \| 0\.70 \|/);
    // A KR with no current value has no grade to write: its cell stays empty.
    assert.match(graded, /\| Workspaces inviting a teammate within 7 days \| 22% \| 35% \|  \| Lena \| 0\.5 \|  \|/);
    const after = analyze(graded, { today });
    const stated = after.document.objectives.flatMap((o) => o.keyResults.map((kr) => kr.score?.text || null));
    assert.deepEqual(
      stated,
      before.map(([, v]) => v),
    );
    assert.deepEqual(scoresOf(graded), before);
    assert.equal(grading.written, before.filter(([, v]) => v !== null).length);
    // Nothing was lost: each line of the document is still there, only extended at its end.
    const lines = graded.split('\n');
    growth.split('\n').forEach((line, i) => assert.ok(lines[i]!.startsWith(line), `line ${i + 1}: ${lines[i]}`));
  });

  it('states the grade distribution and the document score in a Retrospective section', () => {
    const a = analyze(growth, { today });
    const grading = gradeQuarter(a, { today })!;
    const d = grading.distribution;
    const krs = scoresOf(growth);
    assert.equal(d.total, krs.length);
    assert.equal(d.unscored, krs.filter(([, v]) => v === null).length);
    assert.equal(d.counts.red + d.counts.amber + d.counts.green + d.counts.stretch + d.unscored, d.total);
    const graded = applyEdits(growth, grading.edits);
    const retro = graded.slice(graded.indexOf('## Retrospective'));
    assert.match(retro, new RegExp(`Graded ${krs.length} key results: document score ${a.scores.document.value!.toFixed(2)} \\(`));
    assert.match(retro, new RegExp(`\\| Green \\| ${d.counts.green} \\|`));
    assert.match(retro, /### What went well\n\n- \n\n### What didn't\n\n- \n\n### What carries forward\n\n- \n$/);
    // Graded again: the scores are kept, nothing is added twice.
    const again = gradeQuarter(analyze(graded, { today }), { today })!;
    assert.equal(again.written, 0);
    assert.equal(again.kept, d.total - d.unscored);
    assert.equal(applyEdits(graded, again.edits), graded);
  });

  it('keeps a score already written and fills the empty ones; bullets get a Score field', () => {
    const text = `# Q4 2026 OKRs — Growth

## Objective 1: Grow the funnel

| KR | Baseline | Target | Current | Owner | Score |
|----|----------|--------|---------|-------|-------|
| Signups | 10 | 20 | 15 | Ann | 0.9 |
| Trials | 10 | 20 | 12 | Bo |  |

## Objective 2: Delight the people who pay

- Raise NPS from 30 to 45 (Owner: Jo) (Current: 42)
`;
    const grading = gradeQuarter(analyze(text, { today }), { today })!;
    const graded = applyEdits(text, grading.edits);
    assert.match(graded, /\| Signups \| 10 \| 20 \| 15 \| Ann \| 0\.9 \|\n\| Trials \| 10 \| 20 \| 12 \| Bo \| 0\.20 \|/);
    assert.match(graded, /- Raise NPS from 30 to 45 \(Owner: Jo\) \(Current: 42\) \(Score: 0\.80\)\n/);
    assert.deepEqual(
      scoresOf(graded).map(([, v]) => v),
      ['0.90', '0.20', scoresOf(text)[2]![1]],
    );
    assert.equal(grading.kept, 1);
    assert.equal(grading.written, 2);
  });
});

describe('Roll Over to Next Quarter', () => {
  it('carries the chosen objectives forward with last values as baselines and blank check-ins', () => {
    const a = analyze(growth, { today });
    const next = nextQuarterOf(a, DEFAULT_CONFIG.fiscalYearStartMonth)!;
    assert.equal(next.label, 'Q1 2027');
    assert.equal(nextFileName('q4-2026.okr.md', a.document.quarter!.label, next), 'q1-2027.okr.md');
    assert.equal(nextFileName('growth-okrs.md', a.document.quarter!.label, next), 'q1-2027.okr.md');
    const text = rolloverText(a, { quarter: next.label, objectives: [0, 2] });
    assert.match(text, /^# Q1 2027 OKRs — Growth\n/);
    assert.ok(
      text.includes(
        '## Objective 1: Make self-serve onboarding so fast that new teams see value in their first session\nSupports: [Become the fastest way for a data team to onboard](../../company/q4-2026.okr.md#objective-1-become-the-fastest-way-for-a-data-team-to-onboard)\n\n|',
      ),
      text,
    );
    assert.ok(text.includes('## Objective 2: Make word-of-mouth'));
    assert.ok(text.includes('| Time to first value (median) | 4 days | < 2 days |  | Sarah |  |'), text);
    // No current value last quarter: the old baseline stays the baseline.
    assert.ok(text.includes('| Workspaces inviting a teammate within 7 days | 22% | 35% |  | Lena |  |'), text);
    assert.ok(text.includes('## Objective 2: Make word-of-mouth a channel we can count on'));
    assert.ok(!text.includes('enterprise pipeline'));
    const b = analyze(text, { today });
    assert.equal(b.document.quarter?.label, 'Q1 2027');
    assert.deepEqual(
      b.document.objectives.map((o) => o.keyResults.length),
      [3, 3],
    );
    assert.ok(b.document.objectives.flatMap((o) => o.keyResults).every((kr) => kr.current === null || kr.current.text === ''));
  });
});

describe('the template’s "Annual goal this supports:" line', () => {
  const company = `# Q1 2027 OKRs — Company\n\n## Objective 1: Become the fastest way to onboard\nID: CO-1\n\n| KR | Baseline | Target | Current | Owner |\n|----|----|----|----|----|\n| Activation | 10% | 20% | 12% | Ann |\n`;
  const team = (goal: string): string =>
    `# Q1 2027 OKRs — Growth\n\n## Context\n\n- Annual goal this supports: ${goal}\n- Biggest risk: none\n\n## Objective 1: Make onboarding fast\n\n| KR | Baseline | Target | Current | Owner |\n|----|----|----|----|----|\n| Time to value | 7 days | 2 days | 4 days | Sarah |\n\n## What we're NOT doing this quarter\n\n- Nothing else\n`;
  function check(goal: string): { orphan: string[]; alignment: number | undefined } {
    const idx = new WorkspaceIndex(resolveConfig(), () => today);
    idx.setText('/ws/company/q1-2027.okr.md', company);
    idx.setText('/ws/teams/growth/q1-2027.okr.md', team(goal));
    const reports = idx.graph().reports.get('/ws/teams/growth/q1-2027.okr.md') ?? [];
    const orphan = reports.filter((f) => f.ruleId === 'alignment-orphan').map((f) => f.message);
    // The quality score the editor and the CLI show: the document's findings and its workspace ones together.
    const own = analyze(team(goal), { today });
    const merged = reportDocument(own, { config: resolveConfig(), today, workspace: { index: idx, key: '/ws/teams/growth/q1-2027.okr.md' } });
    return { orphan, alignment: merged.quality[0]!.dimensions.find((d) => d.id === 'alignment')!.score };
  }

  it('aligns the objectives when it names an objective of the workspace: no orphan, full alignment score', () => {
    assert.deepEqual(check('CO-1'), { orphan: [], alignment: 1 });
  });

  it('is context, not alignment, when it names an annual goal no OKR document defines: orphan and the score agree', () => {
    const { orphan, alignment } = check('AG-2027-01');
    assert.equal(orphan.length, 1);
    assert.match(
      orphan[0]!,
      /^Supports no objective of the workspace \(the document's alignment line names AG-2027-01, which no OKR document here defines\): add a line under it such as `Supports: CO-1`/,
    );
    assert.equal(alignment, 0.5);
  });
});
