import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveConfig, rules, WorkspaceIndex, workspaceCheck, type LensConfig, type WorkspaceGraph } from '../../src/core/index';
import { buildGraph, sameShape, updateGraph, type GraphOptions } from '../../src/core/workspace/graph';
import { summarize, type DocSummary } from '../../src/core/workspace/summary';
import { examplesDir, markdownFilesUnder } from './helpers';
import { int, pick, random, type Random } from '../random';

/**
 * The workspace index patches its cached graph after a change that keeps a
 * document's shape (a check-in, typing in prose) instead of building it
 * again. Whatever the edit, the graph must be the one a build from scratch
 * gives, and a graph handed out before must not change.
 */

const today = new Date('2026-02-10');
const config: LensConfig = resolveConfig();
const options: GraphOptions = { ragBands: config.ragBands, check: workspaceCheck(config, rules) };

/** Everything of a graph but its lookup function, for deepEqual. */
function plain(g: WorkspaceGraph): object {
  return { nodes: g.nodes, edges: g.edges, roots: g.roots, teams: g.teams, reports: g.reports };
}

function assertSameGraph(actual: WorkspaceGraph, expected: WorkspaceGraph, what: string): void {
  assert.deepEqual(plain(actual), plain(expected), what);
  // Report lists in the same order, not only the same map.
  assert.deepEqual([...actual.reports.keys()].sort(), [...expected.reports.keys()].sort(), what);
  for (const n of expected.nodes) assert.deepEqual(actual.node(n.id), expected.node(n.id), `${what}: node(${n.id})`);
  assert.equal(actual.node('/nowhere.okr.md'), undefined);
}

// ---- a generated workspace with every kind of link, and every workspace finding ----------

const NAMES = [
  'Growth',
  'Platform',
  'Billing',
  'Search',
  'Identity',
  'Mobile',
  'Ledger',
  'Insights',
  'Storage',
  'Docs',
  'Sync',
  'Alerts',
  'Pricing',
  'Catalog',
];
const OBJECTIVES = [
  'Make onboarding fast',
  'Earn trust at scale',
  'Grow enterprise pipeline',
  'Cut the cost to serve',
  'Ship what large accounts ask for',
  'Make releases boring',
];
const METRICS = ['Trial conversion', 'p95 latency', 'Weekly active workspaces', 'Net retention', 'Sev-1 incidents', 'Referral signups'];
const OWNERS = ['Sarah', 'Mike', 'Priya', 'Omar', 'Ana'];

interface Target {
  file: string;
  heading: string;
  id: string | null;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function rel(from: string, to: string): string {
  return path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);
}

function table(r: Random, lines: string[], weighted: boolean): void {
  lines.push(weighted ? '| KR | Baseline | Target | Current | Owner | Confidence | Weight |' : '| KR | Baseline | Target | Current | Owner | Confidence |');
  lines.push(weighted ? '|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|');
  const first = int(r, METRICS.length);
  for (let k = 0; k < 1 + int(r, 3); k++) {
    const current = r() < 0.15 ? '' : String(int(r, 101));
    // Weighted tables number their KRs (`KR1: …`).
    lines.push(
      `| ${weighted ? `KR${k + 1}: ` : ''}${METRICS[(first + k) % METRICS.length]} | 0 | 100 | ${current} | ${pick(r, OWNERS)} | 0.${1 + int(r, 9)} |${weighted ? ` ${1 + int(r, 3)} |` : ''}`,
    );
  }
  lines.push('');
}

