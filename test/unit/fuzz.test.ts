import fc from 'fast-check';
import { check, checkIncremental, editSequenceArbitrary, seeds, textArbitrary } from '../fuzz/properties';
import { repoRoot } from './helpers';

/** The fuzz properties with a fixed seed and budget, so CI runs the same cases every time (`npm run fuzz` runs long campaigns). */
describe('fuzz (fixed seed and budget)', function () {
  this.timeout(120_000);
  const docs = seeds(repoRoot);
  it('analysis never throws, keeps positions in the text and scores in 0–1, suppressions only remove, JSON and SARIF validate', () => {
    fc.assert(
      fc.property(textArbitrary(docs), (text) => check(text)),
      { seed: 20261123, numRuns: 300 },
    );
  });
  it('incremental analysis equals full analysis over a sequence of mutations', () => {
    fc.assert(
      fc.property(editSequenceArbitrary(docs), (texts) => checkIncremental(texts)),
      { seed: 20261123, numRuns: 60 },
    );
  });
});
