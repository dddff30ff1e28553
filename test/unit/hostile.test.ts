import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, checkLimits, IncrementalAnalyzer, LIMIT_RULE_ID, resolveConfig, summarize, summaryOf, type Analysis } from '../../src/core/index';
import { examplesDir, repoRoot, tempDir } from './helpers';

/**
 * Hostile and huge input (issue 7): every shape below is analysed without a
 * throw or a hang, with positions inside the text; the shapes the Markdown
 * parser cannot read in reasonable time are refused before parsing, with a
 * finding that says why. Times are in docs/RELIABILITY.md (npm run bench:hostile),
 * not asserted here.
 */
const today = new Date('2026-11-23');
const growth = fs.readFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');

function within(text: string, a: Analysis): void {
  for (const f of [...a.findings, ...a.suppressed.map((s) => s.finding)]) {
    assert.ok(
      f.range.start.offset >= 0 && f.range.end.offset <= text.length && f.range.start.offset <= f.range.end.offset,
      `${f.ruleId} at ${f.range.start.offset}–${f.range.end.offset} of ${text.length}`,
    );
    assert.ok(f.range.start.line >= 1 && f.range.start.line <= a.lines.lineCount);
  }
}

function limitOf(a: Analysis): string | null {
  return a.findings.find((f) => f.ruleId === LIMIT_RULE_ID)?.message ?? null;
}

const HOSTILE: Record<string, { text: () => string; capped: RegExp | null }> = {
  'a 5 MB document': { text: () => growth.repeat(Math.ceil(5e6 / growth.length)), capped: /it is 4\.\d MB, over the 512 KB limit/ },
  'a single 100,000-character line': { text: () => `${growth}\n${'word '.repeat(20_000)}\n`, capped: null },
  'a 100,000-character table cell': { text: () => growth.replace('| Time to first value (median) |', `| ${'x'.repeat(100_000)} |`), capped: null },
  'a 6,000-row KR table': {
    text: () =>
      `# Q1 2026 OKRs — T\n## Objective 1: Win\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n${Array.from({ length: 6000 }, (_, i) => `| Metric ${i} | ${i}% | ${i + 10}% | ${i + 5}% | Ann | 0.5 |`).join('\n')}\n`,
    capped: /more than 5,000 lines/,
  },
  'a 2,000-row KR table': {
    text: () =>
      `# Q1 2026 OKRs — T\n## Objective 1: Win\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n${Array.from({ length: 2000 }, (_, i) => `| Metric ${i} | ${i}% | ${i + 10}% | ${i + 5}% | Ann | 0.5 |`).join('\n')}\n`,
    capped: null,
  },
  'lists nested 500 deep': {
    text: () => `# Q1 2026 OKRs — T\n${Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- KR: lift x from 1 to 2`).join('\n')}`,
    capped: /line \d+ is nested more than 200 characters deep/,
  },
  'quotes nested 5,000 deep': { text: () => `# Q1 2026 OKRs — T\n${'>'.repeat(5000)} hi\n`, capped: /line 2 is nested more than 200 characters deep/ },
  'an emphasis bomb': { text: () => `# Q1 2026 OKRs — T\n${'*a'.repeat(50_000)}\n`, capped: /more than 5000 emphasis, code or link markers/ },
  'a link bomb': { text: () => `# Q1 2026 OKRs — T\n${'[a]('.repeat(30_000)}\n`, capped: /more than 5000 emphasis, code or link markers/ },
  'binary junk': {
    text: () => {
      const b = Buffer.alloc(200_000);
      for (let i = 0; i < b.length; i++) b[i] = ((i * 2654435761) >>> 13) & 255;
      return `# Q1 2026 OKRs — T\n${b.toString('latin1')}`;
    },
    capped: null,
  },
  'invalid UTF-8': {
    text: () => Buffer.from([0x23, 0x20, 0x4f, 0x4b, 0x52, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x2d, 0x20, 0xed, 0xa0, 0x80, 0x0a]).toString('utf8').repeat(500),
    capped: null,
  },
  'lone surrogates and NULs': {
    text: () => `# Q1 2026 OKRs — T\n## Objective 1: \uD800 win \u0000\n| KR | Target |\n|---|---|\n| \uDFFF | 5 \u0000 |\n`,
    capped: null,
  },
};

