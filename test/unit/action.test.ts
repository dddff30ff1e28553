import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeData, escapeProperty, workflowCommand } from '../../src/action/commands';
import type { CheckReport } from '../../src/core/report/json';
import type { RollupReport } from '../../src/core/report/rollup';
import { examplesDir, repoRoot, tempDir } from './helpers';

const bundle = path.join(repoRoot, 'dist', 'action', 'index.js');
const cli = path.join(repoRoot, 'out', 'cli.js');

/** The environment of a step: this process's, without what a runner around the tests would have set for its own step. */
function stepEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(INPUT_|GITHUB_|RUNNER_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

interface Step {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Map<string, string>;
}

/** Runs the bundle as a runner does: the workspace as working folder, the inputs as INPUT_<NAME>, the summary and output files. */
function runStep(workspace: string, inputs: Record<string, string>): Step {
  const files = tempDir('action-files-');
  const summaryFile = path.join(files, 'summary.md');
  const outputFile = path.join(files, 'output');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(outputFile, '');
  const env = stepEnv({
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
  });
  const r = spawnSync(process.execPath, [bundle], { cwd: workspace, env, encoding: 'utf8' });
  const outputs = new Map<string, string>();
  const text = fs.readFileSync(outputFile, 'utf8');
  const re = /([^\n<]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2\n/gy;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    outputs.set(m[1]!, m[3]!);
    end = m.index + m[0].length;
  }
  assert.equal(end, text.length, `GITHUB_OUTPUT holds name<<delimiter blocks only:\n${text}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, summary: fs.readFileSync(summaryFile, 'utf8'), outputs };
}

function runCli(cwd: string, args: string[]): { code: number; stdout: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: stepEnv({ NO_COLOR: '1' }) });
  return { code: r.status ?? -1, stdout: r.stdout };
}

/** A copy of examples/ as the checked-out repository. */
function workspace(): string {
  const dir = tempDir('action-ws-');
  fs.cpSync(examplesDir, dir, { recursive: true });
  return dir;
}

const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

interface Annotation {
  level: string;
  props: Record<string, string>;
  message: string;
}

/** The annotations (`::error file=…::message` and the like) of a step's log; the ones with no file are the action's own. */
function annotations(stdout: string): Annotation[] {
  return stdout
    .split('\n')
    .map((line) => /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      level: m[1]!,
      props: Object.fromEntries(
        (m[2] ?? '')
          .split(',')
          .filter(Boolean)
          .map((p) => [p.slice(0, p.indexOf('=')), unescapeProperty(p.slice(p.indexOf('=') + 1))]),
      ),
      message: unescapeData(m[3]!),
    }));
}

/** What `okr-lens check --format json` reports, as the annotations the action should write. */
function expectedAnnotations(report: CheckReport): string[] {
  return report.files.flatMap((f) =>
    f.diagnostics.map((d) =>
      JSON.stringify([
        d.severity === 'info' ? 'notice' : d.severity,
        f.path,
        d.line,
        d.line === d.endLine ? d.column : null,
        d.endLine,
        d.line === d.endLine ? d.endColumn : null,
        d.ruleId,
        d.message,
      ]),
    ),
  );
}

function actualAnnotations(list: Annotation[]): string[] {
  return list
    .filter((a) => a.props['file'] !== undefined)
    .map((a) =>
      JSON.stringify([
        a.level,
        a.props['file'],
        Number(a.props['line']),
        a.props['col'] === undefined ? null : Number(a.props['col']),
        Number(a.props['endLine']),
        a.props['endColumn'] === undefined ? null : Number(a.props['endColumn']),
        a.props['title'],
        a.message,
      ]),
    );
}

describe('GitHub Action: the committed bundle', () => {
  it('is what `npm run build:action` writes now, byte for byte, with no path of this checkout in it', function () {
    this.timeout(120_000);
    const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const script = scripts['build:action'] ?? '';
    const args = script.split(' ');
    assert.deepEqual(args.slice(0, 2), ['node', 'src/tools/build.mjs'], script);
    for (const flag of ['--bundle', '--platform=node', '--format=cjs', '--target=node20', '--minify', '--outfile=dist/action/index.js'])
      assert.ok(args.includes(flag), `${flag} in ${script}`);
    assert.ok(!args.some((a) => a.startsWith('--sourcemap')), script);
    const action = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
    assert.match(action, /^ {2}using: node20$/m);
    assert.match(action, /^ {2}main: dist\/action\/index\.js$/m);

    const out = path.join(tempDir('action-build-'), 'index.js');
    const built = spawnSync(process.execPath, [...args.slice(1).map((a) => (a.startsWith('--outfile=') ? `--outfile=${out}` : a))], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, built.stderr);
    const fresh = fs.readFileSync(out);
    assert.ok(fs.existsSync(bundle), 'dist/action/index.js is missing: run `npm run build:action` and commit it');
    assert.ok(fresh.equals(fs.readFileSync(bundle)), 'dist/action/index.js is stale: run `npm run build:action` and commit it');
    assert.ok(!fresh.includes(repoRoot), 'the bundle names this checkout, so it is not the same built elsewhere');
  });
});

describe('GitHub Action: workflow commands', () => {
  it('escape % CR LF in a message, and : , too in a property', () => {
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
    assert.equal(
      workflowCommand(
        'error',
        [
          ['file', 'docs/q1, okr.md'],
          ['line', 3],
          ['col', undefined],
          ['title', 'kr:x'],
        ],
        'Target 20% → 20%\nfix it',
      ),
      '::error file=docs/q1%2C okr.md,line=3,title=kr%3Ax::Target 20%25 → 20%25%0Afix it',
    );
    assert.equal(workflowCommand('notice', [], 'a::b'), '::notice::a::b');
  });
});

describe('GitHub Action: a run as the runner starts it', () => {
  before(() => {
    assert.ok(fs.existsSync(cli), 'run `npm run build` first: out/cli.js is missing');
    assert.ok(fs.existsSync(bundle), 'run `npm run build:action` first: dist/action/index.js is missing');
  });

  it('annotates every finding of `okr-lens check`, writes the check and rollup reports to the summary, sets the outputs, and fails on errors', function () {
    this.timeout(120_000);
    const ws = workspace();
    const step = runStep(ws, { paths: '.', 'fail-on': 'error', rollup: 'true' });
    const json = runCli(ws, ['check', '--format', 'json', '.']);
    const report = JSON.parse(json.stdout) as CheckReport;
    assert.ok(report.summary.errors > 0 && report.summary.warnings > 0 && report.summary.infos > 0, 'the examples have findings of each severity');

    const list = annotations(step.stdout);
    const actual = actualAnnotations(list);
    const expected = expectedAnnotations(report);
    assert.equal(actual.length, report.summary.errors + report.summary.warnings + report.summary.infos);
    assert.deepEqual([...actual].sort(), [...expected].sort());
    assert.ok(
      step.stdout.includes(
        '::error file=teams/sales/q4-2026.okr.md,line=37,col=41,endLine=37,endColumn=44,title=kr-no-change::Target equals baseline (20%25 → 20%25): set a target that changes something, or drop the KR.',
      ),
      step.stdout,
    );

    const checkMd = runCli(ws, ['check', '--format', 'markdown', '.']).stdout.trimEnd();
    const rollupMd = runCli(ws, ['rollup', '--format', 'markdown', '.']).stdout.trimEnd();
    assert.match(checkMd, /^## OKR Lens: 6 documents/);
    assert.match(rollupMd, /^# OKR rollup/);
    assert.equal(step.summary, `${checkMd}\n\n${rollupMd}\n`);

    const rollup = JSON.parse(runCli(ws, ['rollup', '--format', 'json', '.']).stdout) as RollupReport;
    assert.equal(rollup.roots.length, 1, 'one company document');
    const company = rollup.nodes.find((n) => n.id === rollup.roots[0]);
    assert.deepEqual(Object.fromEntries(step.outputs), {
      errors: String(report.summary.errors),
      warnings: String(report.summary.warnings),
      score: company!.rolledUpScore!.toFixed(2),
    });

    assert.equal(step.code, 1, step.stdout + step.stderr);
    const own = list.filter((a) => a.props['file'] === undefined);
    assert.deepEqual(own, [{ level: 'error', props: { title: 'OKR Lens' }, message: `OKR Lens found ${report.summary.errors} errors (fail-on: error)` }]);
    assert.equal(step.stderr, '');
  });

  it('fails as fail-on says: error on errors, warning on errors or warnings, never not at all', function () {
    this.timeout(120_000);
    const ws = workspace();
    const weekly = 'weekly/growth-weekly-okr-2026-11-20.md';
    const onlyWarnings = JSON.parse(runCli(ws, ['check', '--format', 'json', weekly]).stdout) as CheckReport;
    assert.deepEqual([onlyWarnings.summary.errors, onlyWarnings.summary.warnings], [0, 1]);
    const cases: Array<[string, string, number]> = [
      ['.', 'error', 1],
      ['.', 'warning', 1],
      ['.', 'never', 0],
      [weekly, 'error', 0],
      [weekly, 'warning', 1],
      [weekly, 'never', 0],
    ];
    for (const [paths, failOn, code] of cases) {
      const step = runStep(ws, { paths, 'fail-on': failOn, rollup: 'false' });
      assert.equal(step.code, code, `${paths} fail-on ${failOn}: ${step.stdout}`);
      const failing = annotations(step.stdout).filter((a) => a.props['file'] === undefined);
      assert.equal(failing.length, code, `${paths} fail-on ${failOn}: one ::error:: line when failing`);
      if (paths === weekly && failOn === 'warning') assert.equal(failing[0]!.message, 'OKR Lens found 0 errors and 1 warning (fail-on: warning)');
      // Without the rollup the summary is the check report alone.
      assert.equal(step.summary, `${runCli(ws, ['check', '--format', 'markdown', paths]).stdout.trimEnd()}\n`);
    }
  });

  it('takes globs and paths separated by new lines, and a configuration file, as `okr-lens check` with those files and --config', function () {
    this.timeout(120_000);
    const ws = workspace();
    fs.mkdirSync(path.join(ws, 'ci'));
    fs.writeFileSync(path.join(ws, 'ci', 'okr-lens.json'), '{ "rules": { "kr-no-change": "off", "kr-missing-target": "warning" } }\n');
    const step = runStep(ws, { paths: 'teams/**/*.okr.md\n  company/  ', config: 'ci/okr-lens.json', 'fail-on': 'error', rollup: 'true' });
    const files = ['teams/growth/q4-2026.okr.md', 'teams/platform/q4-2026.okr.md', 'teams/sales/q4-2026.okr.md', 'company/'];
    const report = JSON.parse(runCli(ws, ['check', '--format', 'json', '--config', 'ci/okr-lens.json', ...files]).stdout) as CheckReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['company/q4-2026.okr.md', 'teams/growth/q4-2026.okr.md', 'teams/platform/q4-2026.okr.md', 'teams/sales/q4-2026.okr.md'],
    );
    assert.deepEqual([...actualAnnotations(annotations(step.stdout))].sort(), [...expectedAnnotations(report)].sort());
    assert.ok(!step.stdout.includes('title=kr-no-change'), 'the configuration turned kr-no-change off');
    assert.equal(step.outputs.get('errors'), String(report.summary.errors));
    assert.equal(step.code, report.summary.errors > 0 ? 1 : 0, step.stdout);
  });

  it('says what is wrong with a bad input in one ::error:: line and exits 1, with no stack trace and no outputs', function () {
    this.timeout(120_000);
    const ws = workspace();
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'fail-on': 'sometimes' }, "fail-on: 'sometimes' is not one of error, warning, never"],
      [{ config: 'missing/.okr-lens.json' }, "config: the file 'missing/.okr-lens.json' does not exist"],
      [{ config: 'teams' }, "config: the file 'teams' does not exist"],
      [{ rollup: 'yes' }, "rollup: 'yes' is not true or false"],
      [{ paths: 'company/ nowhere/' }, "paths: 'nowhere/' does not exist"],
      [{ paths: 'nothing/**/*.md' }, 'paths: no file to check'],
    ];
    for (const [inputs, message] of cases) {
      const step = runStep(ws, { paths: '.', 'fail-on': 'error', rollup: 'true', ...inputs });
      assert.equal(step.code, 1, JSON.stringify(inputs));
      const errors = annotations(step.stdout).filter((a) => a.level === 'error');
      assert.deepEqual(errors, [{ level: 'error', props: { title: 'OKR Lens' }, message }], step.stdout);
      assert.doesNotMatch(step.stdout + step.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(step.outputs.size, 0);
      assert.equal(step.summary, '');
    }
  });

  it('reports a bad configuration key as an error and fails even with fail-on never: the check did not run as asked', function () {
    this.timeout(120_000);
    const ws = workspace();
    fs.writeFileSync(path.join(ws, '.okr-lens.json'), '{ "rules": { "kr-vague": "loud" } }\n');
    const step = runStep(ws, { paths: '.', 'fail-on': 'never', rollup: 'false' });
    assert.equal(step.code, 1, step.stdout);
    const own = annotations(step.stdout).filter((a) => a.props['file'] === undefined);
    assert.equal(own.length, 1, step.stdout);
    assert.match(own[0]!.message, /^okr-lens: config: .*kr-vague/);
    assert.ok(
      annotations(step.stdout).some((a) => a.props['file'] !== undefined),
      'the findings are still annotated',
    );
  });
});
