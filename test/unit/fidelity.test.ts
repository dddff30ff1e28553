import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir, fixturesDir, repoRoot } from './helpers';

/**
 * Fidelity on real documents: the real OKR documents of test/fixtures/corpus,
 * read by the built CLI and scored against a person's labels with the same
 * script CI's fidelity check uses (copied, with the documents and labels, from
 * ../shared). The figures recorded in test/fidelity.json only ratchet: a
 * change that makes any measure worse fails here.
 */
const cli = path.join(repoRoot, 'out', 'cli.js');
const fidelityDir = path.join(fixturesDir, 'fidelity');
const recorded = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fidelity.json'), 'utf8')) as Record<string, number | string>;

/** Measures where more is better; the rest (invented scores, silent documents) must not grow. */
const HIGHER_IS_BETTER = ['objectiveF1', 'keyResultF1', 'fieldAccuracy', 'statedScoresMatched', 'findingPrecision', 'errorPrecision', 'expectedFindingRecall'];
const LOWER_IS_BETTER = ['scoresInvented', 'silentDocuments'];

describe('fidelity: real documents against a person’s labels (test/fidelity.json)', function () {
  this.timeout(180_000);
  let summary: Record<string, number>;
  before(() => {
    assert.ok(fs.existsSync(cli), 'run `npm run build` first: out/cli.js is missing');
    const out = execFileSync(
      process.execPath,
      [path.join(fidelityDir, 'score.mjs'), '--cli', cli, '--docs', corpusDir, '--labels', path.join(fidelityDir, 'labels'), '--json'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    summary = (JSON.parse(out) as { summary: Record<string, number> }).summary;
  });

  it('scores every labelled document', () => {
    const labels = fs.readdirSync(path.join(fidelityDir, 'labels')).filter((f) => f.endsWith('.json'));
    assert.equal(summary['documents'], labels.length);
    assert.ok(labels.length >= 29);
  });
  for (const measure of HIGHER_IS_BETTER) {
    it(`${measure} stays at or above ${recorded[measure]}`, () => {
      assert.ok(summary[measure]! >= (recorded[measure] as number), `${measure} fell to ${summary[measure]} (recorded ${recorded[measure]})`);
    });
  }
  for (const measure of LOWER_IS_BETTER) {
    it(`${measure} stays at or below ${recorded[measure]}`, () => {
      assert.ok(summary[measure]! <= (recorded[measure] as number), `${measure} rose to ${summary[measure]} (recorded ${recorded[measure]})`);
    });
  }
  it('records every measure the script gives', () => {
    for (const measure of [...HIGHER_IS_BETTER, ...LOWER_IS_BETTER]) assert.equal(typeof recorded[measure], 'number', measure);
  });
});

/**
 * The copies in test/fixtures are the shared documents and labels, unchanged:
 * labels are changed only in ../shared, never in the copy. Where ../shared is
 * not beside the project (a clone on its own), there is nothing to compare.
 */
describe('fidelity: the copies in test/fixtures match ../shared', () => {
  const shared = path.resolve(repoRoot, '..', 'shared');
  const pairs: Array<[string, string, (f: string) => boolean]> = [
    [path.join(shared, 'corpus', 'real'), corpusDir, (f) => f.endsWith('.md') || f === 'SOURCES.tsv'],
    [path.join(shared, 'fidelity', 'labels'), path.join(fidelityDir, 'labels'), (f) => f.endsWith('.json')],
    [path.join(shared, 'fidelity'), fidelityDir, (f) => f === 'score.mjs' || f === 'LABELS.md'],
  ];
  for (const [from, to, wanted] of pairs) {
    it(`${path.relative(repoRoot, to)} holds exactly ${path.relative(path.dirname(shared), from)}`, function () {
      if (!fs.existsSync(from)) this.skip();
      const theirs = fs.readdirSync(from).filter(wanted).sort();
      const ours = fs.readdirSync(to).filter(wanted).sort();
      assert.deepEqual(ours, theirs, 'the same files');
      for (const f of theirs)
        assert.ok(
          fs.readFileSync(path.join(from, f)).equals(fs.readFileSync(path.join(to, f))),
          `${f} differs from ../shared: copy it again (labels change only in ../shared)`,
        );
    });
  }
});
