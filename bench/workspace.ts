/**
 * npm run bench:workspace: the workspace index of issue 5 at 100, 1,000 and
 * 5,000 team documents. The parent generates each workspace (a company
 * document, division documents for the larger sizes, and team documents whose
 * `Supports:` lines link to objective headings or name IDs across folders, and
 * whose dependencies name other teams) into a fresh folder under the system
 * temp folder, with a seeded pseudo-random generator so every run measures the
 * same files. Each measurement runs in a child process of its own (started
 * with --expose-gc), so sizes and repeats do not share a heap or JIT state:
 *
 * - cold index: read every file of a list of paths from disk, `setText` each,
 *   then `graph()`; and the same as the product does it on several cores:
 *   each file handed to the summary stream as it is read, the summaries made
 *   by its worker threads (one per core, started once 48 documents need
 *   parsing) and `set` into the index (the summary cache is written after the
 *   timed span, as the editor writes it once the index is ready); then once more in a fresh
 *   process that reads that cache (a restart: every file is still read and
 *   hashed, nothing is parsed);
 * - the yardstick of the same run: the same files read and given to a bare
 *   remark parse (the shared processor, one call per file, no model), cold, on
 *   one thread. This machine's speed drifts by about a fifth from hour to
 *   hour; the cold index divided by this shows how much of a slow result was
 *   the machine;
 * - update after one change: a KR's Current cell of one team document changes;
 *   `setText` + `graph()` + `findings()` of that document (the index patches
 *   its cached graph for such a change; "graph(), again", a full rebuild, is
 *   what a change of a title, KR, link or ID costs on top of `setText`);
 * - memory held: heap used after `gc()` with the index (and its cached graph)
 *   alive, minus the heap used before indexing; and the growth of RSS.
 *
 * The child checks that the graph really resolved every link, ID and
 * dependency before it reports anything, and fails loudly otherwise.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, githubSlug, parseWhole, summarize, WorkspaceIndex, type WorkspaceGraph } from '../src/core/index';
import { SummaryCache } from '../src/node/pool/summary-cache';
import { HOST_FLAGS, SummaryStream } from '../src/node/pool/summary-pool';
import { int, pick, random, type Random } from '../test/random';

const TODAY = new Date('2026-02-15');
const FILE = 'q1-2026.okr.md';

// ---- the workspace ---------------------------------------------------------------

// 76 × 70 = 5,320 distinct two-word team names. No word may read as a company
// ("Group", "Org"), a quarter, a year or anything else teamFromTitle drops.
const ADJECTIVES = [
  'Amber',
  'Arctic',
  'Atlas',
  'Aurora',
  'Azure',
  'Basalt',
  'Beacon',
  'Birch',
  'Blue',
  'Bold',
  'Bright',
  'Bronze',
  'Cedar',
  'Cobalt',
  'Comet',
  'Copper',
  'Coral',
  'Crimson',
  'Crystal',
  'Delta',
  'Ember',
  'Emerald',
  'Falcon',
  'Fern',
  'Flint',
  'Forest',
  'Frost',
  'Golden',
  'Granite',
  'Harbor',
  'Hazel',
  'Indigo',
  'Iron',
  'Ivory',
  'Jade',
  'Juniper',
  'Lunar',
  'Maple',
  'Marble',
  'Meadow',
  'Mesa',
  'Nova',
  'Oak',
  'Ocean',
  'Onyx',
  'Orbit',
  'Pacific',
  'Pine',
  'Polar',
  'Prairie',
  'Quartz',
  'Rapid',
  'Raven',
  'Redwood',
  'River',
  'Ruby',
  'Sable',
  'Sage',
  'Scarlet',
  'Sierra',
  'Silver',
  'Solar',
  'Spruce',
  'Steel',
  'Stone',
  'Summit',
  'Swift',
  'Teal',
  'Tidal',
  'Timber',
  'Topaz',
  'Velvet',
  'Violet',
  'Willow',
  'Zenith',
  'Zephyr',
];
const NOUNS = [
  'Payments',
  'Search',
  'Billing',
  'Identity',
  'Onboarding',
  'Checkout',
  'Ledger',
  'Insights',
  'Reporting',
  'Ingestion',
  'Storage',
  'Mobile',
  'Web',
  'Growth',
  'Pricing',
  'Support',
  'Docs',
  'Connectors',
  'Alerts',
  'Dashboards',
  'Notebooks',
  'Scheduler',
  'Pipelines',
  'Catalog',
  'Lineage',
  'Quality',
  'Security',
  'Compliance',
  'Audit',
  'Sharing',
  'Exports',
  'Imports',
  'Embedding',
  'Gateway',
  'Runtime',
  'Compiler',
  'Editor',
  'Permissions',
  'Workspaces',
  'Invites',
  'Referrals',
  'Lifecycle',
  'Retention',
  'Experiments',
  'Forecasting',
  'Anomalies',
  'Metrics',
  'Semantics',
  'Caching',
  'Queries',
  'Warehouse',
  'Streaming',
  'Sync',
  'Backups',
  'Tenancy',
  'Regions',
  'Networking',
  'Observability',
  'Tooling',
  'Releases',
  'Localization',
  'Accessibility',
  'Design',
  'Marketplace',
  'Partners',
  'Enablement',
  'Renewals',
  'Expansion',
  'Procurement',
  'Licensing',
];

const OWNERS = ['Sarah', 'Mike', 'Priya', 'Dmitri', 'Lena', 'Omar', 'Jonas', 'Ana', 'Marcus', 'Elena', 'Jamal', 'Wei', 'Fatima', 'Tom'];

/** A KR metric: name, and baseline / target / current with the current strictly between the two. */
const METRICS: Array<[string, (r: Random) => [string, string, string]]> = [
  ['Time to first value (median)', (r) => between(r, 6 + int(r, 5), 2 + int(r, 2), (v) => `${v} days`)],
  ['Trial-to-paid conversion', (r) => between(r, 8 + int(r, 4), 16 + int(r, 6), (v) => `${v}%`)],
  ['Organic referral signups', (r) => between(r, 12 + int(r, 10), 50 + int(r, 20), (v) => `${v}/month`)],
  ['p95 API latency', (r) => between(r, 400 + int(r, 200), 200 + int(r, 50), (v) => `${v} ms`)],
  ['New enterprise ARR', (r) => between(r, 300 + int(r, 100), 600 + int(r, 200), (v) => `$${v}K`)],
  ['Weekly active workspaces', (r) => between(r, 1200 + int(r, 400), 2000 + int(r, 600), (v) => `${v}`)],
  ['Monthly uptime', (r) => between(r, 9950 + int(r, 20), 9990 + int(r, 5), (v) => `${(v / 100).toFixed(2)}%`)],
  ['Sev-1 incidents', (r) => between(r, 4 + int(r, 3), 1, (v) => `${v}/month`)],
  ['Net revenue retention', (r) => between(r, 100 + int(r, 5), 110 + int(r, 5), (v) => `${v}%`)],
  ['Support tickets per 100 accounts', (r) => between(r, 30 + int(r, 10), 15 + int(r, 5), (v) => `${v}`)],
  ['Onboarding wizard completion', (r) => between(r, 40 + int(r, 10), 70 + int(r, 10), (v) => `${v}%`)],
  ['Qualified pipeline', (r) => between(r, 900 + int(r, 200), 1600 + int(r, 400), (v) => `$${v}K`)],
];