/** A workspace of about `teams` + 8 documents: company, divisions, teams, people, a cycle, a duplicate ID, broken links. */
function workspace(r: Random, teams: number): Map<string, string> {
  const files = new Map<string, string>();
  const company = '/ws/company/q1.okr.md';
  const companyTargets: Target[] = [];
  {
    const lines = ['# Q1 2026 OKRs — Northwind Company', '', '## Context', '', '- Annual goal this supports: AG-2026-01', '- Biggest risk: hiring', ''];
    for (let o = 1; o <= 3; o++) {
      const title = `Objective ${o}: ${OBJECTIVES[o - 1]}`;
      lines.push(`## ${title}`, `ID: CO-${o}`, '');
      table(r, lines, o === 2);
      companyTargets.push({ file: company, heading: title, id: `CO-${o}` });
    }
    // A KR written as a heading, which team objectives may support.
    lines.push('### KR3: Activation from 40% to 60%', '', 'Owner: Ana', '');
    lines.push('## Dependencies', '', '- Need from Finance: a budget by 2026-02-01', '- Need from Platform: SSO by 2026-02-15', '');
    files.set(company, lines.join('\n'));
  }
  const krHeading: Target = { file: company, heading: 'KR3: Activation from 40% to 60%', id: null };

  const divisions: Target[] = [];
  for (const [d, name] of ['Product', 'Revenue'].entries()) {
    const file = `/ws/divisions/${name.toLowerCase()}/q1.okr.md`;
    const lines = [`# Q1 2026 OKRs — ${name} Division`, '', '## Context', '', '- Biggest risk: scope', ''];
    for (let o = 1; o <= 2; o++) {
      const title = `Objective ${o}: ${pick(r, OBJECTIVES)} (${name})`;
      const parent = companyTargets[(d + o) % companyTargets.length]!;
      lines.push(`## ${title}`, `ID: ${name.slice(0, 3).toUpperCase()}-${o}`, `Supports: ${parent.id}`, '');
      table(r, lines, false);
      divisions.push({ file, heading: title, id: `${name.slice(0, 3).toUpperCase()}-${o}` });
    }
    files.set(file, lines.join('\n'));
  }

  const teamTargets: Target[] = [];
  for (let t = 0; t < teams; t++) {
    const name = `${NAMES[t % NAMES.length]}${t >= NAMES.length ? ` ${Math.floor(t / NAMES.length) + 1}` : ''}`;
    const file = `/ws/teams/${name.toLowerCase().replace(/ /g, '-')}/q1.okr.md`;
    const lines: string[] = [];
    if (r() < 0.15) lines.push('---', `owner: ${pick(r, OWNERS)}`, ...(r() < 0.5 ? ['level: team'] : []), '---', '');
    lines.push(`# Q1 2026 OKRs — ${name}`, '', '## Context', '', `- Key assumption: the ${name} roadmap holds`, '- Biggest risk: SSO slips');
    if (r() < 0.2) lines.push('- Annual goal this supports: CO-1');
    lines.push('');
    const objectives = 1 + int(r, 3);
    for (let o = 1; o <= objectives; o++) {
      const title = `Objective ${o}: ${pick(r, OBJECTIVES)}`;
      lines.push(`## ${title}`);
      const own = r() < 0.3 ? `T${t}-${o}` : null;
      if (own) lines.push(`ID: ${own}`);
      const roll = r();
      const parent = pick(r, [...companyTargets, ...divisions, ...teamTargets]);
      if (roll < 0.35) lines.push(`Supports: [${parent.heading}](${rel(file, parent.file)}#${slug(parent.heading)})`);
      else if (roll < 0.6 && parent.id) lines.push(`Supports: ${parent.id}`);
      else if (roll < 0.65) lines.push(`Supports: [Activation](${rel(file, krHeading.file)}#${slug(krHeading.heading)})`);
      else if (roll < 0.7)
        lines.push('Supports: CO-9'); // unknown ID, with a did-you-mean
      else if (roll < 0.74)
        lines.push(`Supports: [x](${rel(file, '/ws/company/q2.okr.md')}#objective-1)`); // missing file
      else if (roll < 0.78)
        lines.push(`Supports: [x](${rel(file, parent.file)}#${slug(parent.heading)}-typo)`); // missing heading
      else if (roll < 0.82) lines.push(`Supports: DUP-1`);
      // else: supports nothing (an orphan, or inherits the document's annual goal)
      lines.push('');
      table(r, lines, r() < 0.3);
      if (own) teamTargets.push({ file, heading: title, id: own });
    }
    if (r() < 0.6) {
      lines.push('## Dependencies', '');
      for (let k = 0; k < 1 + int(r, 2); k++)
        lines.push(`- Need from ${r() < 0.7 ? pick(r, NAMES) : pick(r, ['Legal', 'Finanse', 'Data Science'])}: events by 2026-02-${10 + int(r, 18)}`);
      lines.push('');
    }
    lines.push("## What we're NOT doing this quarter", '', '- A mobile app', '');
    files.set(file, lines.join('\n'));
  }

  // A cycle across three files, and an ID defined twice.
  const cycle = ['Alpha', 'Beta', 'Gamma'];
  cycle.forEach((name, i) => {
    const lines = [`# Q1 2026 OKRs — ${name}`, '', `## Objective 1: ${name} goal`, `ID: CY-${i + 1}`, `Supports: CY-${((i + 2) % 3) + 1}`, ''];
    table(r, lines, false);
    files.set(`/ws/cycle/${name.toLowerCase()}.okr.md`, lines.join('\n'));
  });
  for (const folder of ['old', 'new']) {
    const lines = [`# Q1 2026 OKRs — Duplicate ${folder}`, '', `## Objective 1: Duplicate goal ${folder}`, 'ID: DUP-1', 'Supports: CO-2', ''];
    table(r, lines, false);
    files.set(`/ws/${folder}/dup.okr.md`, lines.join('\n'));
  }
  // People supporting team IDs: chains of four levels are too deep.
  for (let p = 0; p < 3 && teamTargets.length > 0; p++) {
    const file = `/ws/people/person-${p}.okr.md`;
    const parent = pick(r, teamTargets);
    const lines = [`# Q1 2026 OKRs — Person ${p}`, '', `## Objective 1: Personal goal ${p}`, `Supports: ${parent.id}`, ''];
    table(r, lines, false);
    files.set(file, lines.join('\n'));
  }
  // A weekly update: in the index, not in the graph.
  files.set('/ws/weekly/growth-2026-02-06.md', weekly('on track'));
  return files;
}

