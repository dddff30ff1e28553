import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { check, checkIncremental, editSequenceArbitrary, seeds, textArbitrary } from './properties';

/**
 * `npm run fuzz`: a long campaign with a fresh seed (or FUZZ_SEED), FUZZ_RUNS
 * cases per property. Every failure is shrunk and saved under
 * test/fuzz/regressions/, where the fixed-budget unit test picks it up as a
 * seed document from then on.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const runs = Number(process.env['FUZZ_RUNS'] ?? 5_000);
const docs = seeds(root);
const dir = path.join(root, 'test', 'fuzz', 'regressions');
let failed = 0;

function save(text: string, error: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${createHash('sha1').update(text).digest('hex').slice(0, 12)}.md`);
  fs.writeFileSync(file, text);
  console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}\n  saved as ${path.relative(root, file)}`);
  failed++;
}

console.log(`fuzz: seed ${seed}, ${runs} runs per property, ${docs.length} seed documents`);
const one = fc.check(
  fc.property(textArbitrary(docs), (t) => check(t)),
  { seed, numRuns: runs },
);
if (one.failed && one.counterexample) save(one.counterexample[0], one.errorInstance);
const inc = fc.check(
  fc.property(editSequenceArbitrary(docs), (ts) => checkIncremental(ts)),
  { seed, numRuns: Math.ceil(runs / 5) },
);
if (inc.failed && inc.counterexample) save(inc.counterexample[0].join('\n\n<!-- next version -->\n\n'), inc.errorInstance);
console.log(failed === 0 ? 'fuzz: no failures' : `fuzz: ${failed} failure(s) saved`);
process.exitCode = failed === 0 ? 0 : 1;
