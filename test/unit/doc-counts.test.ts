import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkLimits,
  DEFAULT_CONFIG,
  DEFAULT_LIMITS,
  githubSlug,
  QUALITY_DIMENSIONS,
  readConfigValue,
  readers,
  rules,
  SETTING_SCHEMAS,
} from '../../src/core/index';
import { corpusDir, corpusFiles, examplesDir, markdownFilesUnder, repoRoot } from './helpers';

/**
 * The docs state counts (rules, layout readers, corpus documents, findings,
 * limits…) and defaults; each is checked here against the code or a run of the
 * CLI, so a change that makes one wrong fails until the doc is updated.
 * Benchmark figures are not checked: they say how they were measured.
 */

const read = (rel: string): string => fs.readFileSync(path.join(repoRoot, rel), 'utf8');
const cli = path.join(repoRoot, 'out', 'cli.js');

/** README.md, CHANGELOG.md and every page of docs/ (the rule and layout pages included). */
const docFiles = [
  'README.md',
  'CHANGELOG.md',
  ...markdownFilesUnder(path.join(repoRoot, 'docs')).map((f) => path.relative(repoRoot, f).split(path.sep).join('/')),
];

const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
/** A count as the docs write it: 38, 1,133, thirty-eight, Twenty. */
const NUM = `(\\d[\\d,]*|(?:${Object.keys(WORDS).join('|')})(?:-(?:${Object.keys(WORDS).slice(0, 9).join('|')}))?)`;

function numberOf(text: string): number {
  if (/^\d/.test(text)) return Number(text.replace(/,/g, ''));
  return text
    .toLowerCase()
    .split('-')
    .reduce((sum, w) => sum + WORDS[w]!, 0);
}

