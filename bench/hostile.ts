/**
 * npm run bench:hostile: how long hostile and huge inputs take, with and
 * without OKR Lens's input limits (src/core/limits.ts). The figures go in
 * docs/RELIABILITY.md. Each input runs in a child process of its own, with a
 * time budget, so one that never ends cannot hold up the others.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, LIMIT_RULE_ID, parseWhole } from '../src/core/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const growth = fs.readFileSync(path.join(root, 'examples', 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');

const INPUTS: Record<string, () => string> = {
  'template, 500 KB': () => growth.repeat(Math.floor(500_000 / growth.length)),
  'template, 5 MB': () => growth.repeat(Math.ceil(5e6 / growth.length)),
  'one 100,000-character line': () => `${growth}\n${'word '.repeat(20_000)}\n`,
  'KR table, 2,000 rows': () => table(2000),
  'KR table, 4,990 rows (the worst within the limits)': () => table(4990),
  'KR table, 10,000 rows': () => table(10_000),
  'lists nested 100 deep': () => nested(100),
  'lists nested 400 deep': () => nested(400),
  'lists nested 5,000 deep': () => nested(5000),
  'quotes nested 5,000 deep': () => `# Q1 2026 OKRs — T\n${'>'.repeat(5000)} hi\n`,
  'emphasis, 2,000 markers': () => `# Q1 2026 OKRs — T\n${'*a'.repeat(2000)}\n`,
  'emphasis, 50,000 markers': () => `# Q1 2026 OKRs — T\n${'*a'.repeat(50_000)}\n`,
  'link openers, 30,000': () => `# Q1 2026 OKRs — T\n${'[a]('.repeat(30_000)}\n`,
  'binary junk, 1 MB': () => {
    const b = Buffer.alloc(1e6);
    for (let i = 0; i < b.length; i++) b[i] = ((i * 2654435761) >>> 13) & 255;
    return b.toString('latin1');
  },
  'invalid UTF-8, 16 KB': () => Buffer.from([0x23, 0x20, 0x4f, 0x4b, 0x52, 0xff, 0xfe, 0xc3, 0x28, 0x0a]).toString('utf8').repeat(1600),
  'CRLF template, 200 KB': () => growth.repeat(Math.floor(200_000 / growth.length)).replace(/\n/g, '\r\n'),
};

function table(rows: number): string {
  return `# Q1 2026 OKRs — T\n## Objective 1: Win\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n${Array.from({ length: rows }, (_, i) => `| Metric ${i} | ${i}% | ${i + 10}% | ${i + 5}% | Ann | 0.5 |`).join('\n')}\n`;
}

function nested(depth: number): string {
  return `# Q1 2026 OKRs — T\n## Objective 1: Win\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- KR: lift x from 1 to 2`).join('\n')}\n`;
}

const BUDGET_MS = 20_000;

function child(name: string, mode: 'analyze' | 'bare'): string {
  const text = INPUTS[name]!();
  const started = performance.now();
  if (mode === 'bare') {
    parseWhole(text);
    return `${Math.round(performance.now() - started)} ms`;
  }
  const a = analyze(text);
  const ms = Math.round(performance.now() - started);
  const limit = a.findings.find((f) => f.ruleId === LIMIT_RULE_ID);
  return `${ms} ms|${limit ? `refused: ${/over the [\d.]+ \w+ limit|more than [\d,]+ lines|nested more than \d+ characters|more than \d+ emphasis, code or link markers/.exec(limit.message)?.[0] ?? 'limit'}` : `${a.document.objectives.length} objectives, ${a.findings.length} findings`}`;
}

function run(name: string, mode: 'analyze' | 'bare'): string {
  try {
    return execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, mode], {
      encoding: 'utf8',
      timeout: BUDGET_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch (error) {
    return (error as { signal?: string }).signal === 'SIGTERM' ? `> ${BUDGET_MS / 1000} s (stopped)` : 'failed';
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  process.stdout.write(child(args[1]!, args[2] as 'analyze' | 'bare'));
} else {
  console.log(`| input | size | bare remark parse | okr-lens analyze | result |\n|---|---:|---:|---:|---|`);
  for (const name of Object.keys(INPUTS)) {
    const size = INPUTS[name]!().length;
    const [ms, result] = run(name, 'analyze').split('|');
    console.log(
      `| ${name} | ${size >= 1e6 ? `${(size / 1e6).toFixed(1)} MB` : `${Math.round(size / 1000)} KB`} | ${run(name, 'bare')} | ${ms} | ${result ?? ''} |`,
    );
  }
}
