/**
 * npm run bench: OKR Lens's full analysis (parse + model + rules + scores)
 * against a bare parse with the same unified/remark setup, and against
 * markdownlint with its default rules, on generated template documents of
 * about 70, 300 and 3,000 lines. Each subject runs in a process of its own
 * (so no subject warms or pollutes another's JIT and heap); the three run
 * back to back as a trio, and ratios are taken within each trio before the
 * median, so that the machine's drifting speed cancels out.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lint } from 'markdownlint/sync';
import { analyze, parseWhole } from '../src/core/index';

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

/** A deterministic pseudo-random sequence, so every run measures the same documents. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const METRICS: Array<[string, (r: () => number) => [string, string, string]]> = [
  ['Time to first value (median)', (r) => [`${7 + Math.floor(r() * 5)} days`, `< ${2 + Math.floor(r() * 2)} days`, `${(3 + r() * 3).toFixed(1)} days`]],
  ['Self-serve conversion rate', (r) => [`${8 + Math.floor(r() * 4)}%`, `${18 + Math.floor(r() * 6)}%`, `${12 + Math.floor(r() * 8)}%`]],
  ['Organic referral signups', (r) => [`${12 + Math.floor(r() * 10)}/month`, `${50 + Math.floor(r() * 20)}/month`, `${30 + Math.floor(r() * 20)}/month`]],
  ['p95 API latency', (r) => [`${400 + Math.floor(r() * 200)} ms`, `${200 + Math.floor(r() * 50)} ms`, `${260 + Math.floor(r() * 100)} ms`]],
  ['New enterprise ARR', (r) => [`$${300 + Math.floor(r() * 100)}K`, `$${600 + Math.floor(r() * 200)}K`, `$${400 + Math.floor(r() * 200)}K`]],
];
const OWNERS = ['Sarah', 'Mike', 'Priya', 'Dmitri', 'Lena', 'Omar'];

/** A quarterly document in the SPEC §2 template with `objectives` objectives. */
export function templateDocument(objectives: number, seed = 1): string {
  const r = random(seed);
  const lines = [
    '# Q1 2026 OKRs — Growth',
    '## Context',
    '- Annual goal this supports: AG-2026-01',
    '- Key assumption: self-serve buyers convert without a sales call',
    '- Biggest risk: SSO complexity delays the new wizard',
  ];
  for (let i = 1; i <= objectives; i++) {
    lines.push(`## Objective ${i}: Make self-serve onboarding so good that word-of-mouth becomes channel ${i}`);
    lines.push(`Supports: [Become the fastest way to onboard](../company/q1-2026.okr.md#objective-${1 + (i % 3)}-become-the-fastest-way-to-onboard)`);
    lines.push('| KR | Baseline | Target | Current | Owner | Confidence |');
    lines.push('|----|----------|--------|---------|-------|------------|');
    for (let k = 0; k < 3; k++) {
      const [name, values] = METRICS[(i + k) % METRICS.length]!;
      const [b, t, c] = values(r);
      lines.push(`| ${name} | ${b} | ${t} | ${r() < 0.1 ? '' : c} | ${OWNERS[Math.floor(r() * OWNERS.length)]} | ${(0.3 + r() * 0.5).toFixed(1)} |`);
    }
    lines.push('**Key initiatives:**');
    lines.push('- Rebuild onboarding wizard with progressive disclosure');
    lines.push('- One-click connectors for the three largest warehouses');
  }
  lines.push('## Dependencies', '- Need from Platform: SSO integration by 2026-02-15', "## What we're NOT doing this quarter", '- Enterprise custom contracts');
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** In a child process: time one subject on one document and print the median. */
function child(subjectName: string, objectives: number, rounds: number, warmup: number): void {
  const subject = subjects.find((s) => s.name === subjectName)!;
  const text = templateDocument(objectives);
  for (let i = 0; i < warmup; i++) subject.run(text);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    subject.run(text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  process.stdout.write(JSON.stringify({ median: median(times) }));
}

function spawnChild(subject: string, objectives: number, rounds: number, warmup: number): number {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', subject, String(objectives), String(rounds), String(warmup)], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { median: number }).median;
}

function main(): void {
  const sizes: Array<[string, number, number, number, number]> = [
    // label, objectives, processes per subject, rounds and warm-up rounds per process
    // Warm-up brings each process to steady state (the extension host is long-lived).
    ['~70 lines', 6, 5, 300, 500],
    ['~300 lines', 28, 5, 40, 40],
    ['~3,000 lines', 285, 5, 6, 3],
  ];
  const rows: string[] = [];
  let pass = true;
  for (const [label, objectives, repeats, rounds, warmup] of sizes) {
    const medians: number[][] = subjects.map(() => []);
    // Each subject runs in its own process (its own JIT and heap). The three run
    // back to back in alternating order, and each analyze figure is divided by
    // the other subjects' figures from the same trio: the machine's speed drifts
    // over minutes, and pairing cancels that drift.
    for (let r = 0; r < repeats; r++) {
      const order = r % 2 === 0 ? subjects : [...subjects].reverse();
      for (const s of order) medians[subjects.indexOf(s)]!.push(spawnChild(s.name, objectives, rounds, warmup));
    }
    const [ours, bare, mdl] = medians;
    const vsBare = median(ours!.map((o, i) => o / bare![i]!));
    const vsMdl = median(ours!.map((o, i) => o / mdl![i]!));
    const lineCount = templateDocument(objectives).split('\n').length - 1;
    pass &&= vsBare <= 1.3 && vsMdl < 1;
    const ms = (v: number[]): string => median(v).toFixed(2);
    const spread = (v: number[]): string => `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
    rows.push(
      `| ${label} (${lineCount}) | ${ms(ours!)} | ${ms(bare!)} | ${ms(mdl!)} | ${vsBare.toFixed(2)}× (${spread(ours!.map((o, i) => o / bare![i]!))}) | ${vsMdl.toFixed(2)}× (${spread(ours!.map((o, i) => o / mdl![i]!))}) |`,
    );
  }
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Times: median over processes of each process's median, in ms.`);
  console.log('Ratios: median over trios of analyze ÷ the other subject in the same trio (range in brackets).');
  console.log('');
  console.log('| document | okr-lens analyze | bare remark parse | markdownlint (defaults) | analyze / bare | analyze / markdownlint |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('');
  console.log(`targets (analyze ≤ 1.3× bare parse, faster than markdownlint on every size): ${pass ? 'met' : 'NOT met'}`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(args[1]!, Number(args[2]), Number(args[3]), Number(args[4]));
else main();