function between(r: Random, baseline: number, target: number, show: (v: number) => string): [string, string, string] {
  const lo = Math.min(baseline, target);
  const hi = Math.max(baseline, target);
  const current = hi - lo >= 2 ? lo + 1 + int(r, hi - lo - 1) : lo;
  return [show(baseline), show(target), show(current)];
}

const OBJECTIVES = [
  'Make self-serve onboarding so fast that new teams see value in their first session',
  'Earn trust at scale with reliability our customers can bet on',
  'Turn self-serve teams into a steady source of enterprise pipeline',
  'Make word-of-mouth a channel we can count on',
  'Cut the cost of serving a customer without slowing anyone down',
  'Ship the features our largest accounts keep asking for',
  'Make every release boring: small, safe and reversible',
  'Give customers answers before they need to ask support',
];

const INITIATIVES = [
  'Rebuild the wizard with progressive disclosure and a sample dataset',
  'One-click connectors for the three largest warehouses',
  'Synthetic checks for every public API endpoint',
  'Weekly review of product-qualified leads with Sales',
  'Move dashboard queries onto the columnar cache',
  'In-app checklist that ends at a shared dashboard',
];

const COMPANY_OBJECTIVES = [
  'Become the fastest way for a data team to onboard',
  'Earn trust at scale — reliability data teams can bet on',
  'Build a repeatable path to enterprise revenue',
  'Make our own operations cheaper every quarter',
];

const DIVISIONS = ['Platform', 'Product', 'Revenue', 'Customer', 'Infrastructure', 'Data', 'Experience', 'Operations', 'Ecosystem', 'Security'];

