import * as assert from 'node:assert/strict';
import { analyze, applyEdits, fixAll, fixesFor } from '../../src/core/index';

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
  assert.ok(f, `no fix ${title} among ${fixesFor(a, finding).map((x) => x.title).join(' / ')}`);
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
    const text = short.replace('| KR | Target | Current | Confidence |', '| KR | Target | Current | Confidence | Owner |').replace('|----|--------|---------|------------|', '|----|--------|---------|------------|---|').replace('| 48% | 0.6 |', '| 48% | 0.6 | Maria |');
    const out = fix(text, 'kr-missing-owner', /missing cells/);
    assert.match(out, /^\| Cut time to first value \| 2 days \|  \|  \|  \|$/m);
  });
  it('adds the Context and NOT-doing sections', () => {
    assert.match(fix(DOC, 'doc-missing-context', /Context/), /^# Q4 2026 OKRs — Growth\n\n## Context\n\n- Annual goal this supports: \n/);
    assert.match(fix(DOC, 'doc-missing-not-doing', /NOT doing/), /\n\n## What we're NOT doing this quarter\n\n- \n$/);
  });
  it('inserts a disable comment with a reason placeholder, which still asks for a reason', () => {
    const out = fix(DOC, 'kr-missing-baseline', /Disable kr-missing-baseline/);
    assert.match(out, /^\| Lift 30-day activation <!-- okr-lens-disable-line kr-missing-baseline -- reason: why this is fine here --> \| 55%/m);
    assert.match(fix(DOC, 'kr-missing-owner', /Disable kr-missing-owner/), /^<!-- okr-lens-disable-next-line kr-missing-owner -- reason: why this is fine here -->\n# Q4 2026/);
    const a = analyze(out, { today });
    assert.equal(a.findings.filter((f) => f.ruleId === 'suppression-without-reason').length, 1);
  });
  it('fix-all applies every fixable fix as one edit and leaves the rest of the text alone', () => {
    const result = fixAll(DOC, { today })!;
    const out = applyEdits(DOC, [result.edit]);
    const findings = analyze(out, { today }).findings;
    const left = findings.map((f) => f.ruleId);
    // The sections are there to be written in: until they are, they are reported as empty.
    for (const id of ['doc-missing-context', 'doc-missing-not-doing']) assert.match(findings.find((f) => f.ruleId === id)?.message ?? `no ${id}`, /\bempty\b/);
    // The new columns are there to be filled in: the empty cells are still reported (owners once, for the document).
    assert.ok(out.includes('| Lift 30-day activation |  | 55% | 48% |  | 0.6 |'), out);
    assert.equal(left.filter((id) => id === 'kr-missing-owner').length, 1);
    assert.equal(left.filter((id) => id === 'kr-missing-baseline').length, 2);
    assert.ok(out.startsWith('# Q4 2026 OKRs — Growth\n\n## Context'), out);
    assert.equal(fixAll(out, { today }), null, 'nothing left to fix');
  });
});
