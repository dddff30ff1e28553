/**
 * npm run bench: OKR Lens's full analysis (parse + model + rules + scores)
 * against a bare parse with the same unified/remark setup, and against
 * markdownlint with its default rules, on generated template documents of
 * about 70, 300 and 3,000 lines. analyze and the bare parse share a process and
 * alternate iteration by iteration, so their ratio is free of the machine's
 * drift and of per-process JIT luck. markdownlint runs in processes of its own
 * (it brings its own micromark and allocates heavily), paired with analyze-only
 * processes run right before or after it. Ratios are taken per process or pair,
 * then the median is reported with the range.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from 'markdownlint/sync';
import { analyze, IncrementalAnalyzer, parseWhole } from '../src/core/index';
import { random } from '../test/random';
import { templateDocument } from './template';

interface Subject {
  name: string;
  run(text: string): unknown;
}

const today = new Date('2026-02-15');

const subjects: Subject[] = [
  { name: 'okr-lens analyze', run: (text) => analyze(text, { today }) },
  { name: 'bare remark parse', run: (text) => parseWhole(text) },
  { name: 'markdownlint', run: (text) => lint({ strings: { doc: text } }) },
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time(run: () => unknown): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * In a child process: time the given subjects on one document and print each
 * one's median. With two subjects they alternate iteration by iteration (their
 * order swapping each time), so both see the same JIT state and the same
 * moment of machine speed.
 */
function child(names: string[], objectives: number, rounds: number, warmup: number): void {
  const chosen = names.map((n) => subjects.find((s) => s.name === n)!);
  const text = templateDocument(objectives);
  for (let i = 0; i < warmup; i++) for (const s of chosen) s.run(text);
  const times: number[][] = chosen.map(() => []);
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? chosen : [...chosen].reverse();
    for (const s of order) times[chosen.indexOf(s)]!.push(time(() => s.run(text)));
  }
  process.stdout.write(JSON.stringify(times.map(median)));
}

function spawnChild(names: string[], objectives: number, rounds: number, warmup: number): number[] {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', names.join(','), String(objectives), String(rounds), String(warmup)], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as number[];
}

const ANALYZE = 'okr-lens analyze';
const BARE = 'bare remark parse';
const MARKDOWNLINT = 'markdownlint';