interface Parent {
  /** Path from the workspace root. */
  file: string;
  title: string;
  id: string;
}

interface Manifest {
  root: string;
  /** Every OKR document, absolute POSIX paths, in a shuffled (but fixed) order. */
  files: string[];
  teams: string[];
  companyObjectives: string[];
  /** Expected counts, checked against the graph. */
  objectives: number;
  supports: number;
  dependencies: number;
  bytes: number;
}

function krTable(r: Random, lines: string[], cohort: string): void {
  lines.push('| KR | Baseline | Target | Current | Owner | Confidence |', '|----|----------|--------|---------|-------|------------|');
  const first = int(r, METRICS.length);
  for (let k = 0; k < 3; k++) {
    const [name, values] = METRICS[(first + k * 4) % METRICS.length]!;
    const [b, t, c] = values(r);
    lines.push(`| ${name}, ${cohort} | ${b} | ${t} | ${r() < 0.1 ? '' : c} | ${pick(r, OWNERS)} | ${(0.3 + r() * 0.5).toFixed(1)} |`);
  }
  lines.push('', '**Key initiatives:**', '', `- ${pick(r, INITIATIVES)}`, `- ${pick(r, INITIATIVES)}`, '');
}

function ending(lines: string[], dependencies: string[]): string {
  if (dependencies.length > 0) lines.push('## Dependencies', '', ...dependencies.map((d) => `- ${d}`), '');
  lines.push("## What we're NOT doing this quarter", '', '- Enterprise custom contracts', '- A mobile app', '');
  return lines.join('\n');
}

function companyDocument(r: Random): string {
  const lines = [
    '# Q1 2026 OKRs — Northwind Analytics',
    '',
    'Company OKRs for 2026-01-01 to 2026-03-31, set by the leadership team on 2026-01-05.',
    '',
    '## Context',
    '',
    '- Annual goal this supports: AG-2026-01',
    '- Biggest risk: the Frankfurt region launch pulls Platform engineers off latency work',
    '',
  ];
  COMPANY_OBJECTIVES.forEach((title, i) => {
    lines.push(`## Objective ${i + 1}: ${title}`, `ID: CO-${i + 1}`, '');
    krTable(r, lines, 'company-wide');
  });
  return ending(lines, []);
}

function linkTo(fromFile: string, parent: Parent, index: number): string {
  const rel = path.posix.relative(path.posix.dirname(fromFile), parent.file);
  return `[${parent.title}](${rel}#${githubSlug(`Objective ${index}: ${parent.title}`)})`;
}

function objectiveRefs(r: Random, file: string, parents: Parent[], indexOf: (p: Parent) => number): string {
  const parent = pick(r, parents);
  // Links to the heading and IDs, about half each.
  return r() < 0.5 ? `Supports: ${linkTo(file, parent, indexOf(parent))}` : `Supports: ${parent.id} (${parent.title})`;
}