/** Line count as an editor shows it (a final newline ends the last line, it does not start one). */
function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Runs the built CLI from the repository root; the exit code is the CLI's own (1 when errors are found). */
function runCli(args: string[]): string {
  assert.ok(fs.existsSync(cli), 'run `npm run build` first: out/cli.js is missing');
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.ok(r.status === 0 || r.status === 1, `okr-lens ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every Markdown file of a folder whose name ends in .md, like the CLI's folder search for these fixtures. */
const exampleDocuments = markdownFilesUnder(examplesDir);

/** What a count of each kind of thing must be, and how the docs name that kind. */
const COUNTED: Array<{ what: string; pattern: RegExp; actual: () => number }> = [
  { what: 'rules (src/core/rules/index.ts)', pattern: new RegExp(`\\b${NUM}\\s+(?:lint\\s+)?rules\\b`, 'gi'), actual: () => rules.length },
  {
    what: 'layout readers (src/core/read)',
    pattern: new RegExp(`\\b${NUM}\\s+(?:document\\s+)?(?:layouts|layout\\s+readers|readers)\\b`, 'gi'),
    actual: () => readers.length,
  },
  {
    what: 'corpus documents (test/fixtures/corpus)',
    pattern: new RegExp(`\\b${NUM}\\s+(?:(?:public|real)\\s+(?:OKR\\s+)?documents|(?:real\\s+)?corpus\\s+documents)\\b`, 'gi'),
    actual: () => corpusFiles().length,
  },
  {
    what: 'example documents (examples/)',
    pattern: new RegExp(`\\b${NUM}\\s+example\\s+(?:OKR\\s+)?documents\\b`, 'gi'),
    actual: () => exampleDocuments.length,
  },
];

describe('docs: every count of rules, readers, corpus and example documents matches the code', () => {
  for (const file of docFiles) {
    const text = read(file).replace(/\s+/g, ' ');
    for (const { what, pattern, actual } of COUNTED) {
      const found = [...text.matchAll(pattern)];
      if (found.length === 0) continue;
      it(`${file}: ${what}`, () => {
        for (const m of found) assert.equal(numberOf(m[1]!), actual(), `${file} says “${m[0]}”; there are ${actual()}`);
      });
    }
  }
  it('README.md states the number of rules, of layouts and of corpus documents where the scan above finds them', () => {
    const text = read('README.md').replace(/\s+/g, ' ');
    for (const { what, pattern } of COUNTED.slice(0, 3)) assert.ok([...text.matchAll(pattern)].length > 0, `no count of ${what} found in README.md`);
  });
});

describe('docs/rules/README.md: the findings on the real documents are what okr-lens check reports', function () {
  this.timeout(120_000);
  const page = read('docs/rules/README.md').replace(/\s+/g, ' ');
  let report: { files: Array<{ objectives: Array<{ keyResults: unknown[] }>; diagnostics: Array<{ ruleId: string }> }> };
  before(() => {
    // The command the page gives: okr-lens check test/fixtures/corpus/*.md --workspace test/fixtures/corpus
    assert.match(page, /okr-lens check test\/fixtures\/corpus\/\*\.md --workspace test\/fixtures\/corpus/);
    report = JSON.parse(
      runCli([
        'check',
        ...corpusFiles().map((f) => path.join('test', 'fixtures', 'corpus', f)),
        '--workspace',
        path.relative(repoRoot, corpusDir),
        '--format',
        'json',
      ]),
    ) as typeof report;
  });
  it('the number of key results read', () => {
    const m = /; ([\d,]+) key results\)/.exec(page);
    assert.ok(m, 'no “N key results” after the corpus sources');
    assert.equal(
      numberOf(m[1]!),
      report.files.reduce((n, f) => n + f.objectives.reduce((k, o) => k + o.keyResults.length, 0), 0),
    );
  });
  it('each rule’s count, and the rest', () => {
    const counts = new Map<string, number>();
    for (const f of report.files) for (const d of f.diagnostics) counts.set(d.ruleId, (counts.get(d.ruleId) ?? 0) + 1);
    const paragraph = /Findings on those documents[^]*?of the other rules/.exec(page);
    assert.ok(paragraph, 'no paragraph of findings on the corpus');
    const stated = [...paragraph[0].matchAll(/`([\w-]+)` ([\d,]+)/g)].map((m) => [m[1]!, numberOf(m[2]!)] as const);
    assert.ok(stated.length > 0);
    for (const [id, n] of stated) assert.equal(n, counts.get(id) ?? 0, `${id}: the page says ${n}`);
    const rest = /and ([\d,]+) of the other rules/.exec(paragraph[0])!;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    assert.equal(numberOf(rest[1]!), total - stated.reduce((a, [, n]) => a + n, 0), 'the findings of the other rules');
    const sorted = [...counts.values()].sort((a, b) => b - a);
    assert.deepEqual(
      stated.map(([, n]) => n),
      sorted.slice(0, stated.length),
      'the rules named are the most frequent, most frequent first',
    );
  });
});

describe('docs/cli.md: the sample reports are what okr-lens check prints', function () {
  this.timeout(60_000);
  const page = read('docs/cli.md');
  it('the text output sample', () => {
    const m = /From `okr-lens check ([^`]+)`:\n\n```\n([^]*?)\n```/.exec(page);
    assert.ok(m, 'no “From `okr-lens check …`:” sample');
    const out = runCli(['check', ...m[1]!.split(' ')]).split('\n');
    for (const line of m[2]!.split('\n').filter((l) => l.trim() !== '')) {
      assert.ok(
        out.some((o) => o.startsWith(line)),
        `okr-lens check ${m[1]} prints no line starting “${line}”`,
      );
    }
  });
  it('the JSON report’s date and summary', () => {
    const date = /"date": "([\d-]+)"/.exec(page)![1]!;
    const summary = /"summary": (\{[^}]*\})/.exec(page)![1]!;
    const report = JSON.parse(runCli(['check', 'examples/', '--date', date, '--format', 'json'])) as { summary: unknown };
    assert.deepEqual(JSON.parse(summary), report.summary);
  });
});

