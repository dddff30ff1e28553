import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze, IncrementalAnalyzer, rules, type Analysis } from '../../src/core/index';
import { CheckReportSchema, checkReport, fileJson } from '../../src/core/report/json';
import { sarifLog } from '../../src/core/report/sarif';

/**
 * Properties of core that must hold for any text (issue 7): random mutations
 * of the examples, the real corpus and generated documents. Shared by the
 * fixed-budget unit test and `npm run fuzz`.
 */
const today = new Date('2026-11-23');

export function seeds(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) files.push(p);
    }
  };
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test', 'fixtures', 'corpus'));
  const regressions = path.join(root, 'test', 'fuzz', 'regressions');
  if (fs.existsSync(regressions)) walk(regressions);
  return files
    .filter((f) => path.basename(f) !== 'README.md')
    .sort()
    .map((f) => fs.readFileSync(f, 'utf8'));
}

const PIECES = [
  '|',
  ' | ',
  '\n',
  '\n\n',
  '## Objective 1: ',
  '# Q1 2026 OKRs — X\n',
  '- KR1: ',
  '| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n',
  '<!-- okr-lens-disable -- x -->',
  '<!-- okr-lens-enable -->',
  '<!--',
  '```\n',
  '---\nokr: true\n---\n',
  '\r\n',
  '\t',
  '\u0000',
  '\uFFFD',
  '🟢',
  'TBD',
  '0.6',
  '→',
  '50%',
  '$1.2M',
  '< 2 days',
  '@maria',
  'Scoring: ≤4 days: 1.0; 5-6: 0.7',
  '[x](#y)',
  '> ',
  '    ',
  '\\|',
];

/** A text: a seed document with random insertions, deletions and splices, or a generated one. */
const piece = fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const mutation = fc.record({ at: fc.nat(), cut: fc.nat({ max: 60 }), insert: piece });
type Mutation = { at: number; cut: number; insert: string };

function mutate(doc: string, edits: readonly Mutation[]): string {
  return edits.reduce((t, e) => {
    const at = t.length === 0 ? 0 : e.at % (t.length + 1);
    return t.slice(0, at) + e.insert + t.slice(Math.min(t.length, at + e.cut));
  }, doc);
}

/** A text: a seed document with random insertions, deletions and splices, or a generated one. */
export function textArbitrary(docs: readonly string[]): fc.Arbitrary<string> {
  const mutated = fc.record({ doc: fc.constantFrom(...docs), edits: fc.array(mutation, { maxLength: 8 }) }).map(({ doc, edits }) => mutate(doc, edits));
  const generated = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: generated });
}

/** Successive versions of one document: each a few edits away from the one before, as in typing. */
export function editSequenceArbitrary(docs: readonly string[]): fc.Arbitrary<string[]> {
  return fc
    .record({ doc: fc.constantFrom(...docs), steps: fc.array(fc.array(mutation, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }) })
    .map(({ doc, steps }) => {
      const texts = [doc];
      for (const step of steps) texts.push(mutate(texts[texts.length - 1]!, step));
      return texts;
    });
}

function* ranges(a: Analysis): Generator<{ start: { offset: number }; end: { offset: number } }> {
  for (const f of a.findings) {
    yield f.range;
    for (const r of f.related) yield r.range;
  }
  for (const o of a.document.objectives) {
    yield o.range;
    yield o.titleRange;
    for (const kr of o.keyResults) {
      yield kr.range;
      yield kr.textRange;
    }
  }
}

/** Every property at once, for one text; throws with the property that failed. */
export function check(text: string): void {
  const a = analyze(text, { today });
  for (const r of ranges(a)) {
    if (r.start.offset < 0 || r.end.offset > text.length || r.start.offset > r.end.offset)
      throw new Error(`a range lies outside the text: ${JSON.stringify(r)}`);
  }
  const scores = [a.scores.document.value, a.scores.health.meanScore, ...a.scores.objectives.flatMap((o) => [o.value, ...o.keyResults.map((k) => k.value)])];
  for (const s of scores) if (s !== null && !(s >= 0 && s <= 1)) throw new Error(`a score is outside 0–1: ${s}`);
  if (a.findings.some((f) => f.ruleId === 'okr-lens-internal'))
    throw new Error(`internal failure: ${a.findings.find((f) => f.ruleId === 'okr-lens-internal')!.message}`);
  // Suppressions only remove findings: with every comment neutralised (same length, so same offsets),
  // the findings are exactly the ones that stood plus the ones that were suppressed.
  if (text.includes('okr-lens-')) {
    const neutral = analyze(text.replace(/okr-lens-/g, 'okr-lenz-'), { today });
    // Messages may quote the text, which the neutralising changed (a comment inside a code block is text), so
    // findings are matched by rule and place.
    const key = (f: { ruleId: string; range: { start: { offset: number }; end: { offset: number } } }): string =>
      `${f.ruleId} ${f.range.start.offset}-${f.range.end.offset}`;
    const all = new Set(neutral.findings.map(key));
    const stood = a.findings.filter((f) => f.ruleId !== 'suppression-without-reason');
    for (const f of [...stood, ...a.suppressed.map((x) => x.finding)]) if (!all.has(key(f))) throw new Error(`a suppression added a finding: ${key(f)}`);
    if (stood.length + a.suppressed.length !== neutral.findings.length)
      throw new Error(`suppressions changed more than they removed (${stood.length} + ${a.suppressed.length} ≠ ${neutral.findings.length})`);
  }
  // Serialising always validates.
  CheckReportSchema.parse(checkReport([fileJson('doc.md', a)], '0.0.0', '2026-11-23'));
  sarifLog([{ path: 'doc.md', analysis: a }], rules, '0.0.0', 'https://example.com');
}

/** Incremental analysis over a sequence of texts equals a full analysis of each. */
export function checkIncremental(texts: readonly string[]): void {
  const incremental = new IncrementalAnalyzer();
  for (const text of texts) {
    const got = incremental.analyze(text, { today });
    const want = analyze(text, { today });
    const pick = (x: Analysis): string => JSON.stringify({ d: x.document, s: x.scores, f: x.findings, q: x.quality });
    if (pick(got) !== pick(want)) throw new Error('incremental analysis differs from a full analysis');
  }
}