/** Writes a workspace of `teams` team documents into `root` and returns its manifest. */
export function generateWorkspace(root: string, teams: number, seed = 5): Manifest {
  const r = random(seed);
  const files: string[] = [];
  let bytes = 0;
  const write = (file: string, text: string): void => {
    const full = path.posix.join(root, file);
    fs.mkdirSync(path.posix.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    files.push(full);
    bytes += Buffer.byteLength(text);
  };
  let objectives = 0;
  let supports = 0;
  let dependencies = 0;

  const companyFile = `company/${FILE}`;
  write(companyFile, companyDocument(r));
  objectives += COMPANY_OBJECTIVES.length;
  const companyParents: Parent[] = COMPANY_OBJECTIVES.map((title, i) => ({ file: companyFile, title, id: `CO-${i + 1}` }));
  const parentIndex = new Map<Parent, number>();
  companyParents.forEach((p, i) => parentIndex.set(p, i + 1));

  // Divisions (for the larger sizes): each supports company objectives, in a folder of its own.
  const divisionCount = teams >= 5000 ? 10 : teams >= 1000 ? 5 : 0;
  const divisions: Parent[][] = [];
  for (let d = 0; d < divisionCount; d++) {
    const name = DIVISIONS[d]!;
    const file = `divisions/${name.toLowerCase()}/${FILE}`;
    const code = name.slice(0, 3).toUpperCase();
    const lines = [`# Q1 2026 OKRs — ${name} Division`, '', '## Context', '', '- Biggest risk: hiring for the new region slips a quarter', ''];
    const own: Parent[] = [];
    for (let i = 1; i <= 3; i++) {
      const title = `${pick(r, OBJECTIVES)} (${name})`;
      // The ID line and the Supports line in one paragraph (one text node): verify() fails if the
      // model drops the second line's ID again, as it did before 6ac341f.
      lines.push(
        `## Objective ${i}: ${title}`,
        `ID: ${code}-${i}`,
        objectiveRefs(r, file, companyParents, (p) => parentIndex.get(p)!),
        '',
      );
      krTable(r, lines, `${name} division`);
      const parent = { file, title, id: `${code}-${i}` };
      parentIndex.set(parent, i);
      own.push(parent);
    }
    objectives += 3;
    supports += 3;
    write(file, ending(lines, []));
    divisions.push(own);
  }

  const names: string[] = [];
  for (let i = 0; i < teams; i++) names.push(`${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]}`);
  if (new Set(names.map((n) => n.toLowerCase().replace(/[^a-z]/g, ''))).size !== teams) throw new Error(`team names repeat at ${teams} teams`);

  const teamFiles: string[] = [];
  for (let i = 0; i < teams; i++) {
    const name = names[i]!;
    const file = `teams/${name.toLowerCase().replace(/ /g, '-')}/${FILE}`;
    // Four teams in five belong to a division (when there are divisions) and support its objectives or the company's.
    const parents = divisionCount > 0 && i % 5 !== 0 ? [...divisions[i % divisionCount]!, ...companyParents] : companyParents;
    const lines = [
      `# Q1 2026 OKRs — ${name}`,
      '',
      '## Context',
      '',
      '- Annual goal this supports: AG-2026-01',
      `- Key assumption: the ${name} roadmap holds without new headcount`,
      '- Biggest risk: SSO complexity delays the new wizard',
      '',
    ];
    for (let o = 1; o <= 3; o++) {
      lines.push(
        `## Objective ${o}: ${pick(r, OBJECTIVES)}`,
        objectiveRefs(r, file, parents, (p) => parentIndex.get(p)!),
        '',
      );
      krTable(r, lines, `cohort ${o}`);
    }
    objectives += 3;
    supports += 3;
    const deps: string[] = [];
    const n = teams > 1 ? int(r, 3) : 0;
    for (let k = 0; k < n; k++) {
      let other = int(r, teams);
      if (other === i) other = (other + 1) % teams;
      deps.push(
        `Need from ${names[other]}: ${pick(r, ['SSO integration', 'invite events in the warehouse', 'a stable export API', 'the new billing webhooks'])} by 2026-0${1 + int(r, 3)}-${String(10 + int(r, 18))}`,
      );
    }
    dependencies += deps.length;
    write(file, ending(lines, deps));
    teamFiles.push(path.posix.join(root, file));
  }

  // A fixed shuffle: a file system walk does not list company documents first either.
  for (let i = files.length - 1; i > 0; i--) {
    const j = int(r, i + 1);
    [files[i], files[j]] = [files[j]!, files[i]!];
  }
  const companyKey = path.posix.join(root, companyFile);
  return {
    root,
    files,
    teams: teamFiles,
    companyObjectives: COMPANY_OBJECTIVES.map((title, i) => `${companyKey}#${githubSlug(`Objective ${i + 1}: ${title}`)}`),
    objectives,
    supports,
    dependencies,
    bytes,
  };
}

// ---- the child: one measurement --------------------------------------------------------

interface ChildResult {
  size: number;
  files: number;
  bytes: number;
  coldMs: number;
  /** CPU time of the process during the cold index, V8's background threads included: less than coldMs means others had the CPU. */
  coldCpuMs: number;
  readMs: number;
  setTextMs: number;
  graphMs: number;
  /** graph() alone, rebuilt after the cold index (warm). */
  rebuildMs: number;
  heapHeldMb: number;
  /** Of which the cached graph (the rest is the document summaries). */
  graphHeldMb: number;
  rssGrowthMb: number;
  /** `setText` split in two: `summarize()` (parse, model, scores) and `set` (which patches the cached graph). */
  updates: Array<{ total: number; summarize: number; set: number; graph: number; findings: number }>;
  /** The first update after the cold index, before any warm-up. */
  firstUpdateMs: number;
  nodes: number;
  edges: number;
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function collect(): NodeJS.MemoryUsage {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:workspace does)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
}

/** Fails loudly unless every link, ID and dependency of the generated workspace resolved. */
function verify(graph: WorkspaceGraph, manifest: Manifest): void {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const list of graph.reports.values()) for (const r of list) counts.set(r.ruleId, (counts.get(r.ruleId) ?? 0) + 1);
  if (counts.size > 0) {
    const first = [...graph.reports.values()][0]![0]!;
    problems.push(`workspace findings ${JSON.stringify(Object.fromEntries(counts))}, e.g. ${first.ruleId}: ${first.message}`);
  }
  const kinds = (kind: string): number => graph.edges.filter((e) => e.kind === kind).length;
  if (graph.nodes.filter((n) => n.kind === 'document').length !== manifest.files.length)
    problems.push(`${graph.nodes.filter((n) => n.kind === 'document').length} document nodes for ${manifest.files.length} files`);
  if (graph.nodes.filter((n) => n.kind === 'objective').length !== manifest.objectives) problems.push(`objective nodes: expected ${manifest.objectives}`);
  if (kinds('supports') !== manifest.supports) problems.push(`${kinds('supports')} supports edges, expected ${manifest.supports}`);
  if (kinds('depends') !== manifest.dependencies) problems.push(`${kinds('depends')} depends edges, expected ${manifest.dependencies}`);
  for (const id of manifest.companyObjectives) {
    const node = graph.node(id);
    if (!node) problems.push(`no node ${id}`);
    else if (node.rolledUpScore === null || node.level !== 'company' || !node.explanation.startsWith('mean of '))
      problems.push(`company objective ${id}: level ${node.level}, rolled-up ${node.rolledUpScore}, ${node.explanation.slice(0, 80)}`);
  }
  // Every team objective sits in the tree under what it supports, not at its document.
  for (const key of manifest.teams.slice(0, 50)) {
    const doc = graph.node(key);
    if (!doc || doc.children.length !== 0 || graph.roots.includes(key)) problems.push(`team document ${key} is not placed under its parents`);
  }
  if (problems.length > 0)
    throw new Error(`The index did not resolve the generated workspace; this benchmark would measure a broken index:\n- ${problems.join('\n- ')}`);
}

