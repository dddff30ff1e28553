import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, mondayOf, weeklyPathFor } from '../../src/core/index';
import { examplesDir, repoRoot, tempDir } from './helpers';

/**
 * `okr-lens weekly`: this week's update of a team, written beside its
 * quarterly document, checked on temporary copies of examples/ (with and
 * without a git repository whose history gives Last).
 */
const cli = path.join(repoRoot, 'out', 'cli.js');
const GROWTH = path.join('teams', 'growth', 'q4-2026.okr.md');
const WRITTEN = path.join('teams', 'growth', 'weekly', '2026-12-07.okr.md');

function examples(): string {
  const dir = tempDir('weekly-');
  fs.cpSync(examplesDir, dir, { recursive: true });
  return dir;
}

function okrLens(dir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function gitCommit(dir: string, date: string): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Maria',
    GIT_AUTHOR_EMAIL: 'm@example.com',
    GIT_COMMITTER_NAME: 'Maria',
    GIT_COMMITTER_EMAIL: 'm@example.com',
  };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', 'Q4 plan'], { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
}

/** The update's KR table as the weekly reader reads it: name → row. */
function rowsOf(text: string): Map<string, { last: string; now: string; delta: string; lastConfidence: string; confidence: string }> {
  const doc = analyze(text, { today: new Date('2026-12-09T00:00:00Z') }).document;
  assert.equal(doc.kind, 'weekly');
  const table = doc.weeklyTables[0]!;
  return new Map(
    table.rows.map((r) => [
      r.name,
      {
        last: r.last?.text ?? '',
        now: r.current?.text ?? '',
        delta: r.delta?.text ?? '',
        lastConfidence: r.lastConfidence?.text ?? '',
        confidence: r.confidence?.text ?? '',
      },
    ]),
  );
}

const growthKrs = (): string[] =>
  analyze(fs.readFileSync(path.join(examplesDir, GROWTH), 'utf8')).document.objectives.flatMap((o) => o.keyResults.map((k) => k.text));

describe('weekly: the week and where the update goes', () => {
  it('dates the update with the Monday of the week and fills {date} and {team}', () => {
    assert.equal(mondayOf(new Date('2026-12-09T15:00:00Z')), '2026-12-07');
    assert.equal(mondayOf(new Date('2026-12-07T00:00:00Z')), '2026-12-07');
    assert.equal(mondayOf(new Date('2026-12-13T23:00:00Z')), '2026-12-07');
    assert.equal(weeklyPathFor('weekly/{date}.okr.md', '2026-12-07', 'Growth'), 'weekly/2026-12-07.okr.md');
    assert.equal(weeklyPathFor('../updates/{team}-{date}-okr.md', '2026-12-07', 'Data Platform'), '../updates/data-platform-2026-12-07-okr.md');
  });
});

