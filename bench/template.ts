/**
 * The benchmarks' generated OKR document, in its own module so that profiling
 * scripts can import it without running a benchmark.
 */
import { random } from '../test/random';

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
      // Each objective measures its own cohort, so the KRs are not duplicates of each other (kr-duplicate).
      lines.push(
        `| ${name}, cohort ${i} | ${b} | ${t} | ${r() < 0.1 ? '' : c} | ${OWNERS[Math.floor(r() * OWNERS.length)]} | ${(0.3 + r() * 0.5).toFixed(1)} |`,
      );
    }
    lines.push('**Key initiatives:**');
    lines.push('- Rebuild onboarding wizard with progressive disclosure');
    lines.push('- One-click connectors for the three largest warehouses');
  }
  lines.push('## Dependencies', '- Need from Platform: SSO integration by 2026-02-15', "## What we're NOT doing this quarter", '- Enterprise custom contracts');
  return `${lines.join('\n')}\n`;
}
