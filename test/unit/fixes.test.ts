import * as assert from 'node:assert/strict';
import {
  analyze,
  applyEdits,
  baselineFromHistory,
  fixAll,
  fixesFor,
  peopleNamed,
  summaryOf,
  supportsChoices,
  type DocSummary,
  type Finding,
  type TrailPoint,
} from '../../src/core/index';

const today = new Date('2026-11-23');
const DOC = `# Q4 2026 OKRs — Growth

## Objective 1: Make onboarding effortless

| KR | Target | Current | Confidence |
|----|--------|---------|------------|
| Lift 30-day activation | 55% | 48% | 0.6 |
| Cut time to first value | 2 days | 4 days | 0.5 |
`;

function fix(text: string, ruleId: string, title: RegExp): string {
  const a = analyze(text, { today });
  const finding = a.findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} in ${a.findings.map((f) => f.ruleId).join(', ')}`);
  const f = fixesFor(a, finding).find((x) => title.test(x.title));
  assert.ok(
    f,
    `no fix ${title} among ${fixesFor(a, finding)
      .map((x) => x.title)
      .join(' / ')}`,
  );
  return applyEdits(text, f.edits);
}

describe('quick fixes (core)', () => {
  it('adds a missing column at its place, touching only the pipes of that column', () => {
    const out = fix(DOC, 'kr-missing-owner', /Add an? Owner column/);
    assert.equal(
      out.split('\n').slice(4, 8).join('\n'),
      '| KR | Target | Current | Owner | Confidence |\n|----|--------|---------|---|------------|\n| Lift 30-day activation | 55% | 48% |  | 0.6 |\n| Cut time to first value | 2 days | 4 days |  | 0.5 |',
    );
    const baseline = fix(DOC, 'kr-missing-baseline', /Baseline column/);
    assert.match(baseline, /^\| KR \| Baseline \| Target \|/m);
  });
  it('adds missing cells to a short row', () => {
    const short = `${DOC.replace('| Cut time to first value | 2 days | 4 days | 0.5 |', '| Cut time to first value | 2 days |')}`;
    const text = short
      .replace('| KR | Target | Current | Confidence |', '| KR | Target | Current | Confidence | Owner |')
      .replace('|----|--------|---------|------------|', '|----|--------|---------|------------|---|')
      .replace('| 48% | 0.6 |', '| 48% | 0.6 | Maria |');
    const out = fix(text, 'kr-missing-owner', /missing cells/);
    assert.match(out, /^\| Cut time to first value \| 2 days \|  \|  \|  \|$/m);
  });
  it('adds the Context and NOT-doing sections', () => {
    assert.match(fix(DOC, 'doc-missing-context', /Context/), /^# Q4 2026 OKRs — Growth\n\n## Context\n\n- Annual goal this supports: \n/);
    assert.match(fix(DOC, 'doc-missing-not-doing', /NOT doing/), /\n\n## What we're NOT doing this quarter\n\n- \n$/);
    // Below the lines that introduce the document, so the new section holds only what is to be written.
    const intro = DOC.replace('— Growth\n', '— Growth\n\nDraft by Marcus, 2026-10-03.\n');
    const out = fix(intro, 'doc-missing-context', /Context/);
    assert.match(
      out,
      /^# Q4 2026 OKRs — Growth\n\nDraft by Marcus, 2026-10-03\.\n\n## Context\n\n- Annual goal this supports: \n- Key assumption: \n- Biggest risk: \n\n## Objective 1/,
    );
    assert.match(analyze(out, { today }).findings.find((f) => f.ruleId === 'doc-missing-context')?.message ?? '', /\bempty\b/i);
  });
  it('inserts a disable comment with a reason placeholder, which still asks for a reason', () => {
    const out = fix(DOC, 'kr-missing-baseline', /Disable kr-missing-baseline/);
    assert.match(out, /^\| Lift 30-day activation <!-- okr-lens-disable-line kr-missing-baseline -- reason: why this is fine here --> \| 55%/m);
    assert.match(
      fix(DOC, 'kr-missing-owner', /Disable kr-missing-owner/),
      /^<!-- okr-lens-disable-next-line kr-missing-owner -- reason: why this is fine here -->\n# Q4 2026/,
    );
    const a = analyze(out, { today });
    assert.equal(a.findings.filter((f) => f.ruleId === 'suppression-without-reason').length, 1);
  });
  it('fix-all applies every fixable fix as one edit and leaves the rest of the text alone', () => {
    const result = fixAll(DOC, { today })!;
    const out = applyEdits(DOC, [result.edit]);
    const findings = analyze(out, { today }).findings;
    const left = findings.map((f) => f.ruleId);
    // The sections are there to be written in: until they are, they are reported as empty.
    for (const id of ['doc-missing-context', 'doc-missing-not-doing']) assert.match(findings.find((f) => f.ruleId === id)?.message ?? `no ${id}`, /\bempty\b/i);
    // The new columns are there to be filled in: the empty cells are still reported (owners once, for the document).
    assert.ok(out.includes('| Lift 30-day activation |  | 55% | 48% |  | 0.6 |'), out);
    assert.equal(left.filter((id) => id === 'kr-missing-owner').length, 1);
    assert.equal(left.filter((id) => id === 'kr-missing-baseline').length, 2);
    assert.ok(out.startsWith('# Q4 2026 OKRs — Growth\n\n## Context'), out);
    assert.equal(fixAll(out, { today }), null, 'nothing left to fix');
  });
});

describe('quick fixes (core): the fix that resolves a finding, and the choices a person would reach for', () => {
  const GROWTH = DOC.replace(
    '| KR | Target | Current | Confidence |\n|----|--------|---------|------------|',
    '| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----------|--------|---------|-------|------------|',
  )
    .replace('| Lift 30-day activation | 55% | 48% | 0.6 |', '| Lift 30-day activation | 41% | 55% | 48% |  | 0.6 |')
    .replace(
      '| Cut time to first value | 2 days | 4 days | 0.5 |',
      '| Cut time to first value |  | 2 days | 4 days | Sam | 0.5 |\n| Launch the new onboarding wizard | 0% | 100% | 60% | Maria | 0.6 |',
    );
  const SALES = `# Q4 2026 OKRs — Sales\n\n## Objective 1: Grow ARR\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----------|--------|---------|-------|------------|\n| New-logo ARR booked | $1.6M | $2.4M | $1.9M | Marcus | 0.6 |\n| Expansion ARR | $100K | $400K | $260K | Elena | 0.6 |\n| Enterprise demos booked | 18/month | 30/month | 24/month | Marcus | 0.6 |\n| Win rate | 18% | 28% | 21% | the team | 0.5 |\n`;
  const summaries = (docs: Record<string, string>): DocSummary[] =>
    Object.entries(docs).map(([key, text]) => {
      const a = analyze(text, { today });
      return summaryOf(key, a.document, a.scores, a.suppressions);
    });
  const findingOf = (a: ReturnType<typeof analyze>, ruleId: string, line: string): Finding => {
    const n = a.lines.text.split('\n').findIndex((l) => l.startsWith(line)) + 1;
    const f = a.findings.find((x) => x.ruleId === ruleId && x.range.start.line === n);
    assert.ok(f, `no ${ruleId} on line ${n}: ${a.findings.map((x) => `${x.range.start.line} ${x.ruleId}`).join(', ')}`);
    return f;
  };

  it('lists the fix first, as the preferred one, and the disable comment last', () => {
    const a = analyze(DOC, { today });
    const fixes = fixesFor(
      a,
      a.findings.find((f) => f.ruleId === 'kr-missing-baseline')!,
    );
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred, f.kind]),
      [
        ['Add a Baseline column to this table', true, 'fix'],
        ['Disable kr-missing-baseline here (with a reason)', false, 'disable'],
      ],
    );
  });

  it('offers the people the workspace names as owners, by team, most KRs first, for a KR with no owner', () => {
    const workspace = summaries({ '/ws/teams/sales/q4-2026.okr.md': SALES, '/ws/teams/growth/q4-2026.okr.md': GROWTH });
    // The document's own people first ("the team" is nobody to offer).
    assert.deepEqual(
      peopleNamed(workspace, '/ws/teams/growth/q4-2026.okr.md').map((p) => [p.name, p.krs, p.where]),
      [
        ['Maria', 1, 'Growth'],
        ['Sam', 1, 'Growth'],
        ['Marcus', 2, 'Sales'],
        ['Elena', 1, 'Sales'],
      ],
    );
    const people = peopleNamed(workspace);
    assert.deepEqual(
      people.map((p) => [p.name, p.krs, p.where]),
      [
        ['Marcus', 2, 'Sales'],
        ['Elena', 1, 'Sales'],
        ['Maria', 1, 'Growth'],
        ['Sam', 1, 'Growth'],
      ],
    );
    const a = analyze(GROWTH, { today });
    const fixes = fixesFor(a, findingOf(a, 'kr-missing-owner', '| Lift 30-day activation'), { people });
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        'Make Marcus the owner (owns 2 KRs in Sales)',
        'Make Elena the owner (owns 1 KR in Sales)',
        'Make Maria the owner (owns 1 KR in Growth)',
        'Make Sam the owner (owns 1 KR in Growth)',
        'Disable kr-missing-owner here (with a reason)',
      ],
    );
    assert.ok(
      fixes.every((f) => !f.preferred),
      'a choice between people is never applied as the auto fix',
    );
    const out = applyEdits(GROWTH, fixes[2]!.edits);
    assert.match(out, /^\| Lift 30-day activation \| 41% \| 55% \| 48% \| Maria \| 0\.6 \|$/m);
    assert.ok(!analyze(out, { today }).findings.some((f) => f.ruleId === 'kr-missing-owner'));
  });

  it('moves a task KR to Key initiatives in one edit, creating the list after the table', () => {
    const a = analyze(GROWTH, { today });
    const fixes = fixesFor(a, findingOf(a, 'kr-is-task', '| Launch the new onboarding wizard'));
    assert.equal(fixes[0]!.title, 'Move this task to Key initiatives');
    assert.ok(fixes[0]!.preferred);
    const out = applyEdits(GROWTH, fixes[0]!.edits);
    assert.ok(!out.includes('| Launch the new onboarding wizard |'), out);
    assert.ok(
      out.includes('| Cut time to first value |  | 2 days | 4 days | Sam | 0.5 |\n\n**Key initiatives:**\n\n- Launch the new onboarding wizard (Maria)\n'),
      out,
    );
    const after = analyze(out, { today });
    assert.ok(!after.findings.some((f) => f.ruleId === 'kr-is-task'));
    assert.deepEqual(
      after.document.objectives[0]!.initiatives.map((i) => i.text),
      ['Launch the new onboarding wizard (Maria)'],
    );
    assert.equal(after.document.objectives[0]!.keyResults.length, 2);
  });

  it('moves a task KR after the initiatives already listed, from a bullet list', () => {
    const text = `# Q4 2026 OKRs — Growth\n\n## Objective 1: Make onboarding effortless\n\n- Lift 30-day activation from 41% to 55% (Owner: Maria)\n- Launch the new onboarding wizard (Owner: Sam)\n- Cut time to first value from 7 days to 2 days (Owner: Sam)\n\nKey initiatives:\n\n- Rebuild the pricing page\n\n## Objective 2: Be reliable\n\n- Raise uptime from 99.5% to 99.9% (Owner: Omar)\n`;
    const a = analyze(text, { today });
    const fix = fixesFor(a, findingOf(a, 'kr-is-task', '- Launch the new')).find((f) => /Key initiatives/.test(f.title))!;
    const out = applyEdits(text, fix.edits);
    assert.ok(out.includes('- Lift 30-day activation from 41% to 55% (Owner: Maria)\n- Cut time to first value'), out);
    assert.ok(out.includes('- Rebuild the pricing page\n- Launch the new onboarding wizard (Sam)\n\n## Objective 2'), out);
    assert.deepEqual(
      analyze(out, { today }).document.objectives[0]!.initiatives.map((i) => i.text),
      ['Rebuild the pricing page', 'Launch the new onboarding wizard (Sam)'],
    );
    // A bullet KR with no owner gets one at the end of its line.
    const unowned = text.replace('- Cut time to first value from 7 days to 2 days (Owner: Sam)', '- Cut time to first value from 7 days to 2 days');
    const b = analyze(unowned, { today });
    const owner = fixesFor(b, findingOf(b, 'kr-missing-owner', '- Cut time'), { people: [{ name: 'Omar', krs: 1, where: 'Growth' }] })[0]!;
    assert.equal(owner.title, 'Make Omar the owner (owns 1 KR in Growth)');
    const owned = applyEdits(unowned, owner.edits);
    assert.ok(owned.includes('- Cut time to first value from 7 days to 2 days (Owner: Omar)\n'), owned);
    assert.deepEqual(
      analyze(owned, { today }).document.objectives[0]!.keyResults.map((k) => k.owner?.names),
      [['Maria'], ['Sam'], ['Omar']],
    );
  });

  it('fills a missing baseline with the value git recorded when the quarter started, as the preferred fix', () => {
    const points: TrailPoint[] = [
      { commit: 'a1', date: '2026-09-20T10:00:00Z', current: '6 days', confidence: null, score: null },
      { commit: 'b2', date: '2026-09-28T10:00:00Z', current: '5 days', confidence: null, score: null },
      { commit: 'c3', date: '2026-10-20T10:00:00Z', current: '4 days', confidence: null, score: null },
      { commit: null, date: '2026-11-23T00:00:00Z', current: '4 days', confidence: null, score: null },
    ];
    assert.deepEqual(baselineFromHistory(points, '2026-10-01'), { value: '5 days', date: '2026-09-28T10:00:00Z' });
    assert.deepEqual(baselineFromHistory(points.slice(2), '2026-10-01'), null, 'nothing committed in the first two weeks');
    assert.deepEqual(baselineFromHistory([{ ...points[2]!, date: '2026-10-05T09:00:00Z' }], '2026-10-01'), { value: '4 days', date: '2026-10-05T09:00:00Z' });
    const a = analyze(GROWTH, { today });
    const finding = findingOf(a, 'kr-missing-baseline', '| Cut time to first value');
    const fixes = fixesFor(a, finding, { baselineOf: (kr) => (kr.text === 'Cut time to first value' ? baselineFromHistory(points, '2026-10-01') : null) });
    assert.equal(fixes[0]!.title, 'Fill in the baseline from git: 5 days (the current value on 2026-09-28)');
    assert.ok(fixes[0]!.preferred);
    const out = applyEdits(GROWTH, fixes[0]!.edits);
    assert.match(out, /^\| Cut time to first value \| 5 days \| 2 days \| 4 days \| Sam \| 0\.5 \|$/m);
    assert.ok(!analyze(out, { today }).findings.some((f) => f.ruleId === 'kr-missing-baseline'));
    assert.deepEqual(
      fixesFor(a, finding, { baselineOf: () => null }).map((f) => f.title),
      ['Disable kr-missing-baseline here (with a reason)'],
      'nothing from git, no fix',
    );
  });

  it('labels Supports choices with the team or title, and links company objectives when no ID is defined', () => {
    const company = `# Q4 2026 OKRs — Company\n\n## Objective 1: Grow revenue\nID: CO-1\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----------|--------|---------|-------|------------|\n| ARR | $8M | $12M | $10M | Dana | 0.6 |\n`;
    const choices = supportsChoices(
      summaries({ '/ws/company/q4-2026.okr.md': company, '/ws/teams/growth/q4-2026.okr.md': GROWTH }),
      '/ws/teams/growth/q4-2026.okr.md',
    );
    assert.deepEqual(choices, [{ title: 'Add "Supports: CO-1" (Company: Grow revenue)', text: 'CO-1' }]);
    const noIds = supportsChoices(
      summaries({ '/ws/company/q4-2026.okr.md': `---\nlevel: company\n---\n${company.replace('ID: CO-1\n', '')}` }),
      '/ws/teams/growth/q4-2026.okr.md',
    );
    assert.deepEqual(noIds, [
      { title: 'Add "Supports: [Grow revenue](…)" (Company)', text: '[Grow revenue](../../company/q4-2026.okr.md#objective-1-grow-revenue)' },
    ]);
    assert.deepEqual(
      supportsChoices(summaries({ '/ws/teams/growth/q4-2026.okr.md': GROWTH }), '/ws/teams/growth/q4-2026.okr.md'),
      [],
      'nothing to align to: no empty Supports line',
    );
  });
});
