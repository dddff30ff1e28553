import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  clockOf,
  documentSeries,
  idleDays,
  krSeries,
  krTrails,
  mergeTrail,
  movedGoalposts,
  objectiveSeries,
  reportDocument,
  resolveConfig,
  sparkline,
  teamReports,
  trailLine,
  weeklyReportOf,
  type ProgressPoint,
  type TrailPoint,
} from '../../src/core/index';
import { HostMessageSchema, type TreeNode } from '../../src/core/workspace/protocol';
import { examplesDir, repoRoot, tempDir } from './helpers';

/**
 * Git-aware checks (issue 6): temporary repositories in os.tmpdir() with
 * scripted commits and dates, checked with the built CLI.
 */
const cli = path.join(repoRoot, 'out', 'cli.js');
const growth = fs.readFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');
const CONVERSION = '| Self-serve trial-to-paid conversion | 9% | 16% |';

function repo(): { dir: string; commit(message: string, date: string): void; git(...args: string[]): string } {
  const dir = tempDir('git-');
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Maria',
        GIT_AUTHOR_EMAIL: 'maria@example.com',
        GIT_COMMITTER_NAME: 'Maria',
        GIT_COMMITTER_EMAIL: 'maria@example.com',
      },
    });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    commit(message, date) {
      git('add', '-A');
      execFileSync('git', ['commit', '-q', '-m', message], {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Maria',
          GIT_AUTHOR_EMAIL: 'maria@example.com',
          GIT_COMMITTER_NAME: 'Maria',
          GIT_COMMITTER_EMAIL: 'maria@example.com',
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
        },
      });
    },
  };
}

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

