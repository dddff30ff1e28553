import * as assert from 'node:assert/strict';
import { analyze, IncrementalAnalyzer, resolveConfig, type Analysis } from '../../src/core/index';
import { corpusFiles, examplesDir, markdownFilesUnder, readCorpus } from './helpers';
import * as fs from 'node:fs';
import { random } from '../random';

const today = new Date('2026-11-23');

const PIECES = [
  'x',
  ' ',
  '\n',
  '\n\n',
  '|',
  ' | 12% |',
  '## ',
  '# ',
  '- ',
  '1. ',
  '**',
  '`',
  '```\n',
  '<!-- okr-lens-disable-line -- r -->',
  'KR1: ',
  'Objective 2: Grow',
  '0.7',
  'TBD',
  '→',
  '> ',
  '---\n',
];

/** A random edit: insert a piece, delete a span, or replace one line. */
function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const kind = r();
  if (kind < 0.5) return text.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)]! + text.slice(at);
  if (kind < 0.8) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 40)));
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  lines[i] = r() < 0.5 ? '' : `| Changed row ${i} | 1 | 2 | ${Math.floor(r() * 3)} | Ana | 0.5 |`;
  return lines.join('\n');
}

function visible(a: Analysis): unknown {
  // The scores also as each model object reaches them: an objective's scores kept from an earlier version must be found from this version's objects.
  const reached = a.document.objectives.map((o) => ({ objective: a.scores.objective(o), keyResults: o.keyResults.map((kr) => a.scores.keyResult(kr)) }));
  return { document: a.document, scores: a.scores, reached, findings: a.findings, suppressed: a.suppressed, suppressions: a.suppressions, quality: a.quality };
}

describe('incremental analysis equals a full analysis', () => {
  const sources: Array<[string, string]> = [
    ...markdownFilesUnder(examplesDir).map((f): [string, string] => [f.slice(examplesDir.length + 1), fs.readFileSync(f, 'utf8')]),
    ...corpusFiles().map((f): [string, string] => [f, readCorpus(f)]),
    // With no blank lines, a line right under a table becomes a (lazy) table row: the builder's table memo replays those.
    ...markdownFilesUnder(examplesDir).map((f): [string, string] => [
      `${f.slice(examplesDir.length + 1)} without blank lines`,
      fs.readFileSync(f, 'utf8').replace(/\n\n+/g, '\n'),
    ]),
  ];
  sources.forEach(([name, original], n) => {
    it(`${name}: 40 random edits in a row`, () => {
      const r = random(1000 + n);
      const incremental = new IncrementalAnalyzer();
      let text = original;
      for (let step = 0; step < 40; step++) {
        const got = incremental.analyze(text, { today });
        assert.deepStrictEqual(visible(got), visible(analyze(text, { today })), `step ${step}`);
        text = edit(text, r);
      }
    });
  });
  it('keeps the scores of the objectives an edit did not touch, and scores the edited one again', () => {
    const text = fs.readFileSync(`${examplesDir}/teams/growth/q4-2026.okr.md`, 'utf8');
    const incremental = new IncrementalAnalyzer();
    const before = incremental.analyze(text, { today });
    const at = text.indexOf('| 13% |');
    const edited = before.document.objectives.findIndex((o) => o.range.start.offset <= at && at <= before.lines.lineEnd(o.endLine));
    assert.ok(edited >= 0 && before.document.objectives.length > 1);
    const beforeScores = before.scores.objectives.slice();
    const after = incremental.analyze(text.replace('| 13% |', '| 14% |'), { today });
    after.scores.objectives.forEach((s, i) => (i === edited ? assert.notEqual(s, beforeScores[i]) : assert.equal(s, beforeScores[i], `objective ${i}`)));
    // The kept scores belong to the new version's model objects, and only to them: an object of the version before gets no score.
    after.document.objectives.forEach((o, i) => {
      assert.notEqual(o, before.document.objectives[i], `objective ${i} is read again`);
      assert.equal(after.scores.objective(o), after.scores.objectives[i], `objective ${i}`);
      o.keyResults.forEach((kr, j) => assert.equal(after.scores.keyResult(kr), after.scores.objectives[i]!.keyResults[j], `objective ${i} KR ${j}`));
      assert.throws(() => after.scores.objective(before.document.objectives[i]!), /not an objective of the document scored/);
    });
    assert.deepStrictEqual(visible(after), visible(analyze(text.replace('| 13% |', '| 14% |'), { today })));
  });
  it('forgets what it kept when the day or the configuration changes', () => {
    const text = fs.readFileSync(`${examplesDir}/teams/growth/q4-2026.okr.md`, 'utf8');
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(text, { today });
    // A later day moves the quarter's clock (pace), stricter bands change every RAG, and a disabled rule drops findings.
    const later = new Date('2026-12-20');
    assert.deepStrictEqual(visible(incremental.analyze(text, { today: later })), visible(analyze(text, { today: later })));
    const config = resolveConfig({ ragBands: { red: 0.5, amber: 0.8, green: 0.95 }, rules: { 'kr-sandbagging': 'off', 'kr-missing-baseline': 'error' } });
    const strict = incremental.analyze(text, { today: later, config });
    assert.deepStrictEqual(visible(strict), visible(analyze(text, { today: later, config })));
    assert.notDeepStrictEqual(visible(strict), visible(analyze(text, { today: later })));
  });
  it('re-parses only the chunk that changed', () => {
    const text = fs.readFileSync(`${examplesDir}/teams/growth/q4-2026.okr.md`, 'utf8');
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(text, { today });
    const chunks = incremental.lastStats.parsed;
    assert.ok(chunks > 5, `${chunks} chunks`);
    incremental.analyze(text.replace('| 13% |', '| 14% |'), { today });
    assert.deepEqual(incremental.lastStats, { parsed: 1, reused: chunks - 1 });
  });
});
