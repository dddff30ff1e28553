/**
 * npm run bench:patches: what each parser patch (src/tools/parser-patches.mjs)
 * gains in what a user waits for. The benchmark bundles are built once per
 * variant (every patch, none, and every patch but one, for each patch) into
 * out/patch-variants/, then each round times every variant on:
 *
 * - opening a document: a full analysis of the ~70, ~300 and ~3,000-line
 *   template documents (bench.mjs --child, warm);
 * - a keystroke: the editor's incremental analysis after one character typed,
 *   and after a Current cell edited, on 3,000 lines (bench.mjs --edits);
 * - a pre-commit run: the `okr-lens check` process on the 3,000-line document,
 *   outside git and in a repository with one cell edited since the commit;
 * - the first index of a workspace of 1,000 team documents: the cold index on
 *   one thread and on two worker threads in the host process, and an update
 *   after a check-in (workspace.mjs --child, --child-workers).
 *
 * The variants of a measurement run one after the other, their order rotating
 * from round to round, so that they see the same drift of the machine. Each
 * round's time of a variant is divided by the same round's time with every
 * patch; the table gives the median of those ratios over the rounds, with the
 * range. Options: --rounds N (default 6), --variants all,none,… (default: all,
 * none and every patch left out in turn; "-id" is every patch but id, and
 * "id+id" those patches), --base <variant> (what the others are divided by;
 * default all), --quick (fewer iterations per process), --json <file> (every
 * time measured).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PARSER_PATCHES } from '../src/tools/parser-patches.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const rounds = Number(option('--rounds') ?? 6);
const quick = argv.includes('--quick');
const ALL = PARSER_PATCHES.map((p) => p.id);
const variantNames = (option('--variants') ?? ['all', 'none', ...ALL.map((id) => `-${id}`)].join(',')).split(',');

/** The patch ids of a variant name: all, none, -id (all but id), or a +-joined list of ids. */
function patchesOf(name) {
  if (name === 'all') return ALL;
  if (name === 'none') return [];
  if (name.startsWith('-')) return ALL.filter((id) => id !== name.slice(1));
  return name.split('+');
}

const build = (patches, args) => {
  const r = spawnSync(process.execPath, [path.join(repo, 'src/tools/build.mjs'), ...args], {
    cwd: repo,
    env: { ...process.env, OKR_LENS_PARSER_PATCHES: patches.length === 0 ? 'none' : patches.join(',') },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
};

const common = ['--bundle', '--main-fields=module,main', '--platform=node', '--target=node20', '--log-level=warning'];
const variantsRoot = path.join(repo, 'out', 'patch-variants');
fs.rmSync(variantsRoot, { recursive: true, force: true });
const variants = variantNames.map((name) => {
  const dir = path.join(variantsRoot, name.replace(/[^a-z0-9+-]/gi, '_'));
  const patches = patchesOf(name);
  // As build:ext, build:cli and build:bench lay them out: the benchmarks find ../cli.js and ../summary-worker.js.
  build(patches, [
    'src/node/pool/summary-worker.ts',
    'src/node/pool/summary-host.ts',
    ...common,
    '--format=cjs',
    '--minify',
    `--outdir=${dir}`,
    '--entry-names=[name]',
  ]);
  build(patches, ['src/cli/main.ts', ...common, '--format=cjs', '--minify', '--banner:js=#!/usr/bin/env node', `--outfile=${dir}/cli.js`]);
  build(patches, [
    'bench/bench.ts',
    'bench/workspace.ts',
    'bench/template.ts',
    ...common,
    '--format=esm',
    '--external:markdownlint',
    `--outdir=${dir}/bench`,
    '--out-extension:.js=.mjs',
  ]);
  return { name, patches, dir };
});

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const node = (args, cwd) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
const timed = (args, cwd) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === null || r.status > 1 || r.stderr.trim()) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return ms;
};

// ---- the inputs ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-patches-'));
const { generateWorkspace } = await import(pathToFileURL(path.join(variants[0].dir, 'bench', 'workspace.mjs')).href);
const manifest = generateWorkspace(`${tmp.split(path.sep).join('/')}/ws`, 1000);
const manifestPath = path.join(tmp, 'ws.json');
fs.writeFileSync(manifestPath, JSON.stringify(manifest));
const plain = path.join(tmp, 'plain');
const git = path.join(tmp, 'git');
{
  // The 3,000-line document of bench.mjs, outside git and in a repository with one Current cell edited since the commit.
  const { templateDocument } = await import(pathToFileURL(path.join(variants[0].dir, 'bench', 'template.mjs')).href);
  const text = templateDocument(285);
  for (const dir of [plain, git]) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'q1.okr.md'), text);
  }
  const g = (...a) => void execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', ...a], { cwd: git, stdio: 'ignore' });
  g('init', '-q');
  g('add', '.');
  g('commit', '-q', '-m', 'Q1 OKRs', '--date', '2026-01-05T10:00:00Z');
  fs.writeFileSync(
    path.join(git, 'q1.okr.md'),
    text.replace(/\| (\d+)% \| (\w+) \| (0\.\d) \|/, (_m, v, o, c) => `| ${Number(v) + 1}% | ${o} | ${c} |`),
  );
}

