import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  buildDocumentWith,
  krTrails,
  readConfigValue,
  readers,
  reportDocument,
  resolveConfig,
  rules,
  WorkspaceIndex,
  type KeyResult,
} from '../../src/core/index';
import { inspectLines } from '../../src/core/report/inspect';
import { expectedFiles } from '../../src/tools/docs';
import { repoRoot } from './helpers';
import { examples, wrap, type Example } from '../rule-examples';

/**
 * Docs are tests: every rule's page holds Bad and Good examples, and here each
 * bad example must fire exactly that rule (and nothing else), each good one
 * nothing at all. An example without an H1 is a fragment of a quarterly
 * document and is wrapped in a clean one (title, Context, NOT-doing).
 */
const rulesDir = path.join(repoRoot, 'docs', 'rules');
const today = new Date('2026-02-10');

/** Findings of an example: one document analysed alone, or every file of a workspace example with the workspace rules' findings. */
function findingsOf(example: Example): string[] {
  if (example.length === 1 && example[0]!.file === null) {
    return analyze(wrap(example[0]!.text), { today }).findings.map((f) => `${f.range.start.line} ${f.ruleId}: ${f.message}`);
  }
  if (example[0]!.file === 'locked' && example[1]?.file === 'now') {
    const analysis = analyze(wrap(example[1].text), { today });
    const locked = analyze(wrap(example[0].text), { today }).document;
    const lock = { commit: '0123456789abcdef', author: 'Maria', date: '2026-01-02T10:00:00Z', how: 'the version in place on 2026-01-01' };
    // Two versions: the locked one committed on 2026-01-02, the working copy checked on `today` (2026-02-10).
    const scores = (a: typeof analysis): Map<KeyResult, number | null> =>
      new Map(a.document.objectives.flatMap((o) => o.keyResults.map((kr) => [kr, a.scores.keyResult(kr).value] as const)));
    const lockedAnalysis = analyze(wrap(example[0].text), { today });
    const trails = krTrails([
      { commit: lock.commit, date: lock.date, document: lockedAnalysis.document, scores: scores(lockedAnalysis) },
      { commit: null, date: today.toISOString(), document: analysis.document, scores: scores(analysis) },
    ]);
    return reportDocument(analysis, { config: resolveConfig(), today, history: { lock: { point: lock, locked }, trails } }).findings.map(
      (f) => `${f.range.start.line} ${f.ruleId}: ${f.message}`,
    );
  }
  const index = new WorkspaceIndex(resolveConfig(), () => today);
  const analyses = example.map((f) => {
    const key = `/workspace/${f.file ?? 'doc.okr.md'}`;
    const analysis = analyze(wrap(f.text), { today });
    index.setAnalysis(key, analysis);
    return { key, analysis };
  });
  return analyses.flatMap(({ key, analysis }) =>
    reportDocument(analysis, { config: resolveConfig(), today, workspace: { index, key } }).findings.map(
      (f) => `${key.slice('/workspace/'.length)}:${f.range.start.line} ${f.ruleId}: ${f.message}`,
    ),
  );
}

/** The objective titles and KR texts of an example's documents: what a message must not lead with. */
function namesOf(example: Example): string[] {
  return example
    .flatMap((f) => analyze(wrap(f.text), { today }).document.objectives.flatMap((o) => [o.title, ...o.keyResults.map((kr) => kr.text)]))
    .filter((n) => n.length >= 12);
}

/**
 * A message leads with what is wrong and what to do, so the Problems panel shows the advice: the turn
 * (the first ": ") comes within the first 80 characters, and what comes before it names no KR or
 * objective of the document (the range already shows which).
 */
function assertLeads(found: string[], names: string[]): void {
  for (const line of found) {
    const message = line.slice(line.indexOf(': ') + 2);
    const turn = message.indexOf(': ');
    assert.ok(turn > 0 && turn <= 80, `the advice starts at ${turn}: ${message}`);
    const wrong = message.slice(0, turn);
    for (const name of names) assert.ok(!wrong.includes(name.slice(0, 30)), `leads with “${name}”: ${message}`);
  }
}

