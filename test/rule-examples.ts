/**
 * The Bad and Good examples of the rule pages (docs/rules/*.md), as the unit
 * tests check them (docs.test.ts) and the integration tests compare the
 * editor with the command line on them.
 */

/**
 * One example: a document, or (workspace rules) several files keyed by their
 * `file=` names, or (history rules) a document's `version=locked` and
 * `version=now` texts.
 */
export type Example = Array<{ file: string | null; text: string }>;

export function examples(page: string, section: 'Bad' | 'Good'): Example[] {
  const found: Example[] = [];
  let current: string | null = null;
  let fence: { lang: string; file: string | null } | null = null;
  let lines: string[] = [];
  for (const line of page.split('\n')) {
    if (fence !== null) {
      if (/^```\s*$/.test(line)) {
        if (fence.lang === 'markdown' && current === section) {
          const last = found[found.length - 1];
          // Blocks with `file=` names form one workspace until a name repeats or a block without a name comes.
          if (fence.file !== null && last && last[0]!.file !== null && !last.some((f) => f.file === fence!.file))
            last.push({ file: fence.file, text: lines.join('\n') });
          else found.push([{ file: fence.file, text: lines.join('\n') }]);
        }
        fence = null;
        lines = [];
      } else lines.push(line);
      continue;
    }
    const open = /^```(\w*)(?:\s+(?:file|version)=(\S+))?/.exec(line);
    if (open) fence = { lang: open[1]!, file: open[2] ?? null };
    else if (line.startsWith('## ')) current = line.slice(3).trim();
  }
  return found;
}

/** An example without an H1 is a fragment of a quarterly document: wrapped in a clean one (title, Context, NOT-doing). */
export function wrap(example: string): string {
  if (/^# /m.test(example)) return `${example}\n`;
  const context = /^## Context/m.test(example) ? '' : '## Context\n\n- Annual goal this supports: AG-2026-01\n- Biggest risk: the new wizard slips\n\n';
  const notDoing = /NOT doing/.test(example) ? '' : "\n\n## What we're NOT doing this quarter\n\n- Enterprise custom contracts\n";
  return `# Q1 2026 OKRs — Growth\n\n${context}${example}${notDoing}`;
}
