import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/index';
import { repoRoot } from './helpers';

interface Snippet {
  prefix: string[];
  body: string[];
}

/** Expands a snippet body as VS Code does when every placeholder keeps its default. */
export function expand(body: string, today = new Date('2026-02-06T12:00:00Z')): string {
  const values = new Map<string, string>();
  const vars: Record<string, string> = {
    CURRENT_YEAR: String(today.getUTCFullYear()),
    CURRENT_MONTH: String(today.getUTCMonth() + 1).padStart(2, '0'),
    CURRENT_DATE: String(today.getUTCDate()).padStart(2, '0'),
  };
  let text = body;
  for (let i = 0; i < 10; i++) {
    const before = text;
    text = text.replace(/\$\{([A-Z_]+)\}/g, (_m, v: string) => vars[v] ?? '');
    text = text.replace(/\$\{(\d+):([^${}]*)\}/g, (_m, n: string, d: string) => (values.set(n, d), d));
    if (text === before) break;
  }
  text = text.replace(/\$\{(\d+)\/((?:[^/\\]|\\.)*)\/((?:[^/\\]|\\.)*)\/([a-z]*)\}/g, (_m, n: string, re: string, fmt: string, flags: string) =>
    (values.get(n) ?? '').replace(new RegExp(re, flags), fmt),
  );
  return text.replace(/\$\{\d+\}|\$\d+/g, '');
}

describe('snippets', () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', 'okr.code-snippets'), 'utf8')) as Record<string, Snippet>;
  const row = '| Lift 30-day activation | 41% | 55% | 48% | Maria | 0.6 |\n';
  const wrap = (fragment: string, rows: string): string =>
    `# Q1 2026 OKRs — Growth\n\n## Context\n\n- Annual goal this supports: AG-2026-01\n\n## Objective 1: Make onboarding effortless\n\nSupports: CO-1\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----------|--------|---------|-------|------------|\n${rows}${fragment}\n\n## What we're NOT doing this quarter\n\n- Enterprise custom contracts\n`;
  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" expands to OKRs with no findings`, () => {
      let text = expand(snippet.body.join('\n'));
      // Fragments go where a person would type them: a KR row under a one-row table, an objective after a full one.
      if (!text.startsWith('# '))
        text = name.includes('row') ? wrap(text, row) : wrap(`\n${text}`, `${row}| Cut time to first value | 7 days | 2 days | 4 days | Sam | 0.5 |\n`);
      const a = analyze(text, { today: new Date('2026-02-06') });
      assert.deepEqual(
        a.findings.map((f) => `${f.range.start.line} ${f.ruleId}: ${f.message}`),
        [],
      );
      assert.ok(a.document.kind === 'weekly' || a.document.objectives.length > 0, 'it reads as OKRs');
    });
  }
});
