import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, resolveConfig, rules, type Finding } from '../../src/core/index';
import { examplesDir, repoRoot } from './helpers';

const today = new Date('2026-11-23');

function findings(text: string, ruleId?: string): Finding[] {
  const all = analyze(text, { today }).findings;
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

const HEAD = '# Q4 2026 OKRs — Test\n## Objective 1: Make onboarding effortless\n';
const TABLE = '| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n';
const TAIL = "\n## Context\n- Biggest risk: the new wizard slips\n\n## What we're NOT doing this quarter\n- Enterprise custom contracts\n";
const CLEAN = `${HEAD}${TABLE}| Lift 30-day activation | 41% | 55% | 48% | Maria | 0.6 |\n| Cut time to first value | 7 days | 2 days | 4 days | Sam | 0.5 |\n${TAIL}`;

/** For each rule: a document that must fire it (at the given line) and the clean one that must not. */
const CASES: Record<string, { bad: string; line: number }> = {
  'kr-missing-baseline': { bad: `${HEAD}${TABLE}| Lift activation |  | 55% | 48% | Maria | 0.6 |\n`, line: 5 },
  'kr-missing-target': { bad: `${HEAD}- KR1: Improve onboarding for new teams (@maria, 0.6)\n`, line: 3 },
  'kr-missing-owner': { bad: `${HEAD}${TABLE}| Lift activation | 41% | 55% | 48% |  | 0.6 |\n`, line: 5 },
  'kr-missing-confidence': { bad: `${HEAD}${TABLE}| Lift activation | 41% | 55% | 48% | Maria | high |\n`, line: 5 },
  'kr-placeholder': { bad: `${HEAD}${TABLE}| Lift activation | 41% | TBD | 48% | Maria | 0.6 |\n`, line: 5 },
  'kr-no-change': { bad: `${HEAD}${TABLE}| Lift activation | 41% | 41% | 41% | Maria | 0.6 |\n`, line: 5 },
  'objective-without-krs': {
    bad: `${HEAD}${TABLE}| Lift activation | 41% | 55% | 48% | Maria | 0.6 |\n## Objective 2: Delight admins\n\nSome words.\n`,
    line: 6,
  },
};

describe('rules: registry', () => {
  it('has unique ids, a description and a default severity for every rule', () => {
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of rules) {
      assert.match(r.id, /^[a-z]+(?:-[a-z]+)+$/);
      assert.ok(r.description.length > 10, r.id);
      assert.ok(['error', 'warning', 'info'].includes(r.defaultSeverity), r.id);
    }
  });
  it('keeps each rule in a file named after its id', () => {
    for (const r of rules) assert.ok(fs.existsSync(path.join(repoRoot, 'src', 'core', 'rules', `${r.id}.ts`)), r.id);
  });
  it('declares options with a default and a description for every key', () => {
    for (const r of rules) {
      const defaults = r.options.parse({}) as Record<string, unknown>;
      for (const [key, schema] of Object.entries(r.options.shape)) {
        assert.notEqual(defaults[key], undefined, `${r.id}.${key} has no default`);
        assert.ok((schema as { description?: string }).description, `${r.id}.${key} has no description`);
      }
    }
  });
});

describe('rules: each fires on its bad case and stays silent on a clean KR', () => {
  it('a clean document has no findings at all', () => assert.deepEqual(findings(CLEAN), []));
  for (const [id, c] of Object.entries(CASES)) {
    it(id, () => {
      const hits = findings(c.bad, id);
      assert.equal(hits.length, 1, `${id} fired ${hits.length} times: ${hits.map((h) => h.message).join(' | ')}`);
      assert.equal(hits[0]!.range.start.line, c.line);
      assert.equal(findings(CLEAN, id).length, 0);
    });
  }
});