function measures() {
  const list = [];
  const bench = (v) => path.join(v.dir, 'bench', 'bench.mjs');
  const sizes = quick
    ? [
        ['open ~70 lines', 6, 100, 100],
        ['open ~300 lines', 28, 15, 10],
        ['open ~3,000 lines', 285, 3, 1],
      ]
    : [
        ['open ~70 lines', 6, 300, 300],
        ['open ~300 lines', 28, 40, 25],
        ['open ~3,000 lines', 285, 5, 2],
      ];
  for (const [label, objectives, n, warmup] of sizes) {
    list.push({ label, run: (v) => JSON.parse(node([bench(v), '--child', 'okr-lens analyze', String(objectives), String(n), String(warmup)], repo))[0] });
  }
  for (const kind of ['char', 'cell']) {
    list.push({
      label: `keystroke, 3,000 lines (${kind === 'char' ? 'a character' : 'a Current cell'})`,
      run: (v) => JSON.parse(node([bench(v), '--edits', '285', kind, quick ? '20' : '40', 'incremental'], repo)),
    });
  }
  list.push({ label: 'okr-lens check, 3,000 lines, outside git', run: (v) => timed([path.join(v.dir, 'cli.js'), 'check', 'q1.okr.md'], plain) });
  list.push({ label: 'okr-lens check, 3,000 lines, in git', run: (v) => timed([path.join(v.dir, 'cli.js'), 'check', 'q1.okr.md'], git) });
  const workspace = (v) => path.join(v.dir, 'bench', 'workspace.mjs');
  list.push({
    label: 'cold index, 1,000 documents, 1 thread',
    run: (v, extra) => {
      const r = JSON.parse(node(['--expose-gc', workspace(v), '--child', manifestPath, '30', '20'], repo));
      extra.update = median(r.updates.map((u) => u.total));
      return r.coldMs;
    },
    extra: 'update after one change, 1,000 documents',
  });
  list.push({
    label: 'cold index, 1,000 documents, 2 worker threads',
    run: (v) => JSON.parse(node(['--expose-gc', workspace(v), '--child-workers', manifestPath, '2', '-'], repo)).coldMs,
  });
  return list;
}

/**
 * The CPU time of this process's finished children (Linux: /proc/self/stat), in ms, or null elsewhere.
 * Every measurement runs in child processes: the difference over one is the CPU time it took, which
 * the other users of a shared machine disturb far less than its wall time.
 */
function childrenCpuMs() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

const list = measures();
/** Per measurement label, per variant name: the time of each round. */
const times = new Map();
const record = (label, name, ms) => {
  if (!times.has(label)) times.set(label, new Map());
  const row = times.get(label);
  if (!row.has(name)) row.set(name, []);
  row.get(name).push(ms);
};
/** The same, with the CPU time of the processes of each measurement. */
const cpuTimes = new Map();
const recordCpu = (label, name, ms) => {
  if (!cpuTimes.has(label)) cpuTimes.set(label, new Map());
  const row = cpuTimes.get(label);
  if (!row.has(name)) row.set(name, []);
  row.get(name).push(ms);
};
const started = Date.now();
const load = [os.loadavg()[0]];
try {
  for (let round = 0; round < rounds; round++) {
    for (const m of list) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      for (const v of round % 2 === 0 ? order : order.reverse()) {
        const extra = {};
        const cpu0 = childrenCpuMs();
        record(m.label, v.name, m.run(v, extra));
        if (cpu0 !== null) recordCpu(m.label, v.name, childrenCpuMs() - cpu0);
        if (m.extra) record(m.extra, v.name, extra.update);
      }
    }
    load.push(os.loadavg()[0]);
    process.stderr.write(`round ${round + 1} of ${rounds} done, ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const label = (v) => (v.name === 'all' ? 'every patch' : v.name === 'none' ? 'no patch' : v.name.startsWith('-') ? `all but ${v.name.slice(1)}` : v.name);
const base = variants.find((v) => v.name === (option('--base') ?? 'all')) ?? variants[0];
function table(title, rows) {
  console.log('');
  console.log(title);
  console.log('');
  console.log(`| | ${variants.map(label).join(' | ')} |`);
  console.log(`|---|${variants.map(() => '---:').join('|')}|`);
  for (const [what, row] of rows) {
    const cells = variants.map((v) => {
      const own = row.get(v.name);
      const ms = median(own);
      const text = ms >= 100 ? ms.toFixed(0) : ms.toFixed(2);
      if (v === base) return `${text} ms`;
      const ratios = own.map((t, i) => t / row.get(base.name)[i]);
      return `${text} ms, ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
    });
    console.log(`| ${what} | ${cells.join(' | ')} |`);
  }
}

console.log(
  `Node ${process.version}, ${os.availableParallelism()} cores, ${rounds} rounds in ${((Date.now() - started) / 60000).toFixed(1)} min, 1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}.`,
);
table(
  `Wall time. Each cell: the median over the rounds, then the median (and range) of each round's time divided by the same round's time of ${label(base)}; above 1.00 is slower.`,
  times,
);
if (cpuTimes.size > 0) table('CPU time of the processes of each measurement (all their threads, start-up and warm-up included), the same way:', cpuTimes);
const json = option('--json');
if (json) {
  const rows = (m) => Object.fromEntries([...m].map(([k, row]) => [k, Object.fromEntries(row)]));
  fs.writeFileSync(json, JSON.stringify({ variants: variants.map((v) => v.name), wall: rows(times), cpu: rows(cpuTimes) }));
}