function main(): void {
  const sizes: Array<[string, number, number, number, number]> = [
    // label, objectives, processes of each kind, rounds and warm-up rounds per process
    ['~70 lines', 6, 5, 300, 300],
    ['~300 lines', 28, 5, 40, 25],
    ['~3,000 lines', 285, 5, 5, 2],
  ];
  const rows: string[] = [];
  let pass = true;
  for (const [label, objectives, repeats, rounds, warmup] of sizes) {
    const pairs: number[][] = [];
    const alone: number[] = [];
    const mdl: number[] = [];
    for (let r = 0; r < repeats; r++) {
      // analyze against the bare parse: one process, alternating iterations.
      pairs.push(spawnChild([ANALYZE, BARE], objectives, rounds, warmup));
      // analyze against markdownlint: separate processes (markdownlint brings its
      // own micromark and would disturb the other's JIT and heap), run back to back.
      const order = r % 2 === 0 ? [ANALYZE, MARKDOWNLINT] : [MARKDOWNLINT, ANALYZE];
      for (const name of order) (name === ANALYZE ? alone : mdl).push(spawnChild([name], objectives, rounds, warmup)[0]!);
    }
    const vsBare = pairs.map(([a, b]) => a! / b!);
    const vsMdl = alone.map((a, i) => a / mdl[i]!);
    const lineCount = templateDocument(objectives).split('\n').length - 1;
    pass &&= median(vsBare) <= 1.3 && median(vsMdl) < 1;
    const ms = (v: number[]): string => median(v).toFixed(2);
    const ratio = (v: number[]): string => `${median(v).toFixed(2)}× (${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)})`;
    rows.push(`| ${label} (${lineCount}) | ${ms(alone)} | ${ms(pairs.map((p) => p[1]!))} | ${ms(mdl)} | ${ratio(vsBare)} | ${ratio(vsMdl)} |`);
  }
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Times: median over processes of each process's median, in ms.`);
  console.log('analyze / bare: both in one process, alternating iterations; median over processes (range).');
  console.log('analyze / markdownlint: separate processes run back to back; median over pairs (range).');
  console.log('');
  console.log('| document | okr-lens analyze | bare remark parse | markdownlint (defaults) | analyze / bare | analyze / markdownlint |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('');
  console.log(`targets (analyze ≤ 1.3× bare parse, faster than markdownlint on every size): ${pass ? 'met' : 'NOT met'}`);
}

/**
 * In a child process: the editor's path from an edit to the updated analysis.
 * Each round edits the document (a Current cell, as in a check-in, or one
 * character typed on a random line), then times IncrementalAnalyzer on the new
 * text and a full analyze() of the same text, alternating which goes first.
 * Prints the two medians.
 */
function editChild(objectives: number, kind: 'cell' | 'char', rounds: number, subject: 'incremental' | 'full'): void {
  const r = random(7);
  let text = templateDocument(objectives);
  const texts: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const lines = text.split('\n');
    if (kind === 'cell') {
      const rows = lines.flatMap((l, n) => (/^\| .+ \| .+ \| .+ \| .* \| .+ \| .+ \|$/.test(l) && !l.startsWith('| KR') ? [n] : []));
      const n = rows[Math.floor(r() * rows.length)]!;
      const cells = lines[n]!.split(' | ');
      cells[3] = `${Math.floor(r() * 90) + 10}%`;
      lines[n] = cells.join(' | ');
    } else {
      const n = Math.floor(r() * lines.length);
      const at = Math.floor(r() * (lines[n]!.length + 1));
      lines[n] = `${lines[n]!.slice(0, at)}x${lines[n]!.slice(at)}`;
    }
    text = lines.join('\n');
    texts.push(text);
  }
  // One subject per process: a full analysis allocates far more than an incremental one, and in a shared
  // process its garbage is collected during the other's timings (issue 2 found the same with markdownlint).
  const times: number[] = [];
  if (subject === 'incremental') {
    // Warm up on the first ten edits (the extension host is long-lived), then time the rest.
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(templateDocument(objectives), { today });
    texts.forEach((t, i) => {
      const ms = time(() => incremental.analyze(t, { today }));
      if (i >= 10) times.push(ms);
    });
  } else {
    for (let i = 0; i < 3; i++) analyze(texts[i]!, { today });
    for (const t of texts) times.push(time(() => analyze(t, { today })));
  }
  process.stdout.write(JSON.stringify(median(times)));
}

function edits(): void {
  console.log('');
  console.log(
    'Edit → updated analysis (issue 4): IncrementalAnalyzer against a full analyze() of the same sequence of edited texts, each in its own process, the two run back to back; median over 5 pairs (range).',
  );
  console.log('');
  console.log('| document | edit | incremental | full re-analysis | full / incremental |');
  console.log('|---|---|---:|---:|---:|');
  let pass = true;
  for (const [label, objectives, rounds] of [
    ['~300 lines', 28, 70],
    ['~3,000 lines', 285, 40],
  ] as const) {
    for (const kind of ['cell', 'char'] as const) {
      const one = (subject: string): number =>
        JSON.parse(
          execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--edits', String(objectives), kind, String(rounds), subject], { encoding: 'utf8' }),
        ) as number;
      const runs = [0, 1, 2, 3, 4].map(
        (i) => (i % 2 === 0 ? [one('incremental'), one('full')] : [one('full'), one('incremental')].reverse()) as [number, number],
      );
      const inc = median(runs.map((x) => x[0]));
      const full = median(runs.map((x) => x[1]));
      const ratios = runs.map((x) => x[1] / x[0]);
      if (objectives === 285) pass &&= median(ratios) >= 10;
      console.log(
        `| ${label} | ${kind === 'cell' ? 'a Current cell' : 'one character, random line'} | ${inc.toFixed(2)} ms | ${full.toFixed(2)} ms | ${median(ratios).toFixed(1)}× (${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}) |`,
      );
    }
  }
  console.log('');
  console.log(`target (incremental ≥ 10× faster than a full re-analysis on 3,000 lines): ${pass ? 'met' : 'NOT met'}`);
}