/** A Current cell of one KR row set to the row's Target: a check-in. */
function checkIn(text: string, r: Random): string {
  const lines = text.split('\n');
  const rows = lines.flatMap((l, n) => (l.startsWith('| ') && !l.startsWith('| KR |') ? [n] : []));
  const n = rows[int(r, rows.length)]!;
  const cells = lines[n]!.split(' | ');
  if (cells[3] === cells[2]) throw new Error('generated Current already equals Target');
  cells[3] = cells[2]!;
  lines[n] = cells.join(' | ');
  return lines.join('\n');
}

function child(manifestPath: string, warmups: number, updates: number): void {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  const files = manifest.files;
  const index = new WorkspaceIndex(DEFAULT_CONFIG, () => TODAY);
  const before = collect();

  // ---- cold index ----
  let readMs = 0;
  let setTextMs = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const file of files) {
    const r0 = process.hrtime.bigint();
    const text = fs.readFileSync(file, 'utf8');
    const r1 = process.hrtime.bigint();
    index.setText(file, text);
    readMs += Number(r1 - r0) / 1e6;
    setTextMs += Number(process.hrtime.bigint() - r1) / 1e6;
  }
  const g0 = process.hrtime.bigint();
  let graph: WorkspaceGraph | null = index.graph();
  const graphMs = ms(g0);
  const coldMs = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  verify(graph, manifest);
  const nodes = graph.nodes.length;
  const edges = graph.edges.length;
  // eslint-disable-next-line no-useless-assignment -- dropping the reference is the point
  graph = null; // only the index's cache may hold it now: the memory split below drops that

  // ---- memory held: summaries plus the cached graph ----
  const held = collect();
  // Setting the configuration again drops the cached graph and keeps the summaries (the same text
  // again would not: it patches the graph since the index learned to, see updateGraph).
  index.setConfig(DEFAULT_CONFIG);
  const summariesOnly = collect();
  const b0 = process.hrtime.bigint();
  index.graph();
  const rebuildMs = ms(b0);

  // ---- updates: a check-in in one team document at a time ----
  const r = random(11);
  const order = [...manifest.teams];
  for (let i = order.length - 1; i > 0; i--) {
    const j = int(r, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const timed: ChildResult['updates'] = [];
  let firstUpdateMs = 0;
  for (let u = 0; u < warmups + updates; u++) {
    const key = order[u % order.length]!;
    const text = checkIn(fs.readFileSync(key, 'utf8'), r);
    const score = index.graph().node(key)!.score;
    const u0 = process.hrtime.bigint();
    // index.setText(key, text), in its two steps.
    const summary = summarize(key, text, DEFAULT_CONFIG, TODAY);
    const u1 = process.hrtime.bigint();
    index.set(summary);
    const u2 = process.hrtime.bigint();
    const g = index.graph();
    const u3 = process.hrtime.bigint();
    index.findings(key);
    const u4 = process.hrtime.bigint();
    if (g.node(key)!.score === score) throw new Error(`the check-in in ${key} did not change its score`);
    const span = (a: bigint, b: bigint): number => Number(b - a) / 1e6;
    if (u === 0) firstUpdateMs = span(u0, u4);
    if (u >= warmups) timed.push({ total: span(u0, u4), summarize: span(u0, u1), set: span(u1, u2), graph: span(u2, u3), findings: span(u3, u4) });
  }
  verify(index.graph(), manifest);
  if (index.size !== files.length) throw new Error('index lost documents');

  const result: ChildResult = {
    size: manifest.teams.length,
    files: files.length,
    bytes: manifest.bytes,
    coldMs,
    coldCpuMs: (cpu.user + cpu.system) / 1000,
    readMs,
    setTextMs,
    graphMs,
    rebuildMs,
    heapHeldMb: (held.heapUsed - before.heapUsed) / 2 ** 20,
    graphHeldMb: (held.heapUsed - summariesOnly.heapUsed) / 2 ** 20,
    rssGrowthMb: (held.rss - before.rss) / 2 ** 20,
    updates: timed,
    firstUpdateMs,
    nodes,
    edges,
  };
  process.stdout.write(JSON.stringify(result));
}

/**
 * In a child process: the cold index as the product does it on several cores
 * (src/node/pool/summary-pool.ts, used by the CLI and the editor's first scan):
 * the main thread reads every file and hands it on at once, `workers` worker
 * threads (out/summary-worker.js) parse them and post back their summaries,
 * which the main thread `set`s into the index, then it builds the graph. The
 * worker threads run in the pool's host process (out/summary-host.js, forked
 * with `HOST_FLAGS`), or with `host` false in this process. Starting the host
 * and the workers (loading their bundles) is inside the time.
 */
async function childWorkers(manifestPath: string, workers: number, cacheFile: string | null, host = true): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  const files = manifest.files;
  const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'summary-worker.js');
  if (!fs.existsSync(workerFile)) throw new Error(`${workerFile} is missing: npm run build:bench builds it`);
  const index = new WorkspaceIndex(DEFAULT_CONFIG, () => TODAY);
  const t0 = process.hrtime.bigint();
  let used = 0;
  let hosted = 0;
  const cache = cacheFile ? SummaryCache.load(cacheFile, DEFAULT_CONFIG) : null;
  // As the editor's first scan: each file goes to the stream as it is read, so the workers start
  // (and parse) while the rest are read.
  const stream = new SummaryStream(DEFAULT_CONFIG, TODAY, cache, { threads: workers, workerFile, host, onThreads: (n, h) => ((used = n), (hosted = h)) });
  for (const file of files) stream.add(file, fs.readFileSync(file, 'utf8'));
  for (const summary of await stream.done()) index.set(summary);
  // With a full cache nothing is parsed and no worker starts.
  if (cache?.hits !== files.length && used !== workers) throw new Error(`${used} of ${workers} worker threads did work`);
  if (cache?.hits !== files.length && hosted !== (host ? workers : 0)) throw new Error(`${hosted} of ${workers} worker threads ran in the host process`);
  if (index.size !== files.length) throw new Error(`${index.size} documents indexed of ${files.length}`);
  const graph = index.graph();
  const coldMs = ms(t0);
  // The editor writes the cache for the next session once the index is ready, as here.
  const saved = cache?.save();
  if (saved) throw new Error(`could not write the cache: ${saved}`);
  verify(graph, manifest);
  process.stdout.write(JSON.stringify({ coldMs, hits: cache?.hits ?? 0 }));
}