function weekly(summary: string): string {
  return `# Weekly OKR Update — 2026-02-06\n\nTeam: Growth. Week 6 of 13.\n\nSummary: ${summary}.\n\n## Scorecard\n\n| Metric | Last Week | This Week | Status |\n|---|---|---|---|\n| Trial conversion | 12% | 13% | 🟢 |\n`;
}

// ---- edits ----------------------------------------------------------------------------------

type Edit = (text: string, r: Random) => string;

const rowLines = (lines: string[]): number[] => lines.flatMap((l, n) => (l.startsWith('| ') && !l.startsWith('| KR |') ? [n] : []));

function cell(index: number, value: (r: Random, old: string) => string): Edit {
  return (text, r) => {
    const lines = text.split('\n');
    const rows = rowLines(lines);
    if (rows.length === 0) return text;
    const n = pick(r, rows);
    const cells = lines[n]!.split(' | ');
    if (cells.length <= index) return text;
    cells[index] = value(r, cells[index]!);
    lines[n] = cells.join(' | ');
    return lines.join('\n');
  };
}

/** Inserts `what` at a random offset inside a line that starts with `prefix`. */
function typeInto(prefix: RegExp, what: (r: Random) => string): Edit {
  return (text, r) => {
    const lines = text.split('\n');
    const candidates = lines.flatMap((l, n) => (prefix.test(l) ? [n] : []));
    if (candidates.length === 0) return text;
    const n = pick(r, candidates);
    const line = lines[n]!;
    const at = 2 + int(r, Math.max(1, line.length - 1));
    lines[n] = line.slice(0, at) + what(r) + line.slice(at);
    return lines.join('\n');
  };
}

/** Replaces the KR text (first cell) of a random table row. */
function krText(value: (r: Random, old: string) => string): Edit {
  return cell(0, (r, old) => `| ${value(r, old.slice(2))}`);
}

const LETTERS = 'abcdefghij klmnop';
const word = (r: Random): string => Array.from({ length: 1 + int(r, 4) }, () => pick(r, [...LETTERS])).join('');

