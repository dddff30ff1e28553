import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { commands } from '../../src/cli/commands/index';
import { formats } from '../../src/cli/formats/index';
import { rules } from '../../src/core/index';
import { CheckReportSchema } from '../../src/core/report/json';
import { RollupReportSchema } from '../../src/core/report/rollup';
import { HostMessageSchema } from '../../src/core/workspace/protocol';
import { SarifLogSchema } from '../../src/core/report/sarif';
import { corpusDir, corpusFiles, examplesDir, repoRoot, tempDir as emptyTempDir } from './helpers';

const cli = path.join(repoRoot, 'out', 'cli.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = repoRoot): Result {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(files: Record<string, string>): string {
  const dir = emptyTempDir('cli-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const DATE = ['--date', '2026-11-23'];
const findingLines = (stdout: string): string[] => stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
const CLEAN =
  '# Q4 2026 OKRs — Test\n## Objective 1: Be loved\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| NPS | 30 | 45 | 40 | Ana | 0.6 |\n';

describe('cli: okr-lens check', () => {
  before(() => assert.ok(fs.existsSync(cli), 'run `npm run build` first: out/cli.js is missing'));

  it('prints path:line:col severity rule-id message, a summary per document, and exits 1 on errors', () => {
    const r = run(['check', 'examples/', ...DATE]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.ok(
      lines.includes(
        'examples/teams/sales/q4-2026.okr.md:37:41 error kr-no-change Target equals baseline (20% → 20%): set a target that changes something, or drop the KR.',
      ),
    );
    for (const line of lines.filter((l) => /^\S+:\d+:\d+ /.test(l))) assert.match(line, /^\S+\.md:\d+:\d+ (error|warning|info) [a-z-]+ \S.*$/);
    assert.ok(
      lines.includes(
        'examples/teams/growth/q4-2026.okr.md: score 0.65 Green · 3 objectives · 8 KRs (7 scored, 1 not started) · 1 behind pace · health healthy · 0 errors, 0 warnings, 0 info',
      ),
    );
    assert.equal(lines.filter((l) => / · health /.test(l)).length, 5);
    assert.match(r.stdout, /\n6 documents checked: 3 errors, 15 warnings, 11 info \(1 suppressed; see --list-suppressions\)\n$/);
    assert.ok(lines.includes('  quality 80/100  Make renewals predictable  lost: Measurability −20 (objective-without-krs)'), r.stdout);
  });

  it('exits 0 when there are no errors', () => {
    const r = run(['check', 'examples/teams/growth', ...DATE]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('gives a versioned JSON report that matches the documented schema', () => {
    const r = run(['check', 'examples/', '--format', 'json', ...DATE]);
    assert.equal(r.code, 1);
    const report = CheckReportSchema.parse(JSON.parse(r.stdout));
    assert.equal(report.version, 1);
    assert.equal(report.files.length, 6);
    const growth = report.files.find((f) => f.path === 'examples/teams/growth/q4-2026.okr.md')!;
    assert.deepEqual([growth.title, growth.quarter, growth.team, growth.score, growth.rag], ['Q4 2026 OKRs — Growth', 'Q4 2026', 'Growth', 0.65, 'green']);
    const kr = growth.objectives[0]!.keyResults[1]!;
    assert.deepEqual(
      [kr.text, kr.line, kr.baseline, kr.target, kr.current, kr.owner, kr.confidence, kr.score, kr.rag],
      ['Self-serve trial-to-paid conversion', 16, '9%', '16%', '13%', 'Mike', 0.5, 0.57, 'amber'],
    );
    const notStarted = growth.objectives[2]!.keyResults[1]!;
    // An empty Current cell is no value: null, as the schema says.
    assert.deepEqual([notStarted.current, notStarted.score, notStarted.state], [null, null, 'not-started']);
    const sales = report.files.find((f) => f.path.endsWith('sales/q4-2026.okr.md'))!;
    assert.deepEqual(
      sales.diagnostics.find((d) => d.ruleId === 'kr-no-change'),
      {
        ruleId: 'kr-no-change',
        docs: 'https://github.com/okr-lens/okr-lens/blob/main/docs/rules/kr-no-change.md',
        severity: 'error',
        message: 'Target equals baseline (20% → 20%): set a target that changes something, or drop the KR.',
        line: 37,
        column: 41,
        endLine: 37,
        endColumn: 44,
      },
    );
    assert.deepEqual(report.summary, { files: 6, errors: 3, warnings: 15, infos: 11 });
    const renewals = sales.objectives.find((o) => o.title === 'Make renewals predictable')!;
    assert.equal(renewals.quality.score, 80);
    assert.deepEqual(
      renewals.quality.dimensions.find((d) => d.id === 'measurability'),
      { id: 'measurability', label: 'Measurability', weight: 20, score: 0, lost: ['objective-without-krs'] },
    );
  });

  it('keeps docs/schema/check-report.v1.schema.json in step with the schema (npm run docs)', () => {
    const r = run(['schema']);
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(path.join(repoRoot, 'docs', 'schema', 'check-report.v1.schema.json'), 'utf8'), r.stdout);
  });

  it('searches folders with SPEC §1 detection and checks files named explicitly', () => {
    const dir = tempDir({
      'README.md': '# Project readme\n\nNot OKRs.\n',
      'plans/q1.okr.md': CLEAN,
      'plans/notes.md': '# Notes\n',
      'plans/front.md': `---\nokr: true\n---\n${CLEAN.replace(/^# .*\n/, '# Front matter plan\n')}`,
      'plans/heading.md': CLEAN.replace('# Q4 2026 OKRs — Test', '# Objectives and Key Results — Data'),
      'node_modules/x/y.okr.md': CLEAN,
    });
    const r = run(['check', '.', ...DATE], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout
        .split('\n')
        .filter((l) => / · health /.test(l))
        .map((l) => l.split(':')[0]),
      ['plans/front.md', 'plans/heading.md', 'plans/q1.okr.md'],
    );
    const explicit = run(['check', 'plans/notes.md', ...DATE], dir);
    assert.match(explicit.stdout, /^plans\/notes\.md: no score yet · 0 objectives/m);
  });

  it('--fix inserts the Context and NOT-doing sections to fill in, and still reports them until they are', () => {
    const dir = tempDir({
      'q4.okr.md': CLEAN.replace(
        '| NPS | 30 | 45 | 40 | Ana | 0.6 |',
        '| NPS | 30 | 45 | 40 | Ana | 0.6 |\n| Weekly active teams | 120 | 180 | 150 | Ben | 0.5 |',
      ),
    });
    const before = run(['check', '.', ...DATE], dir);
    assert.match(before.stdout, /doc-missing-context/);
    assert.match(before.stdout, /doc-missing-not-doing/);
    const fixed = run(['check', '.', '--fix', ...DATE], dir);
    const text = fs.readFileSync(path.join(dir, 'q4.okr.md'), 'utf8');
    assert.match(text, /^## Context\n\n- Annual goal this supports: \n/m);
    assert.match(text, /\n## What we're NOT doing this quarter\n\n- \n$/);
    assert.equal(text.split('NOT doing').length, 2, 'one NOT-doing section');
    // The sections are empty: the findings stay, and say so.
    assert.match(fixed.stdout, /^q4\.okr\.md:2:1 info doc-missing-context .*\bempty\b/im);
    assert.match(fixed.stdout, /^q4\.okr\.md:\d+:1 info doc-missing-not-doing .*\bempty\b/im);
    // Filled in, they are gone.
    fs.writeFileSync(
      path.join(dir, 'q4.okr.md'),
      text.replace('- Annual goal this supports: ', '- Annual goal this supports: AG-2026-01').replace(/- \n$/, '- Enterprise custom contracts\n'),
    );
    const filled = run(['check', '.', ...DATE], dir);
    assert.doesNotMatch(filled.stdout, /doc-missing-context|doc-missing-not-doing/);
  });

  it('says so when a folder holds no OKR documents', () => {
    const dir = tempDir({ 'README.md': '# Hello\n' });
    const r = run(['check', ...DATE], dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no OKR documents found/);
  });
});

describe('cli: quality', () => {
  it('a document-level finding costs the document once, not every objective', () => {
    const two = `${CLEAN}| CSAT | 80% | 90% | 85% | Ana | 0.6 |\n\n## Objective 2: Be fast\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| p95 latency (ms) | 480 | 250 | 300 | Bo | 0.6 |\n| Uptime | 99.5% | 99.9% | 99.7% | Bo | 0.6 |\n\n## Dependencies\n\n- Need from Platform: SSO integration\n`;
    const r = run(['check', ...DATE], tempDir({ 'a.okr.md': two }));
    assert.match(r.stdout, /warning dependency-without-date /);
    const quality = r.stdout.split('\n').filter((l) => l.startsWith('  quality '));
    assert.deepEqual(quality, [
      '  quality 93/100  Be loved  lost: Alignment −8 (supports nothing)',
      '  quality 93/100  Be fast  lost: Alignment −8 (supports nothing)',
      '  quality 88/100  whole document  lost: Independence −5 (dependency-without-date)',
    ]);
  });
});

describe('cli: exit code 2 with one line on stderr', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown option', ['check', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['an unknown command', ['lint'], /unknown command 'lint'/],
    ['an unknown format', ['check', '--format', 'xml'], /unknown format 'xml'/],
    ['a bad date', ['check', '--date', '2026-02-30'], /bad --date '2026-02-30'/],
    ['a path that does not exist', ['check', 'no/such/dir'], /cannot read '.*no\/such\/dir': no such file or folder/],
    ['a missing config file', ['check', '--config', 'nope.json'], /cannot read config '.*nope\.json': no such file or folder/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = run(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    });
  }
  it('prints usage and exits 2 with no command', () => {
    const r = run([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^Usage: okr-lens/);
  });
});

describe('cli: --help and --format come from the commands and the output formats (src/cli/formats)', () => {
  const flat = (text: string): string => text.replace(/\s+/g, ' ');
  it('--help names every command with what it does, its options, and every format of each output with what it gives', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    const help = flat(r.stdout);
    for (const command of commands) {
      assert.ok(help.includes(` ${command.usage} ${command.summary} `), command.name);
      for (const option of command.options)
        assert.ok(help.includes(` --${option.name}${option.arg ? ` ${option.arg}` : ''} ${command.name}: ${option.help} `), `${command.name} --${option.name}`);
    }
    for (const format of formats)
      assert.match(
        help,
        new RegExp(` ${format.name}(?: \\(default\\))? ${format.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
        `${format.serves} ${format.name}`,
      );
    assert.equal(
      formats
        .filter((f) => f.order === 0)
        .map((f) => `${f.serves} ${f.name}`)
        .join(', '),
      'check text, history text, inspect text, rollup text, since text, weekly text',
      'text is the default of every output',
    );
  });
  it('an unknown format names the formats of the command, and --since names its own', () => {
    assert.equal(run(['rollup', '--format', 'sarif']).stderr, "okr-lens: unknown format 'sarif' for rollup (expected text, json, markdown, html)\n");
    assert.equal(run(['inspect', '--format', 'json']).stderr, "okr-lens: unknown format 'json' for inspect (expected text)\n");
    const r = run(['rollup', '--since', 'HEAD', '--format', 'html', ...DATE], tempDir({ 'a.okr.md': CLEAN }));
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'okr-lens: --since goes with the text, markdown and json formats\n');
  });
  it('an option that goes with one command is refused with another, saying what it goes with', () => {
    assert.equal(run(['rollup', '--fix']).stderr, 'okr-lens: --fix goes with check\n');
    assert.equal(run(['check', '--list-suppressions', '--format', 'json']).stderr, 'okr-lens: --list-suppressions goes with check and the text format\n');
  });
});

describe('cli: a bad configuration key is reported, falls back to its default, and the run exits 2', () => {
  const configs: Array<[string, string, RegExp]> = [
    [
      'invalid JSON',
      '{ "rules": ',
      /^okr-lens: config: \.okr-lens\.json: \(file\): not valid JSON: \w+ at line 1, column \d+; using the defaults for every key$/,
    ],
    [
      'a bad severity',
      '{ "rules": { "kr-missing-owner": "loud" } }',
      /^okr-lens: config: \.okr-lens\.json: rules\.kr-missing-owner: "loud" is not a severity \(allowed: "error", "warning", "info", "off"\); using the default \("warning"\)$/,
    ],
    [
      'an unknown rule',
      '{ "rules": { "kr-missing-ownr": "error" } }',
      /rules\.kr-missing-ownr: unknown rule id \(did you mean "kr-missing-owner"\?\); ignored/,
    ],
    [
      'an unknown key',
      '{ "colour": "red" }',
      /colour: unknown setting \(allowed: ragBands, paceThreshold, .*include, exclude, maxDocumentKB, krScore, weeklyPath, rules\); ignored/,
    ],
    [
      'bands out of order',
      '{ "ragBands": { "red": 0.6, "amber": 0.3, "green": 0.9 } }',
      /ragBands: bands must rise: red < amber < green; .* Using the default \(\{"red":0\.3,"amber":0\.6,"green":0\.9\}\)\.$/,
    ],
    [
      'a bad option value',
      '{ "rules": { "too-many-krs": { "max": "five" } } }',
      /rules\.too-many-krs\.max: Invalid input: expected number, received string; Most key results one objective may have\. Using the default \(5\)\.$/,
    ],
    [
      'an unknown option',
      '{ "rules": { "too-many-krs": { "maximum": 3 } } }',
      /rules\.too-many-krs\.maximum: unknown option \(allowed: severity, max\); ignored$/,
    ],
  ];
  for (const [name, text, message] of configs) {
    it(`a config file with ${name}`, () => {
      const dir = tempDir({ '.okr-lens.json': text, 'a.okr.md': CLEAN });
      const r = run(['check', ...DATE], dir);
      assert.equal(r.code, 2);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
      assert.match(r.stdout, /1 document checked: 0 errors/, 'the check still runs with the defaults');
    });
  }
  it('applies the good keys of a file that also has a bad one', () => {
    const bad = CLEAN.replace('| NPS | 30 | 45 | 40 | Ana | 0.6 |', '| NPS | 30 | 30 | 40 | Ana | 0.6 |');
    const dir = tempDir({ '.okr-lens.json': '{ "rules": { "kr-no-change": "warning", "kr-vague": "loud" } }', 'a.okr.md': bad });
    const r = run(['check', ...DATE], dir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /a\.okr\.md:5:\d+ warning kr-no-change/);
  });
});

describe('cli: configuration that applies', () => {
  it('reads .okr-lens.jsonc with comments and trailing commas, and rule options', () => {
    const six = `${CLEAN}${['A', 'B', 'C', 'D', 'E'].map((k) => `| Metric ${k} | 1 | 2 | 1 | Ana | 0.6 |\n`).join('')}`;
    const plain = run(['check', ...DATE], tempDir({ 'a.okr.md': six }));
    assert.match(plain.stdout, /warning too-many-krs 6 key results, more than 5: keep the 5/);
    const dir = tempDir({ '.okr-lens.jsonc': '{\n  // six is fine here\n  "rules": { "too-many-krs": { "max": 6, }, },\n}\n', 'a.okr.md': six });
    const r = run(['check', ...DATE], dir);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /too-many-krs/);
  });
  it('uses include and exclude globs when searching folders', () => {
    const dir = tempDir({
      '.okr-lens.json': '{ "include": ["plans/*.md"], "exclude": ["archive/**"] }',
      'plans/goals.md': CLEAN.replace('# Q4 2026 OKRs — Test', '# Goals'),
      'archive/q1.okr.md': CLEAN,
      'q2.okr.md': CLEAN,
    });
    const r = run(['check', ...DATE], dir);
    assert.deepEqual(
      r.stdout
        .split('\n')
        .filter((l) => / · health /.test(l))
        .map((l) => l.split(':')[0]),
      ['plans/goals.md', 'q2.okr.md'],
    );
  });
  it('--detect skips explicit files that are not OKR documents (for pre-commit hooks)', () => {
    const dir = tempDir({ 'README.md': '# Readme\n', 'q2.okr.md': CLEAN });
    const r = run(['check', '--detect', 'README.md', 'q2.okr.md', ...DATE], dir);
    assert.match(r.stdout, /1 document checked/);
  });
  it('finds .okr-lens.json in a parent folder and applies severities', () => {
    const bad = CLEAN.replace('| NPS | 30 | 45 | 40 | Ana | 0.6 |', '| NPS | 30 | 30 | 40 | Ana | 0.6 |');
    const dir = tempDir({ '.okr-lens.json': '{ "rules": { "kr-no-change": "warning" } }', 'team/a.okr.md': bad });
    const r = run(['check', '.', ...DATE], path.join(dir, 'team'));
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /a\.okr\.md:5:\d+ warning kr-no-change/);
  });
});

describe('cli: each file is checked in its own workspace, with its nearest configuration', () => {
  const MINE =
    '# Q4 2026 OKRs — Mobile\n\n## Objective 1: Make the app fast\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Cold start p95 (s) | 3.2 | 1.5 | 2.4 | Ana | 0.6 |\n\n## Dependencies\n\n- Need from Growth: onboarding copy by 2026-11-30\n';

  it("resolves teams and alignment against the files' folder, not the folder the command runs from", () => {
    const dir = tempDir({ 'mine/mobile.okr.md': MINE, 'mine/web.okr.md': CLEAN.replace('— Test', '— Web') });
    // From this repository, whose examples/ have a Growth team and a company document.
    const r = run(['check', path.join(dir, 'mine'), ...DATE]);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /mobile\.okr\.md:\d+:\d+ info dependency-unknown-team .*Growth/);
    assert.doesNotMatch(r.stdout, /alignment-orphan/);
    // The same from inside that folder.
    const inside = run(['check', ...DATE], path.join(dir, 'mine'));
    assert.deepEqual(
      findingLines(inside.stdout),
      findingLines(r.stdout).map((l) => l.replace(/^.*\/mine\//, '')),
    );
  });

  it('reads the .okr-lens.json nearest to each file, whatever the current folder; --config still wins', () => {
    const six = `${CLEAN}${['A', 'B', 'C', 'D', 'E'].map((k) => `| Metric ${k} | 1 | 2 | 1 | Ana | 0.6 |\n`).join('')}`;
    const dir = tempDir({ 'six/.okr-lens.json': '{ "rules": { "too-many-krs": { "max": 6 } } }', 'six/a.okr.md': six, 'other/b.okr.md': six });
    const r = run(['check', path.join(dir, 'six'), path.join(dir, 'other'), ...DATE], tempDir({}));
    assert.equal(r.stderr, '');
    const tooMany = findingLines(r.stdout)
      .filter((l) => /too-many-krs/.test(l))
      .map((l) => path.basename(l.split(':')[0]!));
    assert.deepEqual(tooMany, ['b.okr.md']);
    assert.match(r.stdout, /2 documents checked/);
    const forced = run(['check', path.join(dir, 'six'), '--config', path.join(dir, 'missing.json'), ...DATE], tempDir({}));
    assert.equal(forced.code, 2);
    assert.match(forced.stderr, /cannot read config/);
  });
});

describe('cli: okr-lens rollup', () => {
  it('prints the workspace tree, company → team → individual, with own and rolled-up scores', () => {
    const r = run(['rollup', 'examples/', ...DATE]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Q4 2026 OKRs — Northwind Analytics  own 0.59 · rolled up 0.56 Amber  examples/company/q4-2026.okr.md');
    assert.equal(lines[1], '├─ O Become the fastest way for a data team to onboard  own 0.57 · rolled up 0.64 Green');
    assert.ok(
      lines.includes('│  ├─ O Growth › Make self-serve onboarding so fast that new teams see value in their…  own 0.66 · rolled up 0.65 Green'),
      r.stdout,
    );
    assert.ok(lines.includes('│  │  └─ O Sarah Chen (Growth) › Take the friction out of connecting a first data source  0.65 Green'));
    assert.ok(lines.includes('│     ├─ KR Workspaces inviting a teammate within 7 days @Lena  not started'));
    assert.ok(lines.includes('  Growth (team)  own 0.65 · rolled up 0.64 Green'));
  });

  it('says why a KR has no score, shows only owners that are written, and lists the company among the teams', () => {
    const doc =
      '# Q4 2026 OKRs — Mobile\n\n## Objective 1: Make the app fast\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Cold start p95 (s) | 3.2 | 1.5 | 2.4 | Ana | 0.6 |\n| Crash-free sessions | 97% | TBD | 55% | Ana | 0.5 |\n| App store rating | 4.1 | 4.5 |  | Ana | 0.5 |\n';
    const dir = tempDir({ 'q4.okr.md': doc });
    const text = run(['rollup', ...DATE], dir).stdout.split('\n');
    assert.deepEqual(text.slice(1, 5), [
      '└─ O Make the app fast  0.47 Amber',
      '   ├─ KR Cold start p95 (s) @Ana  0.47 Amber',
      '   ├─ KR Crash-free sessions @Ana  no score: target is a placeholder (TBD)',
      '   └─ KR App store rating @Ana  not started',
    ]);
    const md = run(['rollup', '--format', 'markdown', ...DATE], dir).stdout;
    assert.match(md, /\n {4}- ⚠️ KR Crash-free sessions — Ana: no score: target is a placeholder \(TBD\) /);
    assert.match(md, /\n {2}- 🟡 Make the app fast: 0\.47 Amber /);
    const teams = run(['rollup', 'examples/', ...DATE]).stdout.split('\n');
    assert.deepEqual(teams.slice(teams.indexOf('Teams') + 1, teams.indexOf('Teams') + 3), [
      '  Northwind Analytics (company)  own 0.59 · rolled up 0.56 Amber',
      '  Sarah Chen (Growth) (individual)  0.61 Green',
    ]);
  });

  it('shows a team with the company objectives it supports, resolving links against the whole workspace', () => {
    const r = run(['rollup', 'examples/teams/sales', ...DATE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'Q4 2026 OKRs — Northwind Analytics  own 0.59 · rolled up 0.56 Amber  examples/company/q4-2026.okr.md');
    assert.ok(r.stdout.includes('O Sales › Continue to support channel partners  0.50 Amber'));
    assert.ok(!r.stdout.includes('Growth ›'), 'documents below the company that were not asked for are left out');
  });

  it('--format json gives the graph: nodes with scores, contains/supports/depends edges, matching the schema', () => {
    const r = run(['rollup', 'examples/', '--format', 'json', ...DATE]);
    assert.equal(r.code, 0, r.stderr);
    const report = RollupReportSchema.parse(JSON.parse(r.stdout));
    assert.deepEqual(report.roots, ['examples/company/q4-2026.okr.md']);
    const co1 = report.nodes.find((n) => n.id === 'examples/company/q4-2026.okr.md#objective-1-become-the-fastest-way-for-a-data-team-to-onboard')!;
    assert.deepEqual(
      [co1.kind, co1.level, co1.path, co1.line, co1.owner, co1.score?.toFixed(2), co1.rolledUpScore?.toFixed(2), co1.rag],
      ['objective', 'company', 'examples/company/q4-2026.okr.md', 12, null, '0.57', '0.64', 'green'],
    );
    const supports = report.edges.filter((e) => e.kind === 'supports' && e.to === co1.id).map((e) => e.from);
    assert.deepEqual(
      supports,
      [
        'examples/people/sarah-chen-q4-2026.okr.md#objective-1-take-the-friction-out-of-connecting-a-first-data-source',
        'examples/teams/growth/q4-2026.okr.md#objective-1-make-self-serve-onboarding-so-fast-that-new-teams-see-value-in-their-first-session',
        'examples/teams/growth/q4-2026.okr.md#objective-3-make-word-of-mouth-a-channel-we-can-count-on',
      ].slice(1),
    );
    assert.ok(
      report.edges.some(
        (e) =>
          e.kind === 'depends' &&
          e.from === 'examples/teams/growth/q4-2026.okr.md' &&
          e.to === 'examples/teams/platform/q4-2026.okr.md' &&
          e.label === 'SSO integration',
      ),
    );
    for (const e of report.edges) assert.ok(report.nodes.some((n) => n.id === e.from) && report.nodes.some((n) => n.id === e.to), `${e.from} → ${e.to}`);
  });

  it('--format markdown is a report with RAG emojis and a team table', () => {
    const r = run(['rollup', 'examples/', '--format', 'markdown', ...DATE]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '# OKR rollup');
    assert.ok(
      lines.includes('  - 🟢 Become the fastest way for a data team to onboard: own 0.57 · rolled up 0.64 Green (`examples/company/q4-2026.okr.md:12`)'),
      r.stdout,
    );
    assert.ok(lines.includes('| Growth | team | 0.65 | 0.64 | Green |'));
  });

  it('--format html is one self-contained page: CSP, inlined script and style, the tree as JSON', () => {
    const r = run(['rollup', 'examples/', '--format', 'html', ...DATE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/i);
    assert.match(r.stdout, /Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(r.stdout, /<script[^>]+src=|<link[^>]+href=/, 'nothing loaded from elsewhere');
    const json = /<script type="application\/json" id="okr-lens-data">([\s\S]*?)<\/script>/.exec(r.stdout);
    assert.ok(json);
    const message = HostMessageSchema.parse(JSON.parse(json[1]!));
    assert.equal(message.roots[0]!.title, 'Q4 2026 OKRs — Northwind Analytics');
  });

  it('check reports workspace findings with the place in the other file, and resolves IDs when given one file', () => {
    const company =
      '# Q4 2026 OKRs — Company\n\n## Objective 1: Grow\nID: CO-1\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| NPS | 30 | 45 | 40 | Ana | 0.6 |\n';
    const team = (supports: string): string =>
      `# Q4 2026 OKRs — Growth\n\n## Objective 1: Be loved\n${supports}\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| NPS | 30 | 45 | 40 | Ana | 0.6 |\n`;
    const dir = tempDir({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'company/q4.okr.md': company,
      'teams/growth/q4.okr.md': team('Supports: CO-1'),
      'teams/sales/q4.okr.md': team('Supports: [Grow](../../company/q4.okr.md#objective-1-gro)'),
    });
    const ok = run(['check', 'teams/growth/q4.okr.md', ...DATE], dir);
    assert.doesNotMatch(ok.stdout, /alignment-/, ok.stdout);
    const bad = run(['check', 'teams/sales', ...DATE], path.join(dir));
    const lines = bad.stdout.split('\n');
    assert.ok(
      lines.includes(
        'teams/sales/q4.okr.md:4:11 error alignment-broken-link No heading #objective-1-gro: the closest in ../../company/q4.okr.md is #objective-1-grow (“Objective 1: Grow”). Headings are linked by their GitHub slug; fix the link after renaming a heading.',
      ),
      bad.stdout,
    );
    assert.ok(lines.includes('    ↳ company/q4.okr.md:3:1 closest heading: Objective 1: Grow'), bad.stdout);
    assert.equal(bad.code, 1);
  });
});

describe('cli: every real document goes through check without a crash', () => {
  for (const file of corpusFiles()) {
    it(file, () => {
      const r = run(['check', path.join(corpusDir, file), '--format', 'json', ...DATE]);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      const report = CheckReportSchema.parse(JSON.parse(r.stdout));
      assert.equal(report.files[0]!.diagnostics.filter((d) => d.ruleId === 'okr-lens-internal').length, 0);
    });
  }
  it('and the whole corpus folder in one run', () => {
    const r = run(['check', corpusDir, ...DATE]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal(r.stderr, '');
  });
  it('examples/ lives where the README says', () => assert.ok(fs.existsSync(examplesDir)));
});

describe('cli: sarif, markdown and suppressions', () => {
  it('--format sarif is SARIF 2.1.0 with rule metadata, docs links and in-source suppressions', () => {
    const dir = tempDir({
      'a.okr.md': `${CLEAN.replace('| NPS | 30 | 45 | 40 | Ana | 0.6 |', '| NPS <!-- okr-lens-disable-line kr-no-change -- NPS is a floor this quarter --> | 30 | 30 | 40 | Ana | 0.6 |')}| Launch the wizard | 0% | 100% | 50% | Bo | 0.6 |\n`,
    });
    const r = run(['check', '--format', 'sarif', ...DATE], dir);
    assert.equal(r.code, 0, r.stderr);
    const log = SarifLogSchema.parse(JSON.parse(r.stdout));
    const run0 = log.runs[0]!;
    assert.equal(log.version, '2.1.0');
    assert.equal(run0.tool.driver.rules.length, rules.length);
    const rule = run0.tool.driver.rules.find((x) => x.id === 'kr-is-task')!;
    assert.equal(rule.helpUri, 'https://github.com/okr-lens/okr-lens/blob/main/docs/rules/kr-is-task.md');
    assert.equal(rule.defaultConfiguration.level, 'warning');
    const task = run0.results.find((x) => x.ruleId === 'kr-is-task')!;
    assert.deepEqual(
      [task.level, task.locations[0]!.physicalLocation.artifactLocation.uri, task.locations[0]!.physicalLocation.region.startLine],
      ['warning', 'a.okr.md', 6],
    );
    assert.equal(run0.tool.driver.rules[task.ruleIndex]!.id, 'kr-is-task');
    const suppressed = run0.results.find((x) => x.ruleId === 'kr-no-change')!;
    assert.deepEqual(suppressed.suppressions, [{ kind: 'inSource', justification: 'NPS is a floor this quarter' }]);
  });
  it('--format sarif gives paths below %SRCROOT%, the workspace root, wherever the command runs', () => {
    const dir = tempDir({ 'mine/platform/q3.okr.md': CLEAN.replace('| Ana | 0.6 |', '|  | 0.6 |'), 'mine/.okr-lens.json': '{}' });
    const elsewhere = tempDir({});
    const r = run(['check', '--format', 'sarif', path.join(dir, 'mine'), ...DATE], elsewhere);
    const run0 = SarifLogSchema.parse(JSON.parse(r.stdout)).runs[0]!;
    const uris = run0.results
      .flatMap((x) => [...x.locations, ...(x.relatedLocations ?? [])])
      .map((l) => [l.physicalLocation.artifactLocation.uriBaseId, l.physicalLocation.artifactLocation.uri]);
    assert.ok(uris.length > 0);
    assert.deepEqual([...new Set(uris.map((u) => u.join(' ')))], ['%SRCROOT% platform/q3.okr.md']);
    assert.deepEqual(run0.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(path.join(dir, 'mine')).href}/` } });
  });
  it('--format markdown is a report for a pull request', () => {
    const r = run(['check', 'examples/teams/sales', '--format', 'markdown', ...DATE]);
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '## OKR Lens: 1 document · 3 errors · 14 warnings · 4 info');
    assert.ok(lines.includes('| `examples/teams/sales/q4-2026.okr.md` | 🟡 0.45 Amber | low | 3 | 14 | 4 |'), r.stdout);
    assert.ok(lines.includes('| Make renewals predictable | — | 80/100 | 0 |'), r.stdout);
    assert.ok(
      lines.some((l) =>
        l.startsWith('| 37 | ❌ error | [kr-no-change](https://github.com/okr-lens/okr-lens/blob/main/docs/rules/kr-no-change.md) | Target equals baseline'),
      ),
    );
  });
  it('--list-suppressions lists each comment, its reason and what it silenced', () => {
    const text = `<!-- okr-lens-disable-file kr-missing-confidence -->\n${CLEAN.replace('| NPS | 30 | 45 | 40 | Ana | 0.6 |', '| NPS <!-- okr-lens-disable-line kr-no-change -- a floor --> | 30 | 30 | 40 | Ana |  |')}`;
    const r = run(['check', '--list-suppressions', ...DATE], tempDir({ 'a.okr.md': text }));
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'a.okr.md:1 okr-lens-disable-file kr-missing-confidence -- (no reason given) (1 finding suppressed)',
      'a.okr.md:6 okr-lens-disable-line kr-no-change -- a floor (1 finding suppressed)',
      '2 suppressions in 1 document',
    ]);
  });
});