/**
 * The command line as a whole process, as a pre-commit hook or CI starts it:
 * `okr-lens check` on a 3,000-line document, from `node` starting to its exit,
 * against a process that only loads unified + remark-parse and parses the same
 * file once (bench/bare-parse.ts). Two cases: the document outside any git
 * repository, and the document in a repository with one Current cell edited
 * since its commit (what a pre-commit hook sees; the CLI also reads the
 * committed version for moving-goalposts and the check-in trail). The two
 * processes of a pair run back to back, in alternating order; median over 7
 * pairs (range).
 */
function cliProcess(): boolean {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cli = path.resolve(here, '..', 'cli.js');
  const bare = path.join(here, 'bare-parse.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-bench-'));
  try {
    const text = templateDocument(285);
    const lines = text.split('\n').length - 1;
    const plain = path.join(dir, 'plain');
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(plain);
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(plain, 'q1.okr.md'), text);
    fs.writeFileSync(path.join(repo, 'q1.okr.md'), text);
    const git = (...a: string[]): void =>
      void execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', ...a], { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'Q1 OKRs', '--date', '2026-01-05T10:00:00Z');
    // A check-in: the first Current cell of 12% becomes 13%.
    fs.writeFileSync(
      path.join(repo, 'q1.okr.md'),
      text.replace(/\| (\d+)% \| (\w+) \| (0\.\d) \|/, (_m, v: string, o: string, c: string) => `| ${Number(v) + 1}% | ${o} | ${c} |`),
    );
    const run = (args: string[], cwd: string): number => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // check exits 1 when it finds errors; 2 or a signal would mean the run failed.
      if (r.status === null || r.status > 1 || r.stderr.trim()) throw new Error(`${args.join(' ')} in ${cwd}: exit ${r.status}\n${r.stderr}`);
      return ms;
    };
    console.log('');
    console.log(
      'The CLI as a whole process: `okr-lens check` on a document against a process that loads unified + remark-parse and parses the same file once, run back to back in alternating order; median over 7 pairs (range).',
    );
    console.log('');
    console.log('| document | okr-lens check | bare parse process | check / bare parse |');
    console.log('|---|---:|---:|---:|');
    let pass = true;
    for (const [label, cwd] of [
      [`~3,000 lines (${lines}), no git repository`, plain],
      [`~3,000 lines (${lines}), in git, one cell edited since the commit`, repo],
    ] as const) {
      const pairs: Array<[number, number]> = [];
      for (let i = 0; i < 7; i++) {
        const check = (): number => run([cli, 'check', 'q1.okr.md'], cwd);
        const parse = (): number => run([bare, 'q1.okr.md'], cwd);
        if (i % 2 === 0) {
          const c = check();
          pairs.push([c, parse()]);
        } else {
          const b = parse();
          pairs.push([check(), b]);
        }
      }
      const ratios = pairs.map(([c, b]) => c / b);
      pass &&= median(ratios) <= 1.5;
      console.log(
        `| ${label} | ${median(pairs.map((p) => p[0])).toFixed(0)} ms | ${median(pairs.map((p) => p[1])).toFixed(0)} ms | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
      );
    }
    console.log('');
    console.log(`target (the okr-lens check process ≤ 1.5× a bare parse process on 3,000 lines, with and without git): ${pass ? 'met' : 'NOT met'}`);
    return pass;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(args[1]!.split(','), Number(args[2]), Number(args[3]), Number(args[4]));
else if (args[0] === '--edits') editChild(Number(args[1]), args[2] as 'cell' | 'char', Number(args[3]), args[4] as 'incremental' | 'full');
else if (args[0] === '--only-edits') edits();
else if (args[0] === '--only-analyze') main();
else if (args[0] === '--only-cli') cliProcess();
else {
  main();
  edits();
  cliProcess();
}