describe('docs: every rule has a page whose examples are its tests', () => {
  it('has one page per rule and no page without a rule', () => {
    const pages = fs
      .readdirSync(rulesDir)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, rules.map((r) => r.id).sort());
  });
  for (const rule of rules) {
    describe(rule.id, () => {
      const page = fs.readFileSync(path.join(rulesDir, `${rule.id}.md`), 'utf8');
      const bad = examples(page, 'Bad');
      const good = examples(page, 'Good');
      it('has a "Why it matters", at least one bad and one good example', () => {
        assert.match(page, /\n## Why it matters\n\n\S/);
        assert.ok(bad.length > 0 && good.length > 0, `${bad.length} bad, ${good.length} good`);
      });
      bad.forEach((example, i) => {
        it(`bad example ${i + 1} fires ${rule.id} and nothing else`, () => {
          const found = findingsOf(example);
          assert.deepEqual([...new Set(found.map((f) => /^\S+ ([\w-]+):/.exec(f)![1]))], [rule.id], found.join('\n'));
        });
      });
      bad.forEach((example, i) => {
        it(`bad example ${i + 1}: each message leads with what is wrong and what to do`, () => assertLeads(findingsOf(example), namesOf(example)));
      });
      good.forEach((example, i) => {
        it(`good example ${i + 1} fires nothing`, () => {
          assert.deepEqual(findingsOf(example), []);
        });
      });
      it('shows a configuration example that the config reader accepts', () => {
        const json = /```json\n([\s\S]*?)\n```/.exec(page);
        assert.ok(json, 'no ```json block');
        assert.deepEqual(readConfigValue(JSON.parse(json[1]!), 'docs', rules).problems, []);
      });
    });
  }
});

describe('docs: generated files are up to date (npm run docs)', () => {
  for (const [rel, content] of expectedFiles(repoRoot)) {
    it(rel, () => assert.equal(fs.readFileSync(path.join(repoRoot, rel), 'utf8'), content, `${rel} is stale: run npm run docs`));
  }
});

/**
 * Layout pages are tests too: each reader has a page in docs/formats whose
 * example, read by `okr-lens inspect`, prints exactly the text the page shows,
 * and reads differently when that reader is left out (so the example shows
 * what the reader does, not what others would read anyway).
 */
const formatsDir = path.join(repoRoot, 'docs', 'formats');

function formatExamples(page: string): Array<{ markdown: string; output: string }> {
  const pairs: Array<{ markdown: string; output: string }> = [];
  const re = /```markdown\n([\s\S]*?)\n```\n\n```text\n([\s\S]*?)\n```/g;
  for (let m = re.exec(page); m; m = re.exec(page)) pairs.push({ markdown: `${m[1]!}\n`, output: m[2]! });
  return pairs;
}

describe('docs: every layout reader has a page whose example is its test', () => {
  it('has one page per reader and no page without a reader', () => {
    const pages = fs
      .readdirSync(formatsDir)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, readers.map((r) => r.id).sort());
  });
  for (const reader of readers) {
    describe(reader.id, () => {
      const page = fs.readFileSync(path.join(formatsDir, `${reader.id}.md`), 'utf8');
      const pairs = formatExamples(page);
      it('says what it reads and shows at least one example with its inspect output', () => {
        assert.match(page, /\n## What it reads\n\n\S/);
        assert.ok(pairs.length > 0, 'no ```markdown block followed by a ```text block');
      });
      pairs.forEach(({ markdown, output }, i) => {
        it(`example ${i + 1} reads as the page shows`, () => {
          assert.equal(inspectLines('example.md', analyze(markdown, { today })).join('\n'), output);
        });
        it(`example ${i + 1} reads differently without ${reader.id}`, () => {
          const others = readers.filter((r) => r.id !== reader.id);
          const without = analyze(markdown, { today, build: (parsed, options) => buildDocumentWith(others, parsed, options) });
          assert.notEqual(inspectLines('example.md', without).join('\n'), output);
        });
      });
    });
  }
});