describe('rules: details', () => {
  it('points kr-missing-baseline at the empty cell', () => {
    const [f] = findings(CASES['kr-missing-baseline']!.bad, 'kr-missing-baseline');
    assert.equal(f!.range.start.column, 19);
  });
  it('reports an unreadable confidence differently from a missing one', () => {
    assert.match(
      findings(CASES['kr-missing-confidence']!.bad, 'kr-missing-confidence')[0]!.message,
      /^Confidence "high" is not a number from 0 to 1: write how likely the target is/,
    );
    const missing = findings(`${HEAD}${TABLE}| Lift activation | 41% | 55% | 48% | Maria |  |\n`, 'kr-missing-confidence');
    assert.match(missing[0]!.message, /^No confidence: add how likely you think the target is/);
  });
  it('does not count a placeholder target as missing too', () => {
    assert.equal(findings(CASES['kr-placeholder']!.bad, 'kr-missing-target').length, 0);
  });
  it('finds placeholders in the KR text and the owner', () => {
    const text = `${HEAD}${TABLE}| Raise [metric] | 41% | 55% | 48% | @??? | 0.6 |\n`;
    assert.deepEqual(
      findings(text, 'kr-placeholder').map((f) => f.message.match(/\(("[^"]+")\)/)?.[1]),
      ['"[metric]"', '"@???"'],
    );
  });
  it('compares baseline and target across units for kr-no-change', () => {
    assert.equal(findings(`${HEAD}${TABLE}| Resolve tickets | 2 days | 48 hours | 1 day | Bo | 0.5 |\n`, 'kr-no-change').length, 1);
    assert.equal(findings(`${HEAD}${TABLE}| Uptime | 99.9% | ≥ 99.9% | 99.9% | Bo | 0.5 |\n`, 'kr-no-change').length, 0);
  });
  it('honours severities and off from configuration', () => {
    const config = resolveConfig({ rules: { 'kr-no-change': 'warning', 'kr-placeholder': 'off' } });
    const all = analyze(CASES['kr-no-change']!.bad, { today, config }).findings.filter((f) => f.ruleId === 'kr-no-change');
    assert.deepEqual(
      all.map((f) => [f.ruleId, f.severity]),
      [['kr-no-change', 'warning']],
    );
    assert.equal(analyze(CASES['kr-placeholder']!.bad, { today, config }).findings.filter((f) => f.ruleId === 'kr-placeholder').length, 0);
  });
  it('turns a failure inside OKR Lens into a finding, not a crash', () => {
    const a = analyze(CLEAN, {
      today,
      build: () => {
        throw new Error('boom');
      },
    });
    assert.deepEqual(
      a.findings.map((f) => [f.ruleId, f.severity]),
      [['okr-lens-internal', 'error']],
    );
    assert.match(a.findings[0]!.message, /reading the OKR model failed: boom/);
    assert.equal(a.document.objectives.length, 0);
  });
  it('never throws, whatever the input', () => {
    for (const junk of ['', '\u0000\u0001\uFFFD', '|||\n|-|\n', '# \n## Objective:\n- KR1:\n', 'x'.repeat(5000), '- - - -\n'.repeat(50), '<!--'.repeat(20)]) {
      assert.doesNotThrow(() => analyze(junk));
    }
  });
});

describe('rules: the example Sales document shows the mistakes a reviewer would flag', () => {
  const text = fs.readFileSync(path.join(examplesDir, 'teams', 'sales', 'q4-2026.okr.md'), 'utf8');
  const got = analyze(text, { today }).findings.map((f) => `${f.range.start.line} ${f.ruleId}`);
  const expected = [
    '1 doc-missing-context',
    '5 objective-has-metric',
    '11 kr-missing-baseline',
    '12 kr-sandbagging',
    '13 kr-activity',
    '14 kr-shared-owner',
    '21 objective-weak-verb',
    '26 kr-is-task',
    '27 kr-placeholder',
    '28 kr-missing-confidence',
    '35 kr-binary',
    '36 kr-placeholder',
    '37 kr-no-change',
    '50 kr-missing-owner',
    '51 kr-vague',
    '51 kr-missing-baseline',
    '51 kr-missing-target',
    '52 kr-vanity-metric',
    '55 objective-without-krs',
  ];
  it('finds exactly these', () => assert.deepEqual(got, expected));
  it('finds nothing in the clean Growth document', () => {
    const growth = fs.readFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');
    assert.deepEqual(analyze(growth, { today }).findings, []);
  });
});

describe('rules: wording', () => {
  it('never calls a clean, measurable KR a task, an activity or vague', () => {
    for (const text of [
      'Lift 30-day activation from 41% to 55%',
      'Reduce time-to-first-value from 7 days to 2 days',
      'Book 30 discovery calls from outbound',
      'Enterprise accounts using SSO: 0 → 15',
    ]) {
      const doc = `# Q4 2026 OKRs — T\n## Objective 1: Make onboarding effortless\n- KR1: ${text} (@maria, 0.6)\n- KR2: Raise NPS from 30 to 45 (@sam, 0.5)\n`;
      const hits = findings(doc).filter((f) => ['kr-is-task', 'kr-activity', 'kr-vague', 'kr-binary'].includes(f.ruleId));
      assert.deepEqual(
        hits.map((h) => h.message),
        [],
        text,
      );
    }
  });
});

describe('quality score', () => {
  const ALIGNED = CLEAN.replace('## Objective 1: Make onboarding effortless\n', '## Objective 1: Make onboarding effortless\nSupports: CO-1\n\n');
  it('is 100 for a clean, aligned objective and loses the weight of each flagged dimension', () => {
    const clean = analyze(ALIGNED, { today });
    assert.deepEqual(
      clean.quality.map((q) => q.score),
      [100],
    );
    const activity = ALIGNED.replace(
      '| Lift 30-day activation | 41% | 55% | 48% | Maria | 0.6 |',
      '| Send 500 outreach emails | 0 | 500 | 320 | Maria | 0.6 |',
    );
    const q = analyze(activity, { today }).quality[0]!;
    // Outcome focus (20): the objective itself is fine (half), one of two KRs is flagged (a quarter) → 15 of 20.
    assert.equal(q.score, 95);
    assert.deepEqual(
      q.dimensions.find((d) => d.id === 'outcome'),
      { id: 'outcome', label: 'Outcome focus', weight: 20, score: 0.75, lost: ['kr-activity'] },
    );
  });
  it('costs nothing for a suppressed or disabled finding', () => {
    const activity = ALIGNED.replace(
      '| Lift 30-day activation |',
      '| Send 500 outreach emails <!-- okr-lens-disable-line kr-activity -- outbound is new this quarter --> |',
    ).replace('| 41% | 55% | 48% | Maria', '| 0 | 500 | 320 | Maria');
    assert.equal(analyze(activity, { today }).quality[0]!.score, 100);
  });
  it('takes Alignment from a team objective that supports nothing, and Time-bound from a document with no quarter', () => {
    const team = analyze(CLEAN, { today }).quality[0]!;
    assert.deepEqual(team.dimensions.find((d) => d.id === 'alignment')!.lost, ['supports nothing']);
    assert.equal(team.score, 93, '100 − 15 × ½ = 92.5, shown as 93');
    const undated = analyze(CLEAN.replace('# Q4 2026 OKRs — Test', '# OKRs — Test'), { today }).quality[0]!;
    assert.equal(undated.dimensions.find((d) => d.id === 'time')!.score, 0);
  });
});

describe('kr-duplicate', () => {
  const doc = (a: string, b: string): string =>
    `# Q4 2026 OKRs — T\n## Objective 1: Make onboarding effortless\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| ${a} | 41% | 55% | 48% | Maria | 0.6 |\n| ${b} | 40% | 50% | 45% | Sam | 0.5 |\n`;
  const dup = (a: string, b: string): number => findings(doc(a, b), 'kr-duplicate').length;
  it('finds the same words in another order, and a near copy (Jaccard ≥ 0.8)', () => {
    assert.equal(dup('Lift 30-day activation rate', 'Activation rate, 30-day: lift'), 1);
    assert.equal(dup('Lift 30-day activation rate', 'Lift 30-day activation'), 1);
  });
  it('keeps KRs apart that share words but measure different things', () => {
    assert.equal(dup('Lift 30-day activation rate', 'Lift 90-day retention rate'), 0);
    assert.equal(dup('Time to first value, cohort 7', 'Time to first value, cohort 8'), 0);
  });
});

describe('rules: planning advice only where a team plans ahead', () => {
  const PLAN_RULES = ['doc-missing-context', 'doc-missing-not-doing', 'kr-missing-confidence', 'too-few-krs'];
  const fired = (text: string): string[] => [...new Set(findings(text).map((f) => f.ruleId))].filter((id) => PLAN_RULES.includes(id)).sort();
  const plan = '# Q1 2026 OKRs — Growth\n\n## Objective 1: Make onboarding effortless\n\n- KR1: Lift 30-day activation from 41% to 55% (@maria)\n';
  it('gives a team plan without Context, NOT doing, confidence and a second KR all four findings', () => {
    assert.deepEqual(fired(plan), [...PLAN_RULES].sort());
  });
  it('gives a graded review none of them, and says why it reads as one', () => {
    const review = `${plan.replace('(@maria)', '(@maria) => 0.7')}- KR2: Cut time to first value from 7 to 2 days (@sam) => 0.4\n`;
    const analysis = analyze(review, { today });
    assert.equal(analysis.document.stance, 'review');
    assert.match(analysis.document.stanceReason ?? '', /2 of its 2 key results are graded/);
    assert.deepEqual(fired(review), []);
  });
  it('gives a retrospective none of them', () => {
    assert.deepEqual(fired(`${plan}\n## Retrospective\n\n- The wizard shipped late\n`), []);
  });
  it("gives a person's own OKRs, written in the first person, no Context, NOT-doing or confidence findings and no missing owners", () => {
    const personal =
      "# My 2026 OKRs\n\nI want this year to be about my health and my writing. I'll check in on my progress monthly.\n\n## Objective 1: Get fit\n\n- KR1: Run 500 km\n- KR2: Lift my resting heart rate check-ins from 0 to 12\n";
    assert.equal(analyze(personal, { today }).document.personal, true);
    const ids = findings(personal).map((f) => f.ruleId);
    for (const id of ['doc-missing-context', 'doc-missing-not-doing', 'kr-missing-confidence', 'kr-missing-owner'])
      assert.ok(!ids.includes(id), `${id} in ${ids.join(', ')}`);
  });
});

describe('rules: suggested fixes fit the document', () => {
  const deps = (title: string): string =>
    `# ${title}\n## Objective 1: Make onboarding effortless\n${TABLE}| Lift 30-day activation | 41% | 55% | 48% | Maria | 0.6 |\n| Cut time to first value | 7 days | 2 days | 4 days | Sam | 0.5 |\n\n## Dependencies\n\n- Need from Platform: audit log export\n${TAIL}`;
  it('dependency-without-date suggests the dependency itself with a date inside the document quarter', () => {
    const [q3] = findings(deps('Q3 2026 OKRs — Test'), 'dependency-without-date');
    assert.match(q3!.message, /"Need from Platform: audit log export by 2026-08-15"/);
    const [q1] = findings(deps('Q1 2027 OKRs — Test'), 'dependency-without-date');
    assert.match(q1!.message, /"Need from Platform: audit log export by 2027-02-15"/);
    assert.doesNotMatch(q1!.message, /SSO/);
  });
  it('dependency-without-date names no date when the document has no dated quarter', () => {
    const [f] = findings(deps('OKRs — Test'), 'dependency-without-date');
    assert.ok(f, 'fires');
    assert.doesNotMatch(f.message, /\d{4}-\d{2}-\d{2}/);
    assert.doesNotMatch(f.message, /SSO/);
  });
  const binary = (kr: string, target = '15'): Finding | undefined =>
    findings(
      `${HEAD}${TABLE}| ${kr} | 0 | ${target} | 0 | Maria | 0.6 |\n| Cut time to first value | 7 days | 2 days | 4 days | Sam | 0.5 |\n${TAIL}`,
      'kr-binary',
    )[0];
  it("kr-binary builds its example from the KR's own words", () => {
    assert.match(binary('Ship the audit log export', 'Done')!.message, /e\.g\. "Users of the audit log export: 0 → N" instead of "Ship the audit log export"/);
    assert.match(binary('Sunset the v1 dashboard', 'Yes')!.message, /e\.g\. "Users still on the v1 dashboard: N → 0"/);
  });
  it('kr-binary gives no example it cannot build from the KR', () => {
    for (const kr of ['Peerpad runs on Chrome', 'Migrate billing to Stripe', 'Deploy to production', 'Ship it', 'Release 3 new integrations']) {
      const f = binary(kr, 'Done');
      assert.ok(f, kr);
      assert.doesNotMatch(f.message, /SSO|Enterprise|e\.g\./, kr);
    }
  });
});