function check(dir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '--date', '2026-11-23'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const goalposts = (out: string): string[] => out.split('\n').filter((l) => l.includes(' moving-goalposts '));

describe('history: moving-goalposts from git', () => {
  it('reports a target changed after the lock, with the old value, the commit, its author and date', () => {
    const r = repo();
    write(r.dir, 'growth/q4-2026.okr.md', growth);
    r.commit('Q4 plan', '2026-09-28T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace(CONVERSION, '| Self-serve trial-to-paid conversion | 9% | 14% |'));
    r.commit('lower the conversion target', '2026-11-02T10:00:00Z');
    const lock = r.git('rev-parse', '--short=7', 'HEAD~1').trim();
    // Each committed version is read from git once, for the lock and the check-in trail alike.
    const trace = path.join(r.dir, '.git', 'trace.log');
    spawnSync(process.execPath, [cli, 'check', '.', '--date', '2026-11-23'], { cwd: r.dir, env: { ...process.env, GIT_TRACE: trace } });
    const shows = fs
      .readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => /built-in: git show [0-9a-f]{40}:/.test(l))
      .map((l) => l.replace(/^.*git show /, ''));
    assert.deepEqual(shows.length, new Set(shows).size, shows.join('\n'));
    const found = goalposts(check(r.dir, '.').stdout);
    assert.deepEqual(found, [
      `growth/q4-2026.okr.md:16:46 warning moving-goalposts Target moved since the lock (16% → 14%): keep the locked value, or record the re-scope with a reasoned disable comment; a change mid-quarter hides how far the KR really got. Lock: the version in place on 2026-10-01 (${lock} by Maria, 2026-09-28).`,
    ]);
    // The working copy counts too, and --no-history reads no git.
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace('| Time to first value (median) | 7 days |', '| Time to first value (median) | 9 days |'));
    assert.deepEqual(
      goalposts(check(r.dir, '.').stdout).map((l) => /:(\d+):\d+ .* (\w+) moved since the lock \((.+?) → (.+?)\)/.exec(l)!.slice(1)),
      [['15', 'Baseline', '7 days', '9 days']],
    );
    assert.deepEqual(goalposts(check(r.dir, '.', '--no-history').stdout), []);
  });

  it('does not report changes made before the lock, or a KR that was only reworded', () => {
    const r = repo();
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace(CONVERSION, '| Self-serve trial-to-paid conversion | 9% | 12% |'));
    r.commit('draft', '2026-09-10T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', growth);
    r.commit('final plan', '2026-09-29T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace('| Onboarding wizard completion |', '| Completion rate of the onboarding wizard |'));
    r.commit('reword', '2026-11-05T10:00:00Z');
    const out = check(r.dir, '.');
    assert.deepEqual(goalposts(out.stdout), []);
    assert.equal(out.stderr, '');
  });

  it('follows a renamed file, honours front matter locked:, and keeps a change with a reasoned suppression', () => {
    const r = repo();
    write(r.dir, 'growth.okr.md', `---\nlocked: q4-lock\n---\n${growth}`);
    r.commit('plan', '2026-10-02T10:00:00Z');
    r.git('tag', 'q4-lock');
    write(r.dir, 'growth.okr.md', `---\nlocked: q4-lock\n---\n${growth.replace(CONVERSION, '| Self-serve trial-to-paid conversion | 9% | 18% |')}`);
    r.commit('raise', '2026-10-20T10:00:00Z');
    r.git('mv', 'growth.okr.md', 'teams-growth-q4.okr.md');
    r.commit('move', '2026-10-21T10:00:00Z');
    const found = goalposts(check(r.dir, '.').stdout);
    assert.equal(found.length, 1);
    assert.match(
      found[0]!,
      /^teams-growth-q4\.okr\.md:19:\d+ warning moving-goalposts Target moved since the lock \(16% → 18%\): .* Lock: locked: q4-lock \([0-9a-f]{7} by Maria, 2026-10-02\)\.$/,
    );
    const kept = fs
      .readFileSync(path.join(r.dir, 'teams-growth-q4.okr.md'), 'utf8')
      .replace(
        '| Self-serve trial-to-paid conversion |',
        '| Self-serve trial-to-paid conversion <!-- okr-lens-disable-line moving-goalposts -- re-scoped at the mid-quarter review --> |',
      );
    write(r.dir, 'teams-growth-q4.okr.md', kept);
    assert.deepEqual(goalposts(check(r.dir, '.').stdout), []);
    assert.match(
      check(r.dir, '.', '--list-suppressions').stdout,
      /okr-lens-disable-line moving-goalposts -- re-scoped at the mid-quarter review \(1 finding suppressed\)/,
    );
  });

  it("locks at the configuration's lock ref (moving-goalposts' lock option) unless front matter names its own", () => {
    const r = repo();
    write(r.dir, 'growth/q4-2026.okr.md', growth);
    r.commit('draft', '2026-09-20T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace(CONVERSION, '| Self-serve trial-to-paid conversion | 9% | 15% |'));
    // After the quarter started: without a configured lock this version is not the lock (the draft in place on 2026-10-01 is).
    r.commit('planning meeting', '2026-10-06T10:00:00Z');
    r.git('tag', 'q4-plan');
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace(CONVERSION, '| Self-serve trial-to-paid conversion | 9% | 14% |'));
    r.commit('lower', '2026-11-02T10:00:00Z');
    const was = (out: string): string[] => goalposts(out).map((l) => /\((\S+) → .* Lock: (.*?) \([0-9a-f]{7}/.exec(l)!.slice(1).join(' at '));
    assert.deepEqual(was(check(r.dir, '.').stdout), ['16% at the version in place on 2026-10-01']);
    write(r.dir, '.okr-lens.json', JSON.stringify({ rules: { 'moving-goalposts': { severity: 'warning', lock: 'q4-plan' } } }));
    assert.deepEqual(was(check(r.dir, '.').stdout), ['15% at the configured lock q4-plan']);
    // A configured ref that does not exist is said, not a crash; the check goes on without the rule.
    write(r.dir, '.okr-lens.json', JSON.stringify({ rules: { 'moving-goalposts': { severity: 'warning', lock: 'no-such-tag' } } }));
    const bad = check(r.dir, '.');
    assert.match(
      bad.stderr,
      /^okr-lens: history: growth\/q4-2026\.okr\.md: moving-goalposts' lock option names no-such-tag, which is not a commit of this repository$/m,
    );
    assert.deepEqual(goalposts(bad.stdout), []);
  });

  it('says so for a shallow clone, is quiet for a new document, a folder outside git, or no git at all, and never crashes', () => {
    const r = repo();
    write(r.dir, 'growth/q4-2026.okr.md', growth);
    r.commit('plan', '2026-10-05T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', growth.replace(CONVERSION, '| Self-serve trial-to-paid conversion | 9% | 14% |'));
    r.commit('change', '2026-11-02T10:00:00Z');
    const clone = tempDir('shallow-');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${r.dir}`, clone]);
    const shallow = check(clone, '.');
    assert.match(
      shallow.stderr,
      /^okr-lens: history: growth\/q4-2026\.okr\.md: the repository is a shallow clone, so the commit that locked q4-2026\.okr\.md's targets may be missing \(git fetch --unshallow\); moving-goalposts is skipped$/m,
    );
    assert.deepEqual(goalposts(shallow.stdout), []);

    write(r.dir, 'growth/new.okr.md', growth);
    const fresh = check(r.dir, 'growth/new.okr.md');
    assert.deepEqual([goalposts(fresh.stdout), fresh.stderr], [[], '']);

    // A repository with no commit yet is a normal state: nothing to say, no history rules.
    const unborn = repo();
    write(unborn.dir, 'growth.okr.md', growth);
    const first = check(unborn.dir, 'growth.okr.md');
    assert.deepEqual([first.stderr, goalposts(first.stdout), /stale-kr/.test(first.stdout)], ['', [], false]);

    const plain = tempDir('nogit-');
    write(plain, 'growth.okr.md', growth);
    // Alone, its links to the company document are broken (errors, exit 1); nothing about git.
    assert.deepEqual([check(plain, '.').stderr, check(plain, '.').code], ['', 1]);
    const noGit = spawnSync(process.execPath, [cli, 'check', '.', '--date', '2026-11-23'], {
      cwd: r.dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: path.dirname(process.execPath) === '/usr/bin' ? '/nonexistent' : path.dirname(process.execPath) },
    });
    assert.equal(noGit.stderr, '');
    assert.equal(noGit.status, 1);
    assert.deepEqual(goalposts(noGit.stdout), []);
  });
});

describe('history: matching KRs across versions (core)', () => {
  it('pairs by id in the same objective or by similar text; a new KR has no pair', () => {
    const then = analyze(growth).document;
    const now = analyze(
      growth
        .replace('| Organic referral signups | 12/month | 50/month |', '| Organic signups from referrals | 12/month | 60/month |')
        .replace('| Signups from shared dashboards |', '| Net revenue from partner resellers |'),
    ).document;
    assert.deepEqual(
      movedGoalposts(then, now).map((c) => [c.kr.text, c.field, c.was, c.now]),
      [['Organic signups from referrals', 'target', '50/month', '60/month']],
    );
    // Units convert: 2 days and 48 hours are the same target.
    const hours = analyze(
      growth.replace('| Time to first value (median) | 7 days | < 2 days |', '| Time to first value (median) | 7 days | < 48 hours |'),
    ).document;
    assert.deepEqual(movedGoalposts(then, hours), []);
  });
});

describe('history: stale-kr (core)', () => {
  const today = new Date('2026-11-23T12:00:00Z');
  /** stale-kr on the plan committed on 2026-09-28 and a working copy with these replacements, as `line: message` plus related `line: message`. */
  const stale = (...changes: Array<[string, string]>): Array<{ line: number; message: string; related: string[] }> => {
    const plan = analyze(growth, { today });
    const now = analyze(
      changes.reduce((t, [a, b]) => t.replace(a, b), growth),
      { today },
    );
    const trails = krTrails([
      { commit: 'a1', date: '2026-09-28T10:00:00Z', document: plan.document, scores: new Map() },
      { commit: null, date: today.toISOString(), document: now.document, scores: new Map() },
    ]);
    return reportDocument(now, { config: resolveConfig(), today, history: { lock: null, trails } })
      .findings.filter((f) => f.ruleId === 'stale-kr')
      .map((f) => ({ line: f.range.start.line, message: f.message, related: f.related.map((r) => `${r.range.start.line}: ${r.message}`) }));
  };
  const MOVED: Array<[string, string]> = [
    ['| 25/month | 60/month | 58/month |', '| 25/month | 60/month | 59/month |'],
    ['| 12% | 25% | 14% |', '| 12% | 25% | 15% |'],
    ['| 12/month | 50/month | 36/month |', '| 12/month | 50/month | 37/month |'],
    ['| 8/month | 30/month | 21/month |', '| 8/month | 30/month | 22/month |'],
  ];
  it('reports a document where no KR was checked in once, on its title, with each KR in related information', () => {
    const found = stale();
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.line, 1);
    assert.match(found[0]!.message, /^No check-in for 53 days \(since 2026-10-01\): write fresh current values for all 8 KRs, or say why they cannot move/);
    assert.deepEqual(found[0]!.related, [
      '15: “Time to first value (median)”: 4 days since 2026-10-01',
      '16: “Self-serve trial-to-paid conversion”: 13% since 2026-10-01',
      '17: “Onboarding wizard completion”: 63% since 2026-10-01',
      '32: “Product-qualified leads handed to Sales”: 58/month since 2026-10-01',
      '33: “PQL-to-opportunity rate”: 14% since 2026-10-01',
      '46: “Organic referral signups”: 36/month since 2026-10-01',
      '47: “Workspaces inviting a teammate within 7 days”: no value since 2026-10-01',
      '48: “Signups from shared dashboards”: 21/month since 2026-10-01',
    ]);
  });
  it('reports an objective whose KRs were not checked in once, on its title', () => {
    const found = stale(...MOVED, ['| 22% | 35% |  |', '| 22% | 35% | 23% |']);
    assert.deepEqual(
      found.map((f) => [f.line, f.related.length]),
      [[10, 3]],
    );
    assert.match(found[0]!.message, /^No check-in for 53 days \(since 2026-10-01\): write fresh current values for these 3 KRs, or say why they cannot move/);
  });
  it('reports a single stale KR on its current value', () => {
    const found = stale(
      ...MOVED,
      ['| 22% | 35% |  |', '| 22% | 35% | 23% |'],
      ['| 7 days | < 2 days | 4 days |', '| 7 days | < 2 days | 3 days |'],
      ['| 46% | 70% | 63% |', '| 46% | 70% | 64% |'],
    );
    assert.deepEqual(
      found.map((f) => [f.line, f.related]),
      [[16, []]],
    );
    assert.match(found[0]!.message, /^No check-in for 53 days \(13% since 2026-10-01\): write a fresh current value, or say why it cannot move/);
  });
});

describe('history: stale-kr in okr-lens check', () => {
  it('prints one stale-kr for a document nobody checked in, with a line per KR it stands for', () => {
    const r = repo();
    write(r.dir, 'growth/q4-2026.okr.md', growth);
    r.commit('Q4 plan', '2026-09-28T10:00:00Z');
    const lines = check(r.dir, '.').stdout.split('\n');
    const at = lines.findIndex((l) => l.includes(' stale-kr '));
    assert.equal(
      lines[at],
      'growth/q4-2026.okr.md:1:1 info stale-kr No check-in for 53 days (since 2026-10-01): write fresh current values for all 8 KRs, or say why they cannot move.',
    );
    assert.equal(lines.filter((l) => l.includes(' stale-kr ')).length, 1);
    assert.deepEqual(lines.slice(at + 1, at + 3), [
      '    ↳ growth/q4-2026.okr.md:15:54 “Time to first value (median)”: 4 days since 2026-10-01',
      '    ↳ growth/q4-2026.okr.md:16:52 “Self-serve trial-to-paid conversion”: 13% since 2026-10-01',
    ]);
  });
});

describe('history: the check-in trail line (core)', () => {
  it('draws scores as a sparkline, folds repeated values and says how many commits', () => {
    assert.equal(sparkline([0, 0.5, 1, null, 1.4, -0.2]), '▁▅█·█▁');
    const point = (commit: string | null, current: string | null, score: number | null, confidence: number | null): TrailPoint => ({
      commit,
      date: '2026-10-01',
      current,
      score,
      confidence,
    });
    assert.equal(
      trailLine([point('a', '9%', 0, 0.6), point('b', '11%', 0.29, 0.6), point('c', '11%', 0.29, 0.5), point(null, '13%', 0.57, 0.4)]),
      '▁▃▃▅  9% → 11% → 13%  (3 commits and the working copy) · confidence 0.6 → 0.4',
    );
    assert.equal(trailLine([point('a', null, null, null)]), '·  —  (1 commit)');
    assert.equal(trailLine([]), null);
  });
});

describe('history: okr-lens rollup --since / --staged', () => {
  const company = fs.readFileSync(path.join(examplesDir, 'company', 'q4-2026.okr.md'), 'utf8');
  const rollup = (dir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [cli, 'rollup', ...args, '--date', '2026-11-23'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('shows how an uncommitted change moves KR, objective, team and company scores, then the same for what is staged', () => {
    const r = repo();
    write(r.dir, 'company/q4-2026.okr.md', company);
    write(r.dir, 'teams/growth/q4-2026.okr.md', growth);
    r.commit('plan', '2026-10-01T10:00:00Z');
    write(
      r.dir,
      'teams/growth/q4-2026.okr.md',
      growth
        .replace('| Self-serve trial-to-paid conversion | 9% | 16% | 13% |', '| Self-serve trial-to-paid conversion | 9% | 16% | 16% |')
        .replace(
          '| Organic referral signups | 12/month | 50/month | 36/month | Sarah | 0.5 |',
          '| Organic referral signups | 12/month | 50/month | 36/month | Sarah | 0.2 |',
        ),
    );
    const text = rollup(r.dir, '--since', 'HEAD');
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(text.stdout.trim().split('\n'), [
      'Rollup since HEAD (working tree): 6 changes',
      '  company    Q4 2026 OKRs — Northwind Analytics  rolled up 0.65 → 0.67 (+0.02)  company/q4-2026.okr.md:1',
      '  company    O Become the fastest way for a data team to onboard  rolled up 0.64 → 0.71 (+0.07)  company/q4-2026.okr.md:12',
      '  team       Q4 2026 OKRs — Growth  0.65 → 0.70 (+0.05)  teams/growth/q4-2026.okr.md:1',
      // (0.70 + 1.00 + 0.71) / 3: the conversion KR is met.
      '  team       O Growth › Make self-serve onboarding so fast that new teams see value…  0.66 → 0.80 (+0.14)  teams/growth/q4-2026.okr.md:10',
      '  team       KR Growth › Self-serve trial-to-paid conversion  0.57 → 1.00 (+0.43) · Amber → Stretch  teams/growth/q4-2026.okr.md:16',
      '  team       KR Growth › Organic referral signups  confidence 0.5 → 0.2 (dropped more than 0.2)  teams/growth/q4-2026.okr.md:46',
    ]);
    assert.equal(rollup(r.dir, '--staged').stdout.trim(), 'No score moves since HEAD (staged changes).');
    r.git('add', 'teams/growth/q4-2026.okr.md');
    const md = rollup(r.dir, '--staged', '--format', 'markdown');
    assert.match(md.stdout, /^## OKR rollup since `HEAD` \(staged changes\)\n\n\| Level \| Node \| Change \| Where \|/);
    assert.ok(
      md.stdout.includes(
        '| team | KR: Growth › Self-serve trial-to-paid conversion | 0.57 → 1.00 (+0.43) · Amber → Stretch | `teams/growth/q4-2026.okr.md:16` |',
      ),
      md.stdout,
    );
    // New and removed KRs.
    write(
      r.dir,
      'teams/growth/q4-2026.okr.md',
      growth.replace(
        '| Onboarding wizard completion | 46% | 70% | 63% | Sarah | 0.7 |\n',
        '| Teams that finish setup on their own | 20% | 60% | 30% | Sarah | 0.6 |\n',
      ),
    );
    const kr = rollup(r.dir, '--since', 'HEAD', '--format', 'json');
    const rows = (JSON.parse(kr.stdout) as { rows: Array<{ change: string; title: string }> }).rows.filter((x) => x.change !== 'changed');
    assert.deepEqual(
      rows.map((x) => [x.change, x.title]),
      [
        ['added', 'Teams that finish setup on their own'],
        ['removed', 'Onboarding wizard completion'],
      ],
    );
  });

  it('counts documents renamed or deleted since the ref: a renamed one keeps its scores, a deleted one is removed', () => {
    const r = repo();
    // A second team like Growth but further behind, so the company's rolled-up score moves without it.
    const platform = growth
      .replace(/Growth/g, 'Platform')
      .replace('| Self-serve trial-to-paid conversion | 9% | 16% | 13% |', '| Self-serve trial-to-paid conversion | 9% | 16% | 9% |');
    write(r.dir, 'company/q4-2026.okr.md', company);
    write(r.dir, 'teams/growth/q4-2026.okr.md', growth);
    write(r.dir, 'teams/platform/q4-2026.okr.md', platform);
    r.commit('plan', '2026-10-01T10:00:00Z');
    r.git('mv', 'teams/growth/q4-2026.okr.md', 'teams/growth/okrs-q4.okr.md');
    r.git('rm', '-q', 'teams/platform/q4-2026.okr.md');
    const out = rollup(r.dir, '--since', 'HEAD', '--format', 'json');
    assert.equal(out.code, 0, out.stderr);
    const rows = (JSON.parse(out.stdout) as { rows: Array<{ change: string; kind: string; path: string }> }).rows;
    // Nothing of the renamed document moved; every objective and KR of the deleted one is removed.
    assert.deepEqual(
      rows.filter((x) => x.path.startsWith('teams/growth')),
      [],
    );
    const removed = rows.filter((x) => x.change === 'removed');
    assert.ok(removed.length > 3 && removed.every((x) => x.path === 'teams/platform/q4-2026.okr.md' && x.kind !== 'document'), JSON.stringify(rows));
    assert.ok(
      rows.some((x) => x.kind === 'document' && x.path === 'company/q4-2026.okr.md'),
      'the company rollup moves without the Platform team',
    );
    // The same from the index.
    const staged = rollup(r.dir, '--staged', '--format', 'json');
    assert.deepEqual((JSON.parse(staged.stdout) as { rows: unknown[] }).rows, rows);
  });

  it('says what is wrong with a bad ref or a folder outside git, and exits 2', () => {
    const r = repo();
    write(r.dir, 'growth.okr.md', growth);
    r.commit('plan', '2026-10-01T10:00:00Z');
    const bad = rollup(r.dir, '--since', 'no-such-ref');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^okr-lens: --since no-such-ref: unknown revision 'no-such-ref'$/m);
    const plain = tempDir('nogit-');
    write(plain, 'growth.okr.md', growth);
    const outside = rollup(plain, '--since', 'HEAD');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is not in a git repository/);
  });
});

describe('history: progress series for the charts (core)', () => {
  const doc = (current: string, confidence: string): string =>
    `# Q4 2026 OKRs — Growth\n\n## Objective 1: Convert\n\n| KR | Baseline | Target | Current | Confidence |\n|---|---|---|---|---|\n| Trial-to-paid conversion | 10% | 20% | ${current} | ${confidence} |\n| Referrals | 0 | 100 | 50 | 0.7 |\n`;
  const today = new Date('2026-11-23');
  const config = resolveConfig();

  it("builds a KR's series from its trail: one point per day, values in the target's unit, pace, target and idle days", () => {
    const working = analyze(doc('16%', '0.6'), { config, today });
    const kr = working.document.objectives[0]!.keyResults[0]!;
    const trail: TrailPoint[] = [
      { commit: 'aaaaaaaa11', date: '2026-10-05T09:00:00Z', current: '11%', confidence: 0.8, score: 0.1 },
      { commit: 'bbbbbbbb22', date: '2026-10-26T09:00:00Z', current: '12%', confidence: 0.7, score: 0.2 },
      { commit: 'cccccccc33', date: '2026-10-26T17:00:00Z', current: '14%', confidence: 0.7, score: 0.4 },
      { commit: null, date: '2026-11-23T12:00:00Z', current: '16%', confidence: 0.6, score: 0.6 },
    ];
    const s = krSeries(kr, trail, working.scores.keyResult(kr), working.scores.clock);
    assert.deepEqual(
      s.points.map((p) => [p.date, p.commit, p.value, p.text, p.confidence]),
      [
        ['2026-10-05', 'aaaaaaa', 11, '11%', 0.8],
        ['2026-10-26', 'ccccccc', 14, '14%', 0.7],
        ['2026-11-23', null, 16, '16%', 0.6],
      ],
    );
    assert.deepEqual([s.start, s.end, s.due, s.target, s.targetText], ['2026-10-01', '2026-12-31', null, 20, '20%']);
    assert.equal(s.pace, '0.60 against 0.59 expected, +0.01');
    assert.equal(s.idle, 0);
    // A value unchanged since 26 October is 28 days idle on 23 November, as stale-kr counts it.
    const still = krSeries(kr, trail.slice(0, 3), working.scores.keyResult(kr), working.scores.clock);
    assert.equal(still.idle, 28);
  });

  it("an objective's series is the weighted mean of its KRs' latest scores and confidences on each day", () => {
    const working = analyze(doc('16%', '0.6'), { config, today });
    const [a, b] = documentSeries(working, null, today).filter((n) => n.kind === 'keyResult');
    assert.equal(a!.series.points.length, 1, 'without git history: the working copy alone');
    const o = objectiveSeries(
      [
        { series: { ...a!.series, points: [{ date: '2026-10-05', commit: null, score: 0.2, value: null, text: null, confidence: 0.8 }] }, weight: 1 },
        {
          series: {
            ...b!.series,
            points: [
              { date: '2026-10-12', commit: null, score: 0.6, value: null, text: null, confidence: 0.4 },
              { date: '2026-10-19', commit: null, score: 0.8, value: null, text: null, confidence: null },
            ],
          },
          weight: 3,
        },
      ],
      0.65,
      working.scores.clock,
    );
    assert.deepEqual(
      o.points.map((p) => [p.date, p.score, p.confidence]),
      [
        ['2026-10-05', 0.2, 0.8],
        ['2026-10-12', (0.2 + 3 * 0.6) / 4, (0.8 + 0.4) / 2],
        ['2026-10-19', (0.2 + 3 * 0.8) / 4, 0.8],
      ],
    );
    assert.equal(o.pace, '0.65 against 0.59 expected, +0.06');
  });

  it('idle days count from the quarter start for a value never changed, and stop at the quarter end', () => {
    const clock = clockOf({ start: '2026-10-01', end: '2026-12-31' }, new Date('2027-01-20'));
    const p = (date: string, text: string | null): ProgressPoint => ({ date, commit: null, score: null, value: null, text, confidence: null });
    assert.equal(idleDays([p('2026-09-20', '5'), p('2026-12-01', '5')], clock), 91);
    assert.equal(idleDays([p('2026-09-20', '5'), p('2026-12-01', '6')], clock), 30);
    assert.equal(idleDays([p('2026-12-01', null)], clock), null, 'no value: not stale, not started');
  });
});

describe('history: weekly updates in the progress series (core)', () => {
  const config = resolveConfig();
  const today = new Date('2026-11-23');
  const quarterly = `# Q4 2026 OKRs — Growth\n\n## Objective 1: Convert\n\n| KR | Baseline | Target | Current | Confidence |\n|---|---|---|---|---|\n| Trial-to-paid conversion | 10% | 20% | 16% | 0.6 |\n| Referrals | 0 | 100 | 50 | 0.7 |\n`;
  const update = (title: string, rows: string): string =>
    `# ${title}\n\nTeam: Growth ([Q4](../q4-2026.okr.md)).\n\n## KR changes\n\n| KR | Last | Now | Δ | Confidence | Note |\n|---|---|---|---|---|---|\n${rows}\n`;
  const reportOf = (key: string, text: string) => weeklyReportOf(key, analyze(text, { config, today, rules: [] }).document, ['../q4-2026.okr.md']);

  it('reads an update: its day from the title, else front matter, else the file name; each row with Now and confidence', () => {
    const titled = reportOf(
      '/w/growth/weekly/x.okr.md',
      update('Weekly OKR Update — 2026-11-09 — Growth', '| trial-to-paid  conversion | 11% | 12% | +1% | 0.7 | |'),
    );
    assert.deepEqual(titled && [titled.date, titled.team, titled.rows], [
      '2026-11-09',
      'Growth',
      [{ name: 'trial-to-paid conversion', now: '12%', confidence: 0.7 }],
    ]);
    const named = reportOf('/w/growth/weekly/2026-11-16.okr.md', update('Weekly OKR Update', '| Referrals | 40 | 45 | +5 | 0.7 | |'));
    assert.equal(named?.date, '2026-11-16', 'the Monday in the file name');
    assert.equal(reportOf('/w/growth/q4-2026.okr.md', quarterly), null, 'a quarterly document is no update');
  });

  it("keeps the team's updates (by team, weekly folder or link) and leaves other teams' out", () => {
    const row = '| Referrals | 40 | 45 | +5 | 0.7 | |';
    const ours = reportOf('/w/growth/weekly/2026-11-16.okr.md', update('Weekly OKR Update — 2026-11-16', row))!;
    const linked = { ...reportOf('/w/notes/a.md', update('Weekly OKR Update — 2026-11-02', row))!, team: null, links: ['../growth/q4-2026.okr.md'] };
    const other = { ...reportOf('/w/sales/weekly/2026-11-16.okr.md', update('Weekly OKR Update — 2026-11-09', row))!, team: 'Sales', links: [] };
    assert.deepEqual(
      teamReports([ours, other, linked], { key: '/w/growth/q4-2026.okr.md', team: 'Growth' }).map((r) => r.key),
      ['/w/notes/a.md', '/w/growth/weekly/2026-11-16.okr.md'],
    );
  });

  it('merges weekly points with the git trail by day: the document wins a shared day, later updates are left out', () => {
    const working = analyze(quarterly, { config, today });
    const kr = working.document.objectives[0]!.keyResults[0]!;
    const reports = [
      reportOf('/w/growth/weekly/2026-11-02.okr.md', update('Weekly OKR Update — 2026-11-02', '| Trial-to-paid conversion | 11% | 12% | | 0.8 | |'))!,
      reportOf('/w/growth/weekly/2026-11-09.okr.md', update('Weekly OKR Update — 2026-11-09', '| Trial-to-paid conversion | 12% | 13% | | 0.5 | |'))!,
      reportOf('/w/growth/weekly/2026-11-16.okr.md', update('Weekly OKR Update — 2026-11-16', '| Trial-to-paid conversion | 14% | 15% | | 0.6 | |'))!,
      reportOf('/w/growth/weekly/2026-11-30.okr.md', update('Weekly OKR Update — 2026-11-30', '| Trial-to-paid conversion | 16% | 18% | | 0.9 | |'))!,
    ];
    const trails = [
      {
        kr,
        points: [
          { commit: 'aaaaaaaa11', date: '2026-10-05T09:00:00Z', current: '11%', confidence: 0.8, score: 0.1 },
          { commit: 'bbbbbbbb22', date: '2026-11-09T17:00:00Z', current: '14%', confidence: 0.6, score: 0.4 },
          { commit: null, date: '2026-11-23T12:00:00Z', current: '14%', confidence: 0.6, score: 0.4 },
        ],
      },
    ];
    const series = documentSeries(working, trails, today, reports).find((n) => n.kind === 'keyResult')!.series;
    assert.deepEqual(
      series.points.map((p) => [p.date, p.commit, p.weekly ?? null, p.text, p.score, p.confidence]),
      [
        ['2026-10-05', 'aaaaaaa', null, '11%', 0.1, 0.8],
        ['2026-11-02', null, '/w/growth/weekly/2026-11-02.okr.md', '12%', 0.2, 0.8],
        ['2026-11-09', 'bbbbbbb', null, '14%', 0.4, 0.6],
        ['2026-11-16', null, '/w/growth/weekly/2026-11-16.okr.md', '15%', 0.5, 0.6],
        ['2026-11-23', null, null, '14%', 0.4, 0.6],
      ],
    );
    assert.equal(series.idle, 14, "unchanged since 9 November: idle counts the document's own versions, as stale-kr does");
    const objective = documentSeries(working, trails, today, reports).find((n) => n.kind === 'objective')!.series;
    assert.ok(
      objective.points.some((p) => p.date === '2026-11-02'),
      "the objective's series moves on the update's day",
    );
    // Without git (the web): the updates and the working copy alone.
    const web = documentSeries(working, null, today, reports).find((n) => n.kind === 'keyResult')!.series;
    assert.deepEqual(
      web.points.map((p) => [p.date, p.text]),
      [
        ['2026-11-02', '12%'],
        ['2026-11-09', '13%'],
        ['2026-11-16', '15%'],
        ['2026-11-23', '16%'],
      ],
    );
    assert.deepEqual(
      mergeTrail(
        [{ commit: null, date: '2026-11-09T12:00:00Z', current: '1', confidence: null, score: null }],
        [{ commit: null, date: '2026-11-09', current: '2', confidence: null, score: null, weekly: 'w' }],
      ).map((p) => p.current),
      ['1'],
    );
  });
});

describe('history: okr-lens rollup --format html charts each KR from git', () => {
  it("embeds each node's series from the commits and the working copy, with the pace on the day", () => {
    const r = repo();
    const row = (current: string): string =>
      growth.replace(/\| Self-serve trial-to-paid conversion \| 9% \| 16% \| 13% \|/, `| Self-serve trial-to-paid conversion | 9% | 16% | ${current} |`);
    write(r.dir, 'growth/q4-2026.okr.md', row('10%'));
    r.commit('plan', '2026-10-05T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', row('11%'));
    r.commit('week 4', '2026-10-26T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', row('12.5%'));
    const out = spawnSync(process.execPath, [cli, 'rollup', '.', '--format', 'html', '--date', '2026-11-23'], { cwd: r.dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const json = /<script type="application\/json" id="okr-lens-data">([\s\S]*?)<\/script>/.exec(out.stdout);
    const message = HostMessageSchema.parse(JSON.parse(json![1]!));
    assert.equal(message.history, 'from the git history of 1 document and the working copy');
    assert.equal(message.today, '2026-11-23');
    const nodes: TreeNode[] = [];
    const walk = (n: TreeNode): void => {
      nodes.push(n);
      n.children.forEach(walk);
    };
    message.roots.forEach(walk);
    const kr = nodes.find((n) => n.title.includes('trial-to-paid'))!;
    assert.deepEqual(
      kr.progress!.points.map((p) => [p.date, p.text, p.value, p.commit === null]),
      [
        ['2026-10-05', '10%', 10, false],
        ['2026-10-26', '11%', 11, false],
        ['2026-11-23', '12.5%', 12.5, true],
      ],
    );
    assert.deepEqual([kr.progress!.start, kr.progress!.end, kr.progress!.target], ['2026-10-01', '2026-12-31', 16]);
    assert.equal(kr.pace?.text, '0.50 against 0.59 expected, −0.09');
    assert.equal(kr.pace?.status, 'on-pace');
    const objective = nodes.find((n) => n.kind === 'objective' && n.children.includes(kr))!;
    assert.equal(objective.progress!.points.length, 3);
  });
  it("adds the team's weekly updates to the charts, between the commits", () => {
    const r = repo();
    write(
      r.dir,
      'growth/q4-2026.okr.md',
      growth.replace('| Self-serve trial-to-paid conversion | 9% | 16% | 13% |', '| Self-serve trial-to-paid conversion | 9% | 16% | 10% |'),
    );
    r.commit('plan', '2026-10-05T10:00:00Z');
    write(r.dir, 'growth/q4-2026.okr.md', growth);
    write(
      r.dir,
      'growth/weekly/2026-11-02.okr.md',
      '# Weekly OKR Update — 2026-11-02 — Growth\n\n## KR changes\n\n| KR | Last | Now | Δ | Confidence | Note |\n|---|---|---|---|---|---|\n| Self-serve trial-to-paid conversion | 10% | 11.5% | +1.5% | 0.6 | nudge |\n',
    );
    const out = spawnSync(process.execPath, [cli, 'rollup', 'growth/q4-2026.okr.md', '--format', 'html', '--date', '2026-11-23'], {
      cwd: r.dir,
      encoding: 'utf8',
    });
    assert.equal(out.status, 0, out.stderr);
    const json = /<script type="application\/json" id="okr-lens-data">([\s\S]*?)<\/script>/.exec(out.stdout);
    const message = HostMessageSchema.parse(JSON.parse(json![1]!));
    assert.equal(message.history, 'from the git history of 1 document, 1 weekly update and the working copy');
    const nodes: TreeNode[] = [];
    const walk = (n: TreeNode): void => {
      nodes.push(n);
      n.children.forEach(walk);
    };
    message.roots.forEach(walk);
    const kr = nodes.find((n) => n.title.includes('trial-to-paid'))!;
    assert.deepEqual(
      kr.progress!.points.map((p) => [p.date, p.text, p.commit === null, p.weekly ? path.basename(p.weekly) : null]),
      [
        ['2026-10-05', '10%', false, null],
        ['2026-11-02', '11.5%', true, '2026-11-02.okr.md'],
        ['2026-11-23', '13%', true, null],
      ],
    );
    assert.equal(kr.progress!.points[1]!.confidence, 0.6);
  });
});
