import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { summarize, type DocSummary } from '../../src/core/workspace/summary';
import { SummaryCache } from '../../src/node/pool/summary-cache';
import { summarizeCached, summarizeMany, SummaryStream } from '../../src/node/pool/summary-pool';
import { corpusFiles, examplesDir, markdownFilesUnder, readCorpus, repoRoot, tempDir } from './helpers';

/**
 * The summary pool (the cold index on worker threads) gives exactly the
 * summaries of the calling thread, in the order asked, and falls back to the
 * calling thread when a worker cannot start or dies.
 */
const workerFile = path.join(repoRoot, 'out', 'summary-worker.js');
const hostFile = path.join(repoRoot, 'out', 'summary-host.js');
const today = new Date('2026-11-23');

/** 120 documents: the examples and the real corpus, several times over under different keys. */
function workspace(): Array<{ key: string; text: string }> {
  const texts = [...markdownFilesUnder(examplesDir).map((f) => fs.readFileSync(f, 'utf8')), ...corpusFiles().map(readCorpus)];
  return Array.from({ length: 120 }, (_, i) => ({ key: `/ws/team-${i}/q4.okr.md`, text: texts[i % texts.length]! }));
}

describe('summary pool: the cold index on worker threads', function () {
  this.timeout(60_000);
  const items = workspace();
  const expected: DocSummary[] = items.map((d) => summarize(d.key, d.text, DEFAULT_CONFIG, today));

  it('makes the same summaries as the calling thread, in order, on two worker threads in the host process', async () => {
    assert.ok(fs.existsSync(workerFile), `${path.relative(repoRoot, workerFile)} is missing: run npm run build (npm test does)`);
    assert.ok(fs.existsSync(hostFile), `${path.relative(repoRoot, hostFile)} is missing: run npm run build (npm test does)`);
    const seen: string[] = [];
    let threads = -1;
    let hosted = -1;
    const got = await summarizeMany(items, DEFAULT_CONFIG, today, {
      threads: 2,
      workerFile,
      onSummary: (s) => seen.push(s.key),
      onThreads: (n, h) => ((threads = n), (hosted = h)),
    });
    assert.deepEqual(got, expected);
    assert.deepEqual([threads, hosted], [2, 2]);
    assert.deepEqual(seen.sort(), items.map((d) => d.key).sort());
  });

  it('makes the same summaries on worker threads of the calling process (host: false)', async () => {
    let threads = -1;
    let hosted = -1;
    assert.deepEqual(
      await summarizeMany(items, DEFAULT_CONFIG, today, { threads: 2, workerFile, host: false, onThreads: (n, h) => ((threads = n), (hosted = h)) }),
      expected,
    );
    assert.deepEqual([threads, hosted], [2, 0]);
  });

  it('runs its workers in the calling process when the host process is missing or cannot start, and the calling thread redoes what a host held when it died', async () => {
    const dir = tempDir('host-');
    const outcome = async (host: string): Promise<[number, number]> => {
      let threads = -1;
      let hosted = -1;
      assert.deepEqual(
        await summarizeMany(items, DEFAULT_CONFIG, today, { threads: 2, workerFile, hostFile: host, onThreads: (n, h) => ((threads = n), (hosted = h)) }),
        expected,
      );
      return [threads, hosted];
    };
    assert.deepEqual(await outcome(path.join(dir, 'no-such-host.js')), [2, 0], 'no host file');
    const throwing = path.join(dir, 'throws.js');
    fs.writeFileSync(throwing, "throw new Error('cannot start');\n");
    assert.deepEqual(await outcome(throwing), [2, 0], 'a host that fails at once');
    // The real host, which exits on the sixth batch it is sent: both of its workers have answered by then.
    const midway = path.join(dir, 'midway.js');
    fs.writeFileSync(
      midway,
      `let n = 0;\nprocess.on('message', () => { if (++n === 6) setTimeout(() => process.exit(5), 50); });\nrequire(${JSON.stringify(hostFile)});\n`,
    );
    const [threads, hosted] = await outcome(midway);
    // The worker that had not answered when the host died (if one) started again in this process.
    assert.ok(threads === 2 && hosted >= 1, `a host that dies mid-way: ${threads} threads, ${hosted} in the host`);
  });

  it('the host process ends when the CLI is done, and when the process that started it is killed mid-way', async function () {
    if (process.platform !== 'linux') this.skip(); // finds the host by its command line in /proc
    this.timeout(120_000);
    // The CLI copied into a folder of its own: its host process is the one whose command line names that folder.
    const bin = tempDir('host-cli-');
    for (const f of ['cli.js', 'summary-worker.js', 'summary-host.js']) fs.copyFileSync(path.join(repoRoot, 'out', f), path.join(bin, f));
    const hosts = (): number[] =>
      fs
        .readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .flatMap((p) => {
          try {
            const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
            return cmd.includes(path.join(bin, 'summary-host.js')) ? [Number(p)] : [];
          } catch {
            return [];
          }
        });
    const dir = tempDir('host-ws-');
    const growth = fs.readFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');
    for (let i = 0; i < 400; i++) {
      fs.mkdirSync(path.join(dir, 'squads', String(i)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'squads', String(i), 'q4-2026.okr.md'), growth.replace(/Growth/g, `Squad ${i}`));
    }
    const env = { ...process.env, OKR_LENS_THREADS: '2' };
    // Done: the CLI exits by itself (nothing of the host keeps it alive), and so does the host.
    const done = spawnSync(process.execPath, [path.join(bin, 'cli.js'), 'rollup', '--date', '2026-11-23'], {
      cwd: dir,
      encoding: 'utf8',
      env,
      timeout: 60_000,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    assert.equal(done.status, 0, `${done.error ?? ''} ${done.stderr}`);
    const gone = async (): Promise<number[]> => {
      const deadline = Date.now() + 10_000;
      while (hosts().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return hosts();
    };
    assert.deepEqual(await gone(), [], 'the host outlived a finished CLI');
    // Killed while its host works: the host exits too.
    const cli = spawn(process.execPath, [path.join(bin, 'cli.js'), 'rollup', '--date', '2026-11-23'], { cwd: dir, env, stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (hosts().length === 0 && cli.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const seen = hosts();
    cli.kill('SIGKILL');
    assert.equal(seen.length, 1, 'the CLI started one host process');
    assert.deepEqual(await gone(), [], 'the host outlived the CLI that was killed');
  });

  it('loads only what a summary needs: the worker bundle holds no rules and no zod', () => {
    // Every worker loads it before its first batch; the rules' zod schemas made each start about 40 ms later.
    const bundle = fs.readFileSync(workerFile, 'utf8');
    assert.ok(!bundle.includes('ZodError'), 'zod is in the worker bundle');
    assert.ok(!bundle.includes('kr-sandbagging'), 'the rules are in the worker bundle');
  });

  it('uses the configuration it is given (a lower size limit refuses the larger documents)', async () => {
    const config = { ...DEFAULT_CONFIG, maxDocumentKB: 16 };
    const got = await summarizeMany(items, config, today, { threads: 2, workerFile });
    assert.deepEqual(
      got,
      items.map((d) => summarize(d.key, d.text, config, today)),
    );
    assert.ok(
      got.some((s, i) => s.objectives.length !== expected[i]!.objectives.length),
      'some document is past 16 KiB',
    );
  });

  it('falls back to the calling thread when the worker script is missing or a worker dies', async () => {
    assert.deepEqual(await summarizeMany(items, DEFAULT_CONFIG, today, { threads: 2, workerFile: path.join(repoRoot, 'out', 'no-such-worker.js') }), expected);
    const dying = path.join(tempDir('pool-'), 'dies.js');
    fs.writeFileSync(dying, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
    assert.deepEqual(await summarizeMany(items, DEFAULT_CONFIG, today, { threads: 2, workerFile: dying }), expected);
    const throwing = path.join(path.dirname(dying), 'throws.js');
    fs.writeFileSync(throwing, "throw new Error('cannot start');\n");
    let started = -1;
    assert.deepEqual(await summarizeMany(items, DEFAULT_CONFIG, today, { threads: 2, workerFile: throwing, onThreads: (n) => (started = n) }), expected);
    assert.equal(started, 0);
  });

  it('redoes on the calling thread the batches a worker held when it died mid-way', async () => {
    // The real worker, which exits on its fifth batch: it has answered some and holds others.
    const dir = tempDir('pool-');
    const midway = path.join(dir, 'midway.js');
    fs.writeFileSync(
      midway,
      `let n = 0;\nrequire('node:worker_threads').parentPort.on('message', () => { if (++n === 5) process.exit(4); });\nrequire(${JSON.stringify(workerFile)});\n`,
    );
    let started = -1;
    const seen: string[] = [];
    assert.deepEqual(
      await summarizeMany(items, DEFAULT_CONFIG, today, {
        threads: 2,
        workerFile: midway,
        onThreads: (n) => (started = n),
        onSummary: (s) => seen.push(s.key),
      }),
      expected,
    );
    assert.equal(started, 2, 'both workers answered before they died');
    assert.deepEqual(seen.sort(), items.map((d) => d.key).sort(), 'every document reported once');
  });

  it('stays on the calling thread for a few documents', async () => {
    // A worker file that would fail proves no worker was started.
    assert.deepEqual(
      await summarizeMany(items.slice(0, 10), DEFAULT_CONFIG, today, { workerFile: path.join(repoRoot, 'out', 'no-such-worker.js') }),
      expected.slice(0, 10),
    );
  });

  it('a stream parses while documents are still being read: workers start once 48 need parsing, and answer before the last is added', async () => {
    let threads = -1;
    let answered = 0;
    const stream = new SummaryStream(DEFAULT_CONFIG, today, null, { threads: 2, workerFile, onSummary: () => answered++, onThreads: (n) => (threads = n) });
    for (const item of items.slice(0, 48)) stream.add(item.key, item.text);
    // The reader is still busy (more documents to come): the workers must already have started and answered.
    const deadline = Date.now() + 30_000;
    while (answered === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(answered > 0, 'no summary arrived before the stream was closed');
    for (const item of items.slice(48)) stream.add(item.key, item.text);
    assert.deepEqual(await stream.done(), expected);
    assert.equal(threads, 2);
    assert.equal(answered, items.length, 'every document reported once');
  });

  it('a stream counts only the documents the cache does not have towards starting workers', async () => {
    const file = path.join(tempDir('stream-'), 'summaries.json');
    const warm = SummaryCache.load(file, DEFAULT_CONFIG);
    await summarizeCached(items.slice(48), DEFAULT_CONFIG, today, warm);
    assert.equal(warm.save(), null);
    const run = async (n: number): Promise<{ got: DocSummary[]; threads: number; hits: number }> => {
      const cache = SummaryCache.load(file, DEFAULT_CONFIG);
      let threads = -1;
      const stream = new SummaryStream(DEFAULT_CONFIG, today, cache, { threads: 2, workerFile, onThreads: (t) => (threads = t) });
      // The 72 cached ones first, then n of the first 48, which are not.
      for (const item of [...items.slice(48), ...items.slice(48 - n, 48)]) stream.add(item.key, item.text);
      return { got: await stream.done(), threads, hits: cache.hits };
    };
    const few = await run(47);
    assert.deepEqual(few.got, [...expected.slice(48), ...expected.slice(1, 48)]);
    assert.deepEqual([few.threads, few.hits], [0, 72], '47 to parse and 72 cached: all on the calling thread');
    const enough = await run(48);
    assert.deepEqual(enough.got, [...expected.slice(48), ...expected.slice(0, 48)]);
    assert.deepEqual([enough.threads, enough.hits], [2, 72], '48 to parse: the workers start');
  });

  it('okr-lens rollup of a workspace of 80 documents gives the same report on worker threads as on one thread', () => {
    const dir = tempDir('pool-ws-');
    fs.cpSync(examplesDir, dir, { recursive: true });
    const growth = fs.readFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');
    for (let i = 0; i < 80; i++) {
      const team = `Squad ${i}`;
      fs.mkdirSync(path.join(dir, 'squads', String(i)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'squads', String(i), 'q4-2026.okr.md'), growth.replace(/Growth/g, team).replace('| 13% |', `| ${10 + (i % 7)}% |`));
    }
    const rollup = (threads: string): string => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), 'rollup', '--format', 'json', '--date', '2026-11-23'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, OKR_LENS_THREADS: threads },
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const one = rollup('0');
    assert.equal((JSON.parse(one) as { nodes: unknown[] }).nodes.length > 80 * 4, true);
    assert.equal(rollup('2'), one);
  });

  it('a summary cache: unchanged documents come from it, changed ones are parsed again, and any doubt empties it', async () => {
    const file = path.join(tempDir('cache-'), 'sub', 'summaries.json');
    const first = SummaryCache.load(file, DEFAULT_CONFIG);
    assert.deepEqual(await summarizeCached(items, DEFAULT_CONFIG, today, first, { threads: 2, workerFile }), expected);
    assert.deepEqual([first.hits, first.misses], [0, items.length]);
    assert.equal(first.save(), null);

    const second = SummaryCache.load(file, DEFAULT_CONFIG);
    // One document edited, one gone: the edit is parsed again, the rest is read from the cache.
    const edited = items.slice(1).map((d, i) => (i === 0 ? { ...d, text: `${d.text}\n<!-- edited -->\n` } : d));
    const got = await summarizeCached(edited, DEFAULT_CONFIG, today, second, { threads: 2, workerFile });
    assert.deepEqual(
      got,
      edited.map((d) => summarize(d.key, d.text, DEFAULT_CONFIG, today)),
    );
    assert.deepEqual([second.hits, second.misses], [items.length - 2, 1]);
    assert.equal(second.save(), null);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    assert.equal(Object.keys(saved.entries).length, items.length - 1, 'the document gone was dropped');

    // Another configuration, or a damaged file: nothing is trusted.
    const other = SummaryCache.load(file, { ...DEFAULT_CONFIG, confidenceScale: '1-5' });
    await summarizeCached(edited.slice(0, 5), { ...DEFAULT_CONFIG, confidenceScale: '1-5' }, today, other);
    assert.deepEqual([other.hits, other.misses], [0, 5]);
    fs.writeFileSync(file, '{"format":1,"entr');
    const damaged = SummaryCache.load(file, DEFAULT_CONFIG);
    assert.deepEqual(
      await summarizeCached(edited.slice(0, 5), DEFAULT_CONFIG, today, damaged),
      expected.slice(1, 6).map((s, i) => (i === 0 ? got[0]! : s)),
    );
    assert.equal(damaged.hits, 0);
  });

  it('okr-lens check and rollup with --cache: the same reports, and the second run reads the documents from the cache', () => {
    const dir = tempDir('cache-ws-');
    fs.cpSync(examplesDir, dir, { recursive: true });
    const cli = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'cli.js'), ...args, '--date', '2026-11-23'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const plain = cli('rollup', '--format', 'json');
    const cacheFile = path.join(dir, '.okr-lens-cache.json');
    assert.equal(fs.existsSync(cacheFile), false, 'nothing is cached without --cache');
    assert.deepEqual(cli('rollup', '--format', 'json', '--cache'), plain);
    const entries = Object.keys((JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: object }).entries);
    assert.ok(entries.length >= 6, entries.join(', '));
    const written = fs.statSync(cacheFile).mtimeMs;
    assert.deepEqual(cli('rollup', '--format', 'json', '--cache'), plain);
    assert.equal(fs.statSync(cacheFile).mtimeMs, written, 'an unchanged cache is not written again');
    // check: the one document asked for is analysed in full, the rest of the workspace comes from the cache.
    const growth = path.join('teams', 'growth', 'q4-2026.okr.md');
    assert.deepEqual(cli('check', growth, '--no-history', '--cache'), cli('check', growth, '--no-history'));
    const elsewhere = path.join(tempDir('cache-elsewhere-'), 'summaries.json');
    assert.deepEqual(cli('rollup', '--cache-location', elsewhere), cli('rollup'));
    assert.ok(fs.existsSync(elsewhere));
  });
});