const EDITS: Array<[string, number, Edit]> = [
  ['check-in', 6, cell(3, (r) => (r() < 0.1 ? '' : String(int(r, 121))))],
  ['confidence', 2, cell(5, (r, old) => `0.${1 + int(r, 9)}${old.endsWith(' |') ? ' |' : ''}`)],
  ['owner', 1, cell(4, (r) => pick(r, OWNERS))],
  ['weight', 1, cell(6, (r) => `${1 + int(r, 4)} |`)],
  ['type in the context', 3, typeInto(/^- (Key assumption|Biggest risk)/, word)],
  ['type in a KR cell', 1, typeInto(/^\| /, word)],
  [
    'new line above everything',
    2,
    (text, r) => {
      const lines = text.split('\n');
      const h1 = lines.findIndex((l) => l.startsWith('# '));
      lines.splice(h1 + 1, 0, r() < 0.5 ? '' : `Some prose ${word(r)}.`);
      return lines.join('\n');
    },
  ],
  ['new context line', 2, (text, r) => text.replace('## Context\n', `## Context\n\n- Note: ${word(r)}\n`)],
  [
    'type anywhere',
    2,
    (text, r) => {
      const at = int(r, text.length + 1);
      return text.slice(0, at) + pick(r, [word(r), '\n', ' ', '|', '# ', '\n\n', 'x']) + text.slice(at);
    },
  ],
  [
    'delete a few characters',
    1,
    (text, r) => {
      const at = int(r, text.length);
      return text.slice(0, at) + text.slice(at + 1 + int(r, 3));
    },
  ],
  ['rename a heading', 1, typeInto(/^## Objective/, (r) => ` ${word(r)}`)],
  [
    'add a KR',
    1,
    (text, r) => {
      const lines = text.split('\n');
      const rows = rowLines(lines);
      if (rows.length === 0) return text;
      const n = pick(r, rows);
      const cells = lines[n]!.split(' | ');
      cells[0] = `| New metric ${word(r)}`;
      lines.splice(n + 1, 0, cells.join(' | '));
      return lines.join('\n');
    },
  ],
  [
    'remove a KR',
    1,
    (text, r) => {
      const lines = text.split('\n');
      const rows = rowLines(lines);
      if (rows.length < 2) return text;
      lines.splice(pick(r, rows), 1);
      return lines.join('\n');
    },
  ],
  ['change a link', 1, typeInto(/^Supports: /, () => '1')],
  ['change a dependency', 1, typeInto(/^- Need from /, (r) => word(r))],
  // KR texts: node ids are the objective's plus a slug of the text, so these rename KR nodes.
  ['rename a KR', 2, cell(0, (r) => `| ${pick(r, METRICS)}${r() < 0.5 ? ` ${word(r)}` : ''}`)],
  [
    'type in a KR text',
    2,
    krText((r, old) => {
      const at = int(r, old.length + 1);
      return old.slice(0, at) + word(r) + old.slice(at);
    }),
  ],
  // Often the text of another KR of the same objective: the repeat becomes `…-2`, or stops being one.
  [
    'repeat a KR text',
    1,
    (text, r) => {
      const lines = text.split('\n');
      const rows = rowLines(lines).filter((n) => rowLines(lines).includes(n - 1));
      if (rows.length === 0) return text;
      const n = pick(r, rows);
      const cells = lines[n]!.split(' | ');
      cells[0] = lines[n - 1]!.split(' | ')[0]!;
      lines[n] = cells.join(' | ');
      return lines.join('\n');
    },
  ],
  // `KR2:` alone is a KR with an empty text (mostly numbered KRs are picked); an empty cell is no KR.
  [
    'empty a KR text',
    2,
    (text, r) => {
      const lines = text.split('\n');
      const numbered = rowLines(lines).filter((n) => lines[n]!.startsWith('| KR'));
      if (numbered.length === 0 || r() < 0.2) return krText((_r, old) => /^KR\d+:/.exec(old)?.[0] ?? '')(text, r);
      const n = pick(r, numbered);
      lines[n] = lines[n]!.replace(/^\| (KR\d+:)[^|]*\|/, '| $1 |');
      return lines.join('\n');
    },
  ],
  ['rename a KR written as a heading', 1, typeInto(/^### KR/, (r) => ` ${word(r)}`)],
];
const TOTAL = EDITS.reduce((a, [, w]) => a + w, 0);

function pickEdit(r: Random): [string, Edit] {
  let x = r() * TOTAL;
  for (const [name, w, edit] of EDITS) {
    if ((x -= w) < 0) return [name, edit];
  }
  return [EDITS[0]![0], EDITS[0]![2]];
}

/**
 * Random single-document edits of a workspace, each followed by
 * `updateGraph` (when it can patch) and `buildGraph` from scratch. Returns how
 * many edits were patched.
 */
function replay(files: Map<string, string>, seed: number, steps: number): { patched: number; rebuilt: number; kinds: Map<string, number> } {
  const r = random(seed);
  const texts = new Map(files);
  const summaries = new Map<string, DocSummary>();
  for (const [key, text] of texts) summaries.set(key, summarize(key, text, config, today));
  let current = buildGraph(summaries.values(), options);
  const deleted = new Map<string, string>();
  let patched = 0;
  let rebuilt = 0;
  const kinds = new Map<string, number>();
  for (let step = 0; step < steps; step++) {
    const keys = [...texts.keys()];
    // Now and then a document goes, or one that went comes back.
    if (r() < 0.03 && keys.length > 3) {
      const key = pick(r, keys);
      deleted.set(key, texts.get(key)!);
      texts.delete(key);
      summaries.delete(key);
      current = buildGraph(summaries.values(), options);
      continue;
    }
    if (r() < 0.03 && deleted.size > 0) {
      const [key, text] = pick(r, [...deleted]);
      deleted.delete(key);
      texts.set(key, text);
      summaries.set(key, summarize(key, text, config, today));
      current = buildGraph(summaries.values(), options);
      continue;
    }
    const key = pick(r, keys);
    const [name, edit] = pickEdit(r);
    const old = texts.get(key)!;
    const text = edit(old, r);
    texts.set(key, text);
    const before = summaries.get(key)!;
    const after = summarize(key, text, config, today);
    summaries.set(key, after);
    const snapshot = structuredClone(plain(current));
    const prev = current;
    const next = updateGraph(prev, before, after);
    const fresh = buildGraph(summaries.values(), options);
    const what = `step ${step} (seed ${seed}): ${name} in ${key}`;
    if (next) {
      patched++;
      if (text !== old) kinds.set(name, (kinds.get(name) ?? 0) + 1);
      assertSameGraph(next, fresh, what);
      // The version handed out before is untouched, and cannot be patched a second time.
      assert.deepEqual(plain(prev), snapshot, `${what}: the previous graph changed`);
      if (next !== prev) assert.equal(updateGraph(prev, before, after), null, what);
      current = next;
    } else {
      rebuilt++;
      // Only a change of shape may refuse to patch.
      if (before.kind === 'okr' && after.kind === 'okr') assert.ok(!sameShape(before, after), `${what}: same shape, yet not patched`);
      current = fresh;
    }
  }
  return { patched, rebuilt, kinds };
}

describe('workspace: patching the graph after one document changes', () => {
  for (const seed of [1, 2, 3]) {
    it(`a generated workspace (seed ${seed}): 250 random edits, each graph equal to a build from scratch`, () => {
      const r = random(seed * 7919);
      const files = workspace(r, 18 + seed * 4);
      const { patched, rebuilt, kinds } = replay(files, seed, 250);
      // The check-ins and typing in prose are patched; renames, new KRs and new links are built again.
      assert.ok(patched > 100, `only ${patched} of ${patched + rebuilt} edits were patched`);
      assert.ok(rebuilt > 20, `only ${rebuilt} edits were built again`);
      for (const kind of [
        'check-in',
        'confidence',
        'owner',
        'type in the context',
        'new line above everything',
        'new context line',
        'rename a KR',
        'type in a KR text',
        'repeat a KR text',
        'empty a KR text',
      ])
        assert.ok(kinds.has(kind), `no ${kind} edit was patched`);
      assert.ok(!kinds.has('rename a KR written as a heading'), 'a KR written as a heading was renamed by a patch');
    });
  }

  it('the workspace findings of the generated workspace point into other documents, and move with them', () => {
    const files = workspace(random(7919), 22);
    const summaries = [...files].map(([k, t]) => summarize(k, t, config, today));
    const g = buildGraph(summaries, options);
    const rules = new Set([...g.reports.values()].flatMap((l) => l.map((x) => x.ruleId)));
    assert.deepEqual([...rules].sort(), ['alignment-broken-link', 'alignment-cycle', 'alignment-orphan', 'alignment-too-deep', 'dependency-unknown-team']);
    assert.ok([...g.reports].some(([key, list]) => list.some((x) => x.related.some((p) => p.path !== key))));
  });

  it('keeps findings in position order when an edit moves one past another', () => {
    const company = summarize(
      '/ws/company.okr.md',
      '# Q1 2026 OKRs — Company\n\n## Objective 1: Grow\nID: CO-1\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Revenue | 1 | 2 | 1.5 | Ana | 0.5 |\n',
      config,
      today,
    );
    const text =
      '# Q1 2026 OKRs — Growth\n\n## Objective 1: Make onboarding fast\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Signups | 1 | 2 | 1.5 | Ana | 0.5 |\n\n## Dependencies\n\n- Need from Legal: a review by 2026-02-01\n';
    const before = summarize('/ws/growth.okr.md', text, config, today);
    const g = buildGraph([company, before], options);
    assert.deepEqual(
      g.reports.get('/ws/growth.okr.md')!.map((r) => r.ruleId),
      ['alignment-orphan', 'dependency-unknown-team'],
    );
    // The same document with the dependency above the objective (as if its section had moved there).
    const after = structuredClone(before);
    after.dependencies[0]!.range = structuredClone(after.titleRange!);
    const patched = updateGraph(g, before, after);
    assert.ok(patched);
    assert.deepEqual(
      patched.reports.get('/ws/growth.okr.md')!.map((r) => r.ruleId),
      ['dependency-unknown-team', 'alignment-orphan'],
    );
    assertSameGraph(patched, buildGraph([company, after], options), 'moved dependency');
  });

  it('a renamed document gets node ids under its new path, its KRs too', () => {
    const idx = new WorkspaceIndex(config, () => today);
    idx.setText(
      '/ws/a.okr.md',
      '# Q1 2026 OKRs — A\n\n## Objective 1: Alpha\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Revenue | 1 | 2 | 1.5 | Ana | 0.5 |\n',
    );
    assert.deepEqual(
      idx.graph().nodes.map((n) => n.id),
      ['/ws/a.okr.md', '/ws/a.okr.md#objective-1-alpha', '/ws/a.okr.md#objective-1-alpha/revenue'],
    );
    // The renamed summary shares its objectives with the old one: ids cached by objective must not leak the old path.
    idx.rename('/ws/a.okr.md', '/ws/b.okr.md');
    assert.deepEqual(
      idx.graph().nodes.map((n) => n.id),
      ['/ws/b.okr.md', '/ws/b.okr.md#objective-1-alpha', '/ws/b.okr.md#objective-1-alpha/revenue'],
    );
  });

  it('renaming KRs patches their node ids, the edges and the lookups; a KR written as a heading builds again', () => {
    const table = (...krs: string[]): string =>
      `| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n${krs.map((k) => `| ${k} | 1 | 2 | 1.5 | Ana | 0.5 |\n`).join('')}`;
    const company = summarize(
      '/ws/company.okr.md',
      `# Q1 2026 OKRs — Company\n\n## Objective 1: Grow\nID: CO-1\n\n${table('Revenue')}\n### KR2: Activation from 40% to 60%\n\nOwner: Ana\n`,
      config,
      today,
    );
    const growth = (...krs: string[]): DocSummary =>
      summarize(
        '/ws/growth.okr.md',
        `# Q1 2026 OKRs — Growth\n\n## Objective 1: Make onboarding fast\nSupports: [Activation](company.okr.md#kr2-activation-from-40-to-60)\n\n${table(...krs)}`,
        config,
        today,
      );
    const o = '/ws/growth.okr.md#objective-1-make-onboarding-fast';
    const krIds = (g: WorkspaceGraph): string[] => g.nodes.filter((n) => n.path === '/ws/growth.okr.md' && n.kind === 'keyResult').map((n) => n.id);
    let before = growth('Signups', 'Signups', 'KR3: Activation');
    let g = buildGraph([company, before], options);
    assert.deepEqual(krIds(g), [`${o}/signups`, `${o}/signups-2`, `${o}/activation`]);
    assert.deepEqual(g.nodes.find((n) => n.kind === 'keyResult' && n.title.includes('Activation from'))!.children, [o]);
    // Renaming the first of two repeats renames both; a KR whose text becomes empty (`KR3:` alone) is `kr-<n>`.
    for (const [krs, ids] of [
      [
        ['Trial signups', 'Signups', 'KR3: Activation'],
        ['trial-signups', 'signups', 'activation'],
      ],
      [
        ['Trial signups', 'Signups', 'KR3:'],
        ['trial-signups', 'signups', 'kr-3'],
      ],
      // A new KR ID changes the title only.
      [
        ['Signups', 'Signups', 'KR4: Activation'],
        ['signups', 'signups-2', 'activation'],
      ],
    ] as const) {
      const after = growth(...krs);
      assert.ok(sameShape(before, after));
      const next = updateGraph(g, before, after);
      assert.ok(next, krs.join(', '));
      assert.deepEqual(
        krIds(next),
        ids.map((id) => `${o}/${id}`),
      );
      assertSameGraph(next, buildGraph([company, after], options), krs.join(', '));
      // The graph handed out before still finds its KRs by their old ids, the new one by the new ones only.
      for (const id of krIds(g)) {
        assert.equal(g.node(id)!.id, id);
        if (!ids.some((x) => id === `${o}/${x}`)) assert.equal(next.node(id), undefined);
      }
      [before, g] = [after, next];
    }
    // A new id that another KR of the objective has already: built again.
    assert.equal(updateGraph(g, before, growth('Signups', 'Signups', 'Signups 2')), null);
    // A KR written as a heading may be linked to (this one is): its text is its heading's, so a new text is a new shape;
    // and a patch never renames one, even when only its summary changed.
    const renamedHeading = structuredClone(company);
    renamedHeading.objectives[0]!.keyResults[1]!.text = 'Activation from 40% to 70%';
    assert.ok(sameShape(company, renamedHeading));
    assert.equal(updateGraph(g, company, renamedHeading), null);
  });

  it('examples/: every edit of every document', () => {
    const files = new Map(markdownFilesUnder(examplesDir).map((f) => [f.split(path.sep).join('/'), fs.readFileSync(f, 'utf8')]));
    const { patched } = replay(files, 11, 150);
    assert.ok(patched > 50, `only ${patched} edits were patched`);
  });

  it('WorkspaceIndex hands out a new graph object per version and leaves the old one as it was', () => {
    const files = workspace(random(5), 12);
    const idx = new WorkspaceIndex(config, () => today);
    for (const [key, text] of files) idx.setText(key, text);
    const r = random(99);
    const texts = new Map(files);
    for (let step = 0; step < 60; step++) {
      const key = pick(r, [...texts.keys()]);
      const [name, edit] = pickEdit(r);
      const text = edit(texts.get(key)!, r);
      texts.set(key, text);
      const g0 = idx.graph();
      const snapshot = structuredClone(plain(g0));
      const v0 = idx.version;
      idx.setText(key, text);
      assert.ok(idx.version > v0);
      const g1 = idx.graph();
      assert.deepEqual(plain(g0), snapshot, `step ${step}: ${name} changed the graph handed out before`);
      if (idx.get(key)!.kind === 'okr') assert.notEqual(g1, g0);
      assertSameGraph(
        g1,
        buildGraph(
          idx.keys().map((k) => idx.get(k)!),
          options,
        ),
        `step ${step}: ${name} in ${key}`,
      );
      // Findings come from the patched graph, with positions in the new text.
      for (const f of idx.findings(key)) assert.ok(f.range.end.offset <= text.length);
    }
    // A weekly update changes nothing in the graph.
    const g = idx.graph();
    assert.equal(idx.get('/ws/weekly/growth-2026-02-06.md')!.kind, 'weekly');
    idx.setText('/ws/weekly/growth-2026-02-06.md', weekly('behind on conversion'));
    assert.equal(idx.graph(), g);
    // Deleting, renaming and a new configuration build the graph again.
    idx.delete('/ws/cycle/alpha.okr.md');
    assert.ok(!idx.graph().node('/ws/cycle/alpha.okr.md'));
    idx.rename('/ws/cycle/beta.okr.md', '/ws/cycle/b.okr.md');
    assert.ok(idx.graph().node('/ws/cycle/b.okr.md'));
    idx.setConfig(resolveConfig({ ragBands: { red: 0.1, amber: 0.2, green: 0.3 } }));
    assertSameGraph(
      idx.graph(),
      buildGraph(
        idx.keys().map((k) => idx.get(k)!),
        { ...options, ragBands: { red: 0.1, amber: 0.2, green: 0.3 } },
      ),
      'after setConfig',
    );
  });
});