describe('docs: quality weights, limits and defaults match the code', () => {
  for (const file of ['docs/cli.md', 'docs/scoring.md']) {
    it(`${file}: the quality dimensions and their weights`, () => {
      const text = read(file).replace(/\s+/g, ' ');
      for (const { label, weight } of QUALITY_DIMENSIONS) {
        const m = new RegExp(`${label} (\\d+)[,.]`).exec(text);
        assert.ok(m, `${file} gives no weight for ${label}`);
        assert.equal(Number(m[1]), weight, label);
      }
    });
  }

  it('docs/RELIABILITY.md: the limits table and the corpus figures beside it', () => {
    const text = read('docs/RELIABILITY.md');
    const limitsTable = text.slice(text.indexOf('before** parsing'));
    const row = (start: string): string[] => {
      const line = limitsTable.split('\n').find((l) => l.startsWith(`| ${start} `));
      assert.ok(line, `no limits row “${start}”`);
      return line.split(' | ');
    };
    assert.equal(numberOf(/checks (\w+) limits/.exec(text)![1]!), Object.keys(DEFAULT_LIMITS).length, 'how many limits');
    assert.equal(numberOf(row('lines')[1]!), DEFAULT_LIMITS.maxLines);
    const size = /^(\d+) KiB \(`maxDocumentKB`, ([\d,]+)–([\d,]+)\)$/.exec(row('document size')[1]!)!;
    assert.equal(Number(size[1]) * 1024, DEFAULT_LIMITS.maxChars);
    const kb = SETTING_SCHEMAS.maxDocumentKB.safeParse.bind(SETTING_SCHEMAS.maxDocumentKB);
    assert.ok(kb(numberOf(size[2]!)).success && !kb(numberOf(size[2]!) - 1).success, 'the smallest maxDocumentKB');
    assert.ok(kb(numberOf(size[3]!)).success && !kb(numberOf(size[3]!) + 1).success, 'the largest maxDocumentKB');
    assert.equal(numberOf(/^(\d+) characters$/.exec(row('container nesting')[1]!)![1]!), DEFAULT_LIMITS.maxPrefix);
    assert.equal(numberOf(row('emphasis, code and link markers')[1]!), DEFAULT_LIMITS.maxInlineMarkers);

    const corpus = corpusFiles().map((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8'));
    assert.equal(numberOf(/the longest real one in the corpus has ([\d,]+)/.exec(text)![1]!), Math.max(...corpus.map(lineCount)));
    assert.equal(
      Number(/the largest real one in the corpus is (\d+) KB/.exec(text)![1]),
      Math.round(Math.max(...corpus.map((t) => Buffer.byteLength(t))) / 1000),
    );
    // The deepest nesting and the most inline markers of any corpus document, measured as the limits measure them.
    const most = (key: 'maxPrefix' | 'maxInlineMarkers'): number => {
      let n = 0;
      while (corpus.some((t) => checkLimits(t, { ...DEFAULT_LIMITS, [key]: n }) !== null)) n++;
      return n;
    };
    assert.equal(Number(/\| \d+ characters \| at most (\d+) \|/.exec(text)![1]), most('maxPrefix'), 'the deepest nesting in the corpus');
    assert.equal(Number(/\| at most (\d+); table rows/.exec(text)![1]), most('maxInlineMarkers'), 'the most markers in one corpus paragraph');

    const load = read('test/integration/suite/zz-load.test.ts');
    assert.equal(
      numberOf(/\n(\d+) OKR documents opened in editor tabs/.exec(text)![1]!),
      Number(/const COUNT = (\d+);/.exec(load)![1]),
      'documents of the load test',
    );
  });

  it('docs/documents.md: the input limits', () => {
    const text = read('docs/documents.md').replace(/\s+/g, ' ');
    const m = /\((\d+) KiB by default, `maxDocumentKB`; ([\d,]+) lines;/.exec(text);
    assert.ok(m, 'no limits sentence');
    assert.equal(Number(m[1]) * 1024, DEFAULT_LIMITS.maxChars);
    assert.equal(Number(m[1]), DEFAULT_CONFIG.maxDocumentKB);
    assert.equal(numberOf(m[2]!), DEFAULT_LIMITS.maxLines);
  });

  it('docs/configuration.md: the defaults table, and the example passes the configuration reader', () => {
    const text = read('docs/configuration.md');
    const cell = (key: string): string => {
      const line = text.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      assert.ok(line, `no row for ${key}`);
      return line.split(' | ').at(-1)!.replace(/ \|$/, '');
    };
    const { red, amber, green } = DEFAULT_CONFIG.ragBands;
    assert.equal(cell('ragBands'), [red, amber, green].map((b) => b.toFixed(2)).join(' / '));
    assert.equal(Number(cell('paceThreshold')), DEFAULT_CONFIG.paceThreshold);
    assert.equal(Number(cell('fiscalYearStartMonth')), DEFAULT_CONFIG.fiscalYearStartMonth);
    assert.equal(cell('confidenceScale'), `\`${DEFAULT_CONFIG.confidenceScale}\``);
    assert.equal(Number(cell('maxDocumentKB')), DEFAULT_CONFIG.maxDocumentKB);
    const example = /```jsonc\n([\s\S]*?)\n```/.exec(text)![1]!;
    const value = JSON.parse(example) as Record<string, unknown>;
    delete value['$schema'];
    assert.deepEqual(readConfigValue(value, 'docs', rules).problems, []);
  });

  it('docs/scoring.md: the RAG bands and the pace threshold', () => {
    const text = read('docs/scoring.md').replace(/\s+/g, ' ');
    const bands = /Red ≤ ([\d.]+), Amber ≤ ([\d.]+), Green ≤ ([\d.]+)/.exec(text)!;
    assert.deepEqual(bands.slice(1).map(Number), [DEFAULT_CONFIG.ragBands.red, DEFAULT_CONFIG.ragBands.amber, DEFAULT_CONFIG.ragBands.green]);
    assert.equal(Number(/by more than ([\d.]+) \(`paceThreshold`\)/.exec(text)![1]), DEFAULT_CONFIG.paceThreshold);
  });

  it('the fidelity figures of README.md and docs/rules/README.md are the ones test/fidelity.json records', () => {
    const recorded = JSON.parse(read('test/fidelity.json')) as Record<string, number>;
    const two = (key: string): string => recorded[key]!.toFixed(2);
    const readme = read('README.md').replace(/\s+/g, ' ');
    assert.match(
      readme,
      new RegExp(`objectives with an F1 of ${two('objectiveF1')} and key results with ${two('keyResultF1')}, and ${two('findingPrecision')} of the findings`),
    );
    const rulesPage = read('docs/rules/README.md').replace(/\s+/g, ' ');
    assert.match(
      rulesPage,
      new RegExp(
        `Of the findings reported, ${two('findingPrecision')} are expected or accepted \\(errors: ${two('errorPrecision')}\\), and ${two('expectedFindingRecall')} of the expected ones are found`,
      ),
    );
  });
});

describe('README.md: the two commands, the requirements and the links', () => {
  const readme = read('README.md');
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: Record<string, string> };
  const block = /## Two commands\n\n```sh\n([\s\S]*?)\n```/.exec(readme);

  it('one command sets up and runs the main job, one runs every test, in a fenced block', () => {
    assert.ok(block, 'no ```sh block under “## Two commands”');
    const commands = block[1]!.split('\n').map((l) => l.replace(/#.*/, '').trim());
    assert.deepEqual(commands, ['npm install && npm start', 'npm install && npm test']);
    assert.match(pkg.scripts['start']!, /out\/tools\/start\.js/);
    assert.ok(fs.existsSync(path.join(repoRoot, 'src', 'tools', 'start.ts')));
    assert.ok(pkg.scripts['test'], 'package.json has no test script');
  });

  it('CI runs README’s test command', () => {
    const ci = read('.ci/run')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    assert.equal(
      ci.at(-1)!.trim(),
      block![1]!
        .split('\n')[1]!
        .replace(/#.*/, '')
        .trim()
        .replace(/^npm install && /, ''),
    );
  });

  it('the Node and VS Code versions are package.json’s engines', () => {
    const text = readme.replace(/\s+/g, ' ');
    assert.ok(text.includes(`Node.js ${pkg.engines['node']!.replace(/^>=/, '')} or later`), 'Node version');
    assert.ok(text.includes(`VS Code ${pkg.engines['vscode']!.replace(/^\^/, '').replace(/\.0$/, '')} or later`), 'VS Code version');
  });

  it('README.md is under 250 lines', () => {
    assert.ok(readme.split('\n').length < 250, `${readme.split('\n').length} lines`);
  });
});

describe('docs: relative links lead to files and headings that exist', () => {
  for (const file of docFiles) {
    it(file, () => {
      const text = read(file)
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [rel, anchor] = target.split('#') as [string, string | undefined];
        const to = rel === '' ? path.join(repoRoot, file) : path.resolve(path.dirname(path.join(repoRoot, file)), rel);
        assert.ok(fs.existsSync(to), `${file}: ${target} does not exist`);
        if (anchor && to.endsWith('.md')) {
          const slugs = fs
            .readFileSync(to, 'utf8')
            .replace(/```[\s\S]*?```/g, '')
            .split('\n')
            .filter((l) => /^#{1,6} /.test(l))
            .map((l) => githubSlug(l.replace(/^#+ /, '')));
          assert.ok(slugs.includes(anchor), `${file}: no heading #${anchor} in ${rel || file}`);
        }
      }
    });
  }
});

describe('docs/architecture.md: the source tree names folders that exist', () => {
  it('every folder of the tree', () => {
    const tree = /```\nsrc\/\n([\s\S]*?)\n```/.exec(read('docs/architecture.md'));
    assert.ok(tree, 'no src/ tree');
    const stack: string[] = ['src'];
    for (const line of tree[1]!.split('\n')) {
      const m = /^( +)([\w.-]+(?:\/|\.ts))\s/.exec(`${line} `);
      if (!m) continue;
      const depth = m[1]!.length / 2;
      stack.length = depth;
      const rel = path.join(...stack, m[2]!);
      assert.ok(fs.existsSync(path.join(repoRoot, rel)), `${rel} does not exist`);
      if (m[2]!.endsWith('/')) stack.push(m[2]!.slice(0, -1));
    }
  });
});