/**
 * In a child process: the same-run yardstick for the cold index. Every file
 * read and parsed by the bare remark setup (`parseWhole`: no chunks, no model,
 * no scores), on one thread, in a fresh process as cold as the cold index.
 */
function childBare(manifestPath: string): void {
  const files = (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest).files;
  const t0 = process.hrtime.bigint();
  let blocks = 0;
  for (const file of files) blocks += parseWhole(fs.readFileSync(file, 'utf8')).children.length;
  const bareMs = ms(t0);
  if (blocks < files.length) throw new Error(`${blocks} blocks parsed from ${files.length} files`);
  process.stdout.write(JSON.stringify({ bareMs }));
}

/** Linux's CPU time counters (/proc/stat, all CPUs, in clock ticks), or null elsewhere. */
function cpuTicks(): { total: number; steal: number } | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

// ---- the parent ---------------------------------------------------------------------

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function spread(values: number[], digits: number, unit = ''): string {
  return `${median(values).toFixed(digits)}${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

function main(argv: string[]): void {
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (option('--sizes') ?? '100,1000,5000').split(',').map(Number);
  const processesFor = (size: number): number => Number(option('--processes') ?? (size >= 5000 ? 3 : 5));
  const threads = Number(option('--threads') ?? Math.max(2, os.availableParallelism()));
  // The extension host is long-lived: the parser and buildGraph get optimised after a few dozen
  // updates (at 100 documents the first ten take about twice as long as the 40th to 50th).
  const warmups = 30;
  const updates = 20;
  const load0 = os.loadavg()[0]!;
  const started = Date.now();

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-workspace-bench-')).split(path.sep).join('/');
  const results = new Map<number, { single: ChildResult[]; workers: number[]; inProcess: number[]; cached: number[]; bare: number[] }>();
  const load: number[] = [load0];
  const ticks0 = cpuTicks();
  try {
    for (const size of sizes) {
      const dir = `${root}/ws-${size}`;
      const manifest = generateWorkspace(dir, size);
      const manifestPath = `${root}/ws-${size}.json`;
      fs.writeFileSync(manifestPath, JSON.stringify(manifest));
      const run = (args: string[]): string =>
        execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      const single: ChildResult[] = [];
      const workers: number[] = [];
      const inProcess: number[] = [];
      const cached: number[] = [];
      const bare: number[] = [];
      const cacheFile = `${root}/ws-${size}.cache.json`;
      // One process at a time; the kinds alternate so that they see the same drift of the machine. The
      // worker-thread process starts without a summary cache and writes one, which the next process reads.
      for (let p = 0; p < processesFor(size); p++) {
        single.push(JSON.parse(run(['--child', manifestPath, String(warmups), String(updates)])) as ChildResult);
        fs.rmSync(cacheFile, { force: true });
        workers.push((JSON.parse(run(['--child-workers', manifestPath, String(threads), cacheFile])) as { coldMs: number }).coldMs);
        const again = JSON.parse(run(['--child-workers', manifestPath, String(threads), cacheFile])) as { coldMs: number; hits: number };
        if (again.hits !== manifest.files.length) throw new Error(`${again.hits} of ${manifest.files.length} summaries came from the cache`);
        cached.push(again.coldMs);
        inProcess.push((JSON.parse(run(['--child-workers', manifestPath, String(threads), '-', '--in-process'])) as { coldMs: number }).coldMs);
        bare.push((JSON.parse(run(['--child-bare', manifestPath])) as { bareMs: number }).bareMs);
        load.push(os.loadavg()[0]!);
      }
      results.set(size, { single, workers, inProcess, cached, bare });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }

  const ticks1 = cpuTicks();
  const steal =
    ticks0 && ticks1 && ticks1.total > ticks0.total
      ? ` CPU time taken by the hypervisor (steal) during the run: ${((100 * (ticks1.steal - ticks0.steal)) / (ticks1.total - ticks0.total)).toFixed(1)}%.`
      : '';
  const targets: string[] = [];
  const count = (n: number): string => n.toLocaleString('en');
  console.log(
    `Node ${process.version}, ${os.availableParallelism()} cores, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 60000).toFixed(1)} min; 1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} during the run.${steal} Processes per size of each kind (one thread, worker threads in the host process, the same in the calling process, cached start, bare parse): ${sizes.map((s) => `${count(s)}: ${processesFor(s)}`).join(', ')}.`,
  );
  console.log(
    `Cold index and memory: median over processes (range). Bare parse: the same run's yardstick, the same files read and parsed by the bare remark setup (no chunks, no model) on one thread in a fresh process; "÷ bare" is the cold index on worker threads (in the host process, as the editor and the CLI run it) divided by it. The host process is forked with V8 flags for a short batch job (${HOST_FLAGS.join(' ')}); "in this process" runs the same worker threads in the calling process, without them. Update: median over all timed updates of all processes (range); each process warms up on ${warmups} updates, then times ${updates}, each in a different team document. The first update of each process is also shown on its own.`,
  );
  console.log('');
  console.log(
    `| team documents | files (KB) | cold index, 1 thread | cold index, ${threads} worker threads in the host process | the same, in this process | cold start with the summary cache | bare parse, 1 thread (÷ bare) | update after one change | heap held (of which graph) | RSS growth |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [size, { single, workers, inProcess, cached, bare }] of results) {
    const first = single[0]!;
    const cold = single.map((x) => x.coldMs);
    const update = single.flatMap((x) => x.updates.map((u) => u.total));
    const heap = single.map((x) => x.heapHeldMb);
    const rss = single.map((x) => x.rssGrowthMb);
    const at1000 = (v: number[]): string => (size === 1000 ? ` ${mark(median(v) < 3000)}` : '');
    console.log(
      `| ${count(size)} | ${count(first.files)} (${count(Math.round(first.bytes / 1024))}) | ${spread(cold, 0, ' ms')}${at1000(cold)} | ${spread(workers, 0, ' ms')}${at1000(workers)} | ${spread(inProcess, 0, ' ms')} | ${spread(cached, 0, ' ms')}${at1000(cached)} | ${spread(bare, 0, ' ms')} (${(median(workers) / median(bare)).toFixed(2)}) | ${spread(update, 1, ' ms')} ${mark(median(update) < 20)} | ${median(heap).toFixed(1)} MB (${median(single.map((x) => x.graphHeldMb)).toFixed(1)})${size === 5000 ? ` ${mark(median(heap) < 300)}` : ''} | ${median(rss).toFixed(0)} MB${size === 5000 ? ` ${mark(median(rss) < 300)}` : ''} |`,
    );
    if (size === 1000) {
      targets.push(
        `cold index of 1,000 documents under 3 s: ${median(cold).toFixed(0)} ms on one thread ${mark(median(cold) < 3000)}, ${median(workers).toFixed(0)} ms with ${threads} worker threads in the host process ${mark(median(workers) < 3000)} (${median(inProcess).toFixed(0)} ms with them in the calling process); a cold start with the summary cache of the last run ${median(cached).toFixed(0)} ms ${mark(median(cached) < 3000)}; in the same run the bare remark parse of the same files on one thread took ${median(bare).toFixed(0)} ms`,
      );
    }
    targets.push(`update after one change under 20 ms, ${count(size)} team documents: ${median(update).toFixed(1)} ms ${mark(median(update) < 20)}`);
    if (size === 5000)
      targets.push(
        `under 300 MB for 5,000 documents: heap held ${median(heap).toFixed(1)} MB ${mark(median(heap) < 300)}, RSS growth ${median(rss).toFixed(0)} MB ${mark(median(rss) < 300)}`,
      );
  }
  console.log('');
  console.log(
    'Where the time goes (medians; one-thread processes): cold index = reading the files + setText of each (parse, model, scores, summary) + graph(); update = setText (summarize + set, which patches the cached graph) + graph() + findings(). "graph(), again" is a full rebuild, what an edit that changes a title, KR, link or ID costs on top of summarize. CPU time is the whole process, V8\'s background compiler and GC threads included.',
  );
  console.log('');
  console.log(
    '| team documents | cold index: CPU time | read files | setText, all | graph(), cold | graph(), again | nodes / edges | first update | update: summarize | update: set | update: graph() | update: findings() |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [size, { single }] of results) {
    const m = (f: (x: ChildResult) => number): string => `${median(single.map(f)).toFixed(0)} ms`;
    const u = (f: (x: ChildResult['updates'][number]) => number): string => `${median(single.flatMap((x) => x.updates.map(f))).toFixed(2)} ms`;
    console.log(
      `| ${count(size)} | ${m((x) => x.coldCpuMs)} | ${m((x) => x.readMs)} | ${m((x) => x.setTextMs)} | ${m((x) => x.graphMs)} | ${m((x) => x.rebuildMs)} | ${count(single[0]!.nodes)} / ${count(single[0]!.edges)} | ${m((x) => x.firstUpdateMs)} | ${u((x) => x.summarize)} | ${u((x) => x.set)} | ${u((x) => x.graph)} | ${u((x) => x.findings)} |`,
    );
  }
  console.log('');
  console.log('Targets (issue 5, this machine):');
  for (const t of targets) console.log(`- ${t}`);
}

// Run only as a script (scratch profiling scripts import generateWorkspace).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') child(args[1]!, Number(args[2]), Number(args[3]));
  else if (args[0] === '--child-bare') childBare(args[1]!);
  else if (args[0] === '--child-workers')
    childWorkers(args[1]!, Number(args[2]), args[3] && args[3] !== '-' ? args[3] : null, args[4] !== '--in-process').catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  else main(args);
}