describe('hostile input: analysed without a throw, or refused before parsing with a finding', () => {
  for (const [name, { text, capped }] of Object.entries(HOSTILE)) {
    it(name, function () {
      this.timeout(20_000);
      const t = text();
      const a = analyze(t, { today });
      within(t, a);
      assert.equal(a.findings.filter((f) => f.ruleId === 'okr-lens-internal').length, 0, a.findings.map((f) => f.message).join('\n'));
      const limit = limitOf(a);
      if (capped) assert.match(limit ?? '(no limit finding)', capped);
      else assert.equal(limit, null);
      // The incremental analyzer and the workspace summary obey the same limits.
      assert.equal(limitOf(new IncrementalAnalyzer().analyze(t, { today })), limit);
      const summary = summarize('/ws/x.okr.md', t, resolveConfig(), today);
      // Past a limit it is the summary of the editor's capped analysis: an empty document of as many lines.
      if (capped) assert.deepEqual(summary, summaryOf('/ws/x.okr.md', a.document, a.scores, []));
    });
  }

  it('reads CRLF documents as LF ones: the same findings on the same lines, positions inside the text', () => {
    const crlf = growth
      .replace(/\n/g, '\r\n')
      .replace('| Self-serve trial-to-paid conversion | 9% | 16% |', '| Self-serve trial-to-paid conversion | 9% | 9% |');
    const lf = crlf.replace(/\r\n/g, '\n');
    const a = analyze(crlf, { today });
    const b = analyze(lf, { today });
    within(crlf, a);
    assert.deepEqual(
      a.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
      b.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
    );
    assert.ok(a.findings.some((f) => f.ruleId === 'kr-no-change'));
    assert.equal(a.scores.document.value, b.scores.document.value);
  });

  it('the limits pass what real documents hold: long rules, deep but sane nesting, busy tables', () => {
    assert.equal(checkLimits(`${'-'.repeat(300)}\n${'='.repeat(300)}\n${'1234567890'.repeat(40)}\n`), null);
    assert.equal(checkLimits(Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')), null);
    assert.equal(checkLimits(Array.from({ length: 4000 }, () => '| **bold** | `code` | [link](x) |').join('\n')), null);
    assert.equal(checkLimits(Array.from({ length: 2000 }, () => 'A line with *emphasis* and a [link](x).\n').join('\n')), null);
    assert.equal(checkLimits('x'.repeat(512 * 1024)), null);
    assert.match(checkLimits('x'.repeat(512 * 1024 + 1))!.message, /over the 512 KB limit/);
    assert.equal(
      analyze('x'.repeat(600 * 1024), { today, config: resolveConfig({ maxDocumentKB: 1024 }) }).findings.filter((f) => f.ruleId === LIMIT_RULE_ID).length,
      0,
    );
  });
});

describe('hostile input: the CLI reports the problem file and goes on with the others', () => {
  it('skips a binary file with a message, checks the rest, and exits 2', () => {
    const dir = tempDir('hostile-');
    fs.copyFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), path.join(dir, 'growth.okr.md'));
    fs.writeFileSync(path.join(dir, 'blob.okr.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    fs.writeFileSync(path.join(dir, 'huge.okr.md'), growth.repeat(Math.ceil(1e6 / growth.length)));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), 'check', '.', '--date', '2026-11-23'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^okr-lens: skipped blob\.okr\.md: it is a binary file \(it contains NUL bytes\), not Markdown$/m);
    assert.match(r.stdout, /^huge\.okr\.md:1:1 warning okr-lens-limit OKR Lens did not analyse this document: it is 978 KB, over the 512 KB limit/m);
    assert.match(r.stdout, /^growth\.okr\.md: score 0\.65 Green/m);
    assert.match(r.stdout, /2 documents checked/);
    // Nothing was written.
    assert.deepEqual(fs.readdirSync(dir).sort(), ['blob.okr.md', 'growth.okr.md', 'huge.okr.md']);
  });
  it('history of a binary file says it was skipped and exits 2', () => {
    const dir = tempDir('hostile-');
    fs.writeFileSync(path.join(dir, 'blob.okr.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), 'history', 'blob.okr.md', '--date', '2026-11-23'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^okr-lens: skipped blob\.okr\.md: it is a binary file \(it contains NUL bytes\), not Markdown$/m);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
});

describe('no data lost: okr-lens check --fix', () => {
  const cli = path.join(repoRoot, 'out', 'cli.js');
  const broken = growth
    .replace(/\| Owner \| Confidence \|/g, '| Confidence |')
    .replace(/\|-------\|------------\|/g, '|------------|')
    .replace(/\| (Sarah|Mike|Lena|Omar|Jamal) \| (0\.\d)( \| \d)? \|/g, '| $2$3 |');
  const run = (cwd: string, ...args: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [cli, 'check', ...args, '--date', '2026-11-23'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  for (const [name, eol, finalNewline] of [
    ['LF with a final newline', '\n', true],
    ['CRLF with a final newline', '\r\n', true],
    ['CRLF without a final newline', '\r\n', false],
  ] as const) {
    it(`writes only when asked, atomically, and keeps ${name}`, () => {
      const dir = tempDir('fix-');
      const file = path.join(dir, 'growth.okr.md');
      const original = (finalNewline ? broken : broken.trimEnd()).replace(/\n/g, eol);
      fs.writeFileSync(file, original, { mode: 0o640 });
      const plain = run(dir, '.');
      assert.match(String(plain.stdout), /kr-missing-owner/);
      assert.equal(fs.readFileSync(file, 'utf8'), original, 'check without --fix never writes');

      const fixed = run(dir, '.', '--fix');
      assert.match(String(fixed.stderr), /^okr-lens: fixed 1 problem in growth\.okr\.md$/m);
      const after = fs.readFileSync(file, 'utf8');
      // The empty Owner cells are left for a person to fill, and still reported until they are.
      assert.match(String(fixed.stdout), /kr-missing-owner/);
      // Only the table lines changed: an Owner column, empty, at its place.
      const before = original.split(eol);
      const now = after.split(eol);
      assert.equal(now.length, before.length);
      const changed = now.map((l, i) => [l, before[i]!] as const).filter(([a, b]) => a !== b);
      assert.equal(changed.length, 14); // the three tables: header, separator and rows
      // Each changed line is the old one with one cell inserted before Confidence (the fifth cell).
      for (const [a, b] of changed) {
        const cells = a.split('|');
        assert.match(cells[5]!, /^( Owner |  |---)$/);
        assert.equal([...cells.slice(0, 5), ...cells.slice(6)].join('|'), b);
      }
      assert.ok(now.includes('| Time to first value (median) | 7 days | < 2 days | 4 days |  | 0.6 |'), now.join('\n'));
      // Line endings and the final newline as they were; no stray CR or LF; no temporary file left.
      assert.equal((after.match(/\r\n/g) ?? []).length, eol === '\r\n' ? (after.match(/\n/g) ?? []).length : 0);
      assert.equal(after.endsWith(eol), finalNewline);
      assert.deepEqual(fs.readdirSync(dir), ['growth.okr.md']);
      assert.equal(fs.statSync(file).mode & 0o777, 0o640);
      // Nothing left to fix: a second run writes nothing.
      const again = run(dir, '.', '--fix');
      assert.doesNotMatch(String(again.stderr), /fixed/);
      assert.equal(fs.readFileSync(file, 'utf8'), after);
    });
  }
});