describe('okr-lens weekly', () => {
  it('writes every KR of the team with Last from the previous weekly update, else git at the start of the week, and Now from the working copy', () => {
    const dir = examples();
    // The quarterly document as committed before this week's Monday: the teammate KR read 25% then.
    const growth = path.join(dir, GROWTH);
    const original = fs.readFileSync(growth, 'utf8');
    fs.writeFileSync(growth, original.replace('| 22% | 35% |  | Lena | 0.5 |', '| 22% | 35% | 25% | Lena | 0.7 |'));
    gitCommit(dir, '2026-12-02T10:00:00Z');
    // This week's check-in, not committed yet: Now.
    fs.writeFileSync(
      growth,
      original.replace('| 4 days | Sarah | 0.6 |', '| 3 days | Sarah | 0.7 |').replace('| 22% | 35% |  | Lena | 0.5 |', '| 22% | 35% | 27% | Lena | 0.4 |'),
    );
    const r = okrLens(dir, 'weekly', GROWTH, '--date', '2026-12-09');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^wrote teams\/growth\/weekly\/2026-12-07\.okr\.md: 8 KRs of teams\/growth\/q4-2026\.okr\.md, Last from the update of 2026-11-20 \(7\), git at the start of the week \(1\)$/m,
    );
    const text = fs.readFileSync(path.join(dir, WRITTEN), 'utf8');
    assert.match(text, /^# Weekly OKR Update — 2026-12-07 — Growth\n/);
    assert.match(text, /\[Q4 2026 OKRs — Growth\]\(\.\.\/q4-2026\.okr\.md\)/);
    const rows = rowsOf(text);
    assert.deepEqual([...rows.keys()], growthKrs());
    // From the update of 2026-11-20 (its This Week / Now column), which has no confidence: that comes from git.
    assert.deepEqual(rows.get('Time to first value (median)'), { last: '4 days', now: '3 days', delta: '-1 days', lastConfidence: '0.6', confidence: '0.7' });
    assert.deepEqual(rows.get('Product-qualified leads handed to Sales'), {
      last: '58/month',
      now: '58/month',
      delta: '0/month',
      lastConfidence: '0.6',
      confidence: '0.6',
    });
    // Not in the previous update: from the commit of 2026-12-02.
    assert.deepEqual(rows.get('Workspaces inviting a teammate within 7 days'), {
      last: '25%',
      now: '27%',
      delta: '+2%',
      lastConfidence: '0.7',
      confidence: '0.4',
    });
    assert.match(
      text,
      /Last is from the update of 2026-11-20 \(\.\.\/\.\.\/\.\.\/weekly\/growth-weekly-okr-2026-11-20\.md\), else the quarterly document as committed on 2026-12-02 \([0-9a-f]{7}\)/,
    );

    // The existing weekly rules check it: the three unfilled priorities, and the confidence that fell by 0.3.
    const check = okrLens(dir, 'check', WRITTEN, '--date', '2026-12-09');
    const findings = check.stdout.split('\n').filter((l) => /^teams\/growth\/weekly\/2026-12-07\.okr\.md:\d+:\d+ /.test(l));
    assert.deepEqual(
      findings.map((l) => l.split(' ')[2]),
      ['confidence-drop', 'priority-not-linked', 'priority-not-linked', 'priority-not-linked'],
      check.stdout,
    );
  });

  it('once the author fills the Top 3, priority-not-linked is satisfied', () => {
    const dir = examples();
    assert.equal(okrLens(dir, 'weekly', GROWTH, '--date', '2026-12-09').code, 0);
    const file = path.join(dir, WRITTEN);
    let n = 0;
    const filled = fs
      .readFileSync(file, 'utf8')
      .replace(/^(\d)\. … → supports \[…\]$/gm, (_m, i: string) => `${i}. Work item ${++n} → supports [Organic referral signups]`);
    assert.equal(n, 3);
    fs.writeFileSync(file, filled);
    const check = okrLens(dir, 'check', WRITTEN, '--date', '2026-12-09');
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /0 errors, 0 warnings, 0 info/);
  });

  it('without git or an earlier update, leaves Last blank and says so', () => {
    const dir = examples();
    fs.rmSync(path.join(dir, 'weekly'), { recursive: true });
    const r = okrLens(dir, 'weekly', GROWTH, '--date', '2026-12-09', '--stdout');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!fs.existsSync(path.join(dir, WRITTEN)), '--stdout writes no file');
    assert.match(r.stdout, /^No earlier value was found\./m);
    const rows = rowsOf(r.stdout);
    assert.deepEqual([...rows.keys()], growthKrs());
    assert.ok([...rows.values()].every((row) => row.last === '' && row.delta === ''));
    assert.equal(rows.get('Organic referral signups')!.now, '36/month');
  });

  it("refuses to overwrite this week's update unless --force, and follows the weeklyPath setting", () => {
    const dir = examples();
    fs.writeFileSync(path.join(dir, '.okr-lens.json'), JSON.stringify({ weeklyPath: '../../updates/{team}/{date}.okr.md' }));
    const first = okrLens(dir, 'weekly', GROWTH, '--date', '2026-12-09');
    assert.equal(first.code, 0, first.stderr);
    const file = path.join(dir, 'updates', 'growth', '2026-12-07.okr.md');
    assert.ok(fs.existsSync(file), first.stdout);
    fs.writeFileSync(file, '# Weekly OKR Update — 2026-12-07 — Growth\n\nMy notes\n');
    const again = okrLens(dir, 'weekly', GROWTH, '--date', '2026-12-09');
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /updates\/growth\/2026-12-07\.okr\.md exists: this week's update of teams\/growth\/q4-2026\.okr\.md is already there \(--force replaces it/,
    );
    assert.match(fs.readFileSync(file, 'utf8'), /My notes/);
    const forced = okrLens(dir, 'weekly', GROWTH, '--date', '2026-12-09', '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /My notes/);
  });

  it('exits 2 on paths with no quarterly document, and on --force or --stdout given to another command', () => {
    const dir = examples();
    const r = okrLens(dir, 'weekly', path.join('weekly', 'growth-weekly-okr-2026-11-20.md'), '--date', '2026-12-09');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no quarterly OKR document with key results/);
    const misplaced = okrLens(dir, 'check', GROWTH, '--stdout');
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /--stdout goes with weekly/);
  });
});
