import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, fixesFor, reportDocument, resolveConfig, WorkspaceIndex, type GraphNode, type WorkspaceGraph } from '../../src/core/index';
import { readWebviewMessage, treeMessage, visibleIds } from '../../src/core/workspace/protocol';
import { examplesDir, markdownFilesUnder } from './helpers';

const today = new Date('2026-02-10');

function index(files: Record<string, string>): WorkspaceIndex {
  const idx = new WorkspaceIndex(resolveConfig(), () => today);
  for (const [file, text] of Object.entries(files)) idx.setText(`/ws/${file}`, text);
  return idx;
}

function doc(team: string, body: string): string {
  return `# Q1 2026 OKRs — ${team}\n\n## Context\n\n- Biggest risk: none\n\n${body}\n\n## What we're NOT doing this quarter\n\n- Nothing else\n`;
}

/** A KR table whose rows are [baseline, target, current]. */
function table(...rows: Array<[string, string, string] | [string, string, string, string]>): string {
  const weighted = rows.some((r) => r.length === 4);
  const head = weighted
    ? '| KR | Baseline | Target | Current | Owner | Confidence | Weight |\n|---|---|---|---|---|---|---|'
    : '| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|';
  return `${head}\n${rows.map((r, i) => `| Metric ${i + 1} | ${r[0]} | ${r[1]} | ${r[2]} | Sam | 0.5 |${weighted ? ` ${r[3] ?? ''} |` : ''}`).join('\n')}`;
}

function node(graph: WorkspaceGraph, predicate: (n: GraphNode) => boolean): GraphNode {
  const found = graph.nodes.find(predicate);
  assert.ok(found, 'node not found');
  return found;
}

const objective = (graph: WorkspaceGraph, title: string): GraphNode => node(graph, (n) => n.kind === 'objective' && n.title.startsWith(title));

function rules(idx: WorkspaceIndex): string[] {
  return [...idx.graph().reports.entries()].flatMap(([k, rs]) => rs.map((r) => `${k.slice(4)}:${r.range.start.line} ${r.ruleId}`)).sort();
}

const COMPANY = doc(
  'Company',
  `## Objective 1: Become the fastest way to onboard\nID: CO-1\n\n${table(['0', '10', '5'], ['0', '10', '7'])}\n\n## Objective 2: Earn trust at scale\nID: CO-2\n\n${table(['0', '10', '2'], ['0', '10', '4'])}`,
);

describe('workspace: links and IDs across files', () => {
  it('resolves a Markdown link to a heading slug in another folder, and an ID defined elsewhere', () => {
    const idx = index({
      'company/q1.okr.md': COMPANY,
      'teams/growth/q1.okr.md': doc(
        'Growth',
        `## Objective 1: Make onboarding fast\nSupports: [Onboard](../../company/q1.okr.md#objective-1-become-the-fastest-way-to-onboard)\n\n${table(['0', '10', '8'], ['0', '10', '6'])}\n\n## Objective 2: Make it reliable\nSupports: CO-2\n\n${table(['0', '10', '3'], ['0', '10', '3'])}`,
      ),
    });
    const g = idx.graph();
    assert.deepEqual(rules(idx), []);
    const supports = g.edges.filter((e) => e.kind === 'supports').map((e) => `${e.from.slice(4)} → ${e.to.slice(4)}`);
    assert.deepEqual(supports, [
      'teams/growth/q1.okr.md#objective-1-make-onboarding-fast → company/q1.okr.md#objective-1-become-the-fastest-way-to-onboard',
      'teams/growth/q1.okr.md#objective-2-make-it-reliable → company/q1.okr.md#objective-2-earn-trust-at-scale',
    ]);
    assert.deepEqual(g.roots, ['/ws/company/q1.okr.md']);
    assert.equal(objective(g, 'Make onboarding fast').level, 'team');
    assert.equal(objective(g, 'Become the fastest').level, 'company');
  });

  it('inherits the document-level alignment for objectives without their own', () => {
    const idx = index({
      'company/q1.okr.md': COMPANY,
      'growth.okr.md': doc('Growth', `## Objective 1: Make onboarding fast\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`).replace(
        '- Biggest risk: none',
        '- Annual goal this supports: CO-1\n- Biggest risk: none',
      ),
    });
    assert.deepEqual(rules(idx), []);
    const g = idx.graph();
    assert.deepEqual(
      objective(g, 'Become the fastest').children.filter((c) => g.node(c)!.kind === 'objective'),
      ['/ws/growth.okr.md#objective-1-make-onboarding-fast'],
    );
  });

  it('reports a link to a missing heading with the closest one, in the other file', () => {
    const idx = index({
      'company/q1.okr.md': COMPANY,
      'growth.okr.md': doc(
        'Growth',
        `## Objective 1: Make onboarding fast\nSupports: [x](company/q1.okr.md#objective-1-become-the-fastest-way-to-onboard-new-teams)\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`,
      ),
    });
    const [r] = idx.graph().reports.get('/ws/growth.okr.md')!;
    assert.equal(r!.ruleId, 'alignment-broken-link');
    assert.match(
      r!.message,
      /^No heading #objective-1-become-the-fastes…: the closest in company\/q1\.okr\.md is #objective-1-become-the-fastest-way-to-onboard/,
    );
    assert.deepEqual(
      r!.related.map((p) => [p.path, p.range.start.line]),
      [['/ws/company/q1.okr.md', 7]],
    );
    assert.equal(r!.range.start.line, 8);
    // The quick fix rewrites the link to the closest heading, as one edit; after it the workspace is clean.
    const text = doc(
      'Growth',
      `## Objective 1: Make onboarding fast\nSupports: [x](company/q1.okr.md#objective-1-become-the-fastest-way-to-onboard-new-teams)\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`,
    );
    const analysis = analyze(text, { today });
    const finding = idx.findings('/ws/growth.okr.md')[0]!;
    const [fix] = fixesFor(analysis, finding);
    assert.deepEqual([fix!.title, fix!.fixAll], ['Link to company/q1.okr.md#objective-1-become-the-fastest-way-to-onboard', false]);
    const fixed = applyEdits(text, fix!.edits);
    assert.equal(fixed, text.replace('-new-teams)', ')'));
    idx.setText('/ws/growth.okr.md', fixed);
    assert.deepEqual(rules(idx), []);
  });

  it('reports a missing file with the closest document, and an unknown ID with a did-you-mean', () => {
    const idx = index({
      'company/q1.okr.md': COMPANY,
      'growth.okr.md': doc(
        'Growth',
        `## Objective 1: Make onboarding fast\nSupports: [x](company/q2.okr.md#objective-1)\n\n${table(['0', '10', '8'], ['0', '10', '6'])}\n\n## Objective 2: Make it reliable\nSupports: CO-3\n\n${table(['0', '10', '3'], ['0', '10', '3'])}`,
      ),
    });
    const reports = idx.graph().reports.get('/ws/growth.okr.md')!;
    assert.deepEqual(
      reports.map((r) => r.ruleId),
      ['alignment-broken-link', 'alignment-broken-link'],
    );
    assert.match(
      reports[0]!.message,
      /company\/q2\.okr\.md is not an OKR document of this workspace: did you mean company\/q1\.okr\.md\? Or link to the heading/,
    );
    assert.match(reports[1]!.message, /^CO-3 is not defined in any OKR document: did you mean CO-1\? Or define it with an `ID: CO-3` line/);
    assert.deepEqual([reports[0]!.suggestion?.text, reports[1]!.suggestion?.text], ['[x](company/q1.okr.md#objective-1)', 'CO-1']);
  });

  it('does not report an unresolved annual goal ID at document level', () => {
    const idx = index({ 'company/q1.okr.md': COMPANY.replace('- Biggest risk: none', '- Annual goal this supports: AG-2026-01') });
    assert.deepEqual(rules(idx), []);
  });
});

describe('workspace: cycles, depth, orphans and dependencies', () => {
  it('finds a cycle across three files, reports it on each member and keeps the rollup finite', () => {
    const idx = index({
      'a.okr.md': doc('A', `## Objective 1: Alpha\nID: AA-1\nSupports: CC-1\n\n${table(['0', '10', '5'], ['0', '10', '5'])}`),
      'b.okr.md': doc('B', `## Objective 1: Beta\nID: BB-1\nSupports: AA-1\n\n${table(['0', '10', '5'], ['0', '10', '5'])}`),
      'c.okr.md': doc('C', `## Objective 1: Gamma\nID: CC-1\nSupports: BB-1\n\n${table(['0', '10', '5'], ['0', '10', '5'])}`),
    });
    assert.deepEqual(rules(idx), ['a.okr.md:9 alignment-cycle', 'b.okr.md:9 alignment-cycle', 'c.okr.md:9 alignment-cycle']);
    const r = idx.graph().reports.get('/ws/a.okr.md')![0]!;
    assert.equal(r.related.length, 2);
    assert.equal(objective(idx.graph(), 'Alpha').rolledUpScore, 0.5);
  });

  it('reports a chain deeper than three levels, and accepts maxDepth 4', () => {
    const files = {
      'company.okr.md': COMPANY,
      't.okr.md': doc('Team', `## Objective 1: Team goal\nID: TT-1\nSupports: CO-1\n\n${table(['0', '10', '5'], ['0', '10', '5'])}`),
      's.okr.md': doc('Squad', `## Objective 1: Squad goal\nID: SQ-1\nSupports: TT-1\n\n${table(['0', '10', '5'], ['0', '10', '5'])}`),
      'p.okr.md': doc('Person', `## Objective 1: Person goal\nSupports: SQ-1\n\n${table(['0', '10', '5'], ['0', '10', '5'])}`),
    };
    const idx = index(files);
    assert.deepEqual(rules(idx), ['p.okr.md:8 alignment-too-deep']);
    assert.match(
      idx.graph().reports.get('/ws/p.okr.md')![0]!.message,
      /^4 levels deep, more than 3: align it to a higher-level objective; deep chains dilute accountability \(Company → Team → Squad → Person\)/,
    );
    const relaxed = new WorkspaceIndex(
      resolveConfig({ rules: { 'alignment-too-deep': 'warning' }, ruleOptions: { 'alignment-too-deep': { maxDepth: 4 } } }),
      () => today,
    );
    for (const [f, t] of Object.entries(files)) relaxed.setText(`/ws/${f}`, t);
    assert.deepEqual(rules(relaxed), []);
  });

  it('reports a team objective that supports nothing only when there is a company document', () => {
    const team = doc('Growth', `## Objective 1: Make onboarding fast\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`);
    assert.deepEqual(rules(index({ 'growth.okr.md': team, 'platform.okr.md': team.replace('Growth', 'Platform') })), []);
    const idx = index({ 'company/q1.okr.md': COMPANY, 'growth.okr.md': team });
    assert.deepEqual(rules(idx), ['growth.okr.md:7 alignment-orphan']);
    assert.match(idx.graph().reports.get('/ws/growth.okr.md')![0]!.message, /Supports: CO-1/);
  });

  it('links dependencies to team documents and reports a team without one', () => {
    const growth = doc(
      'Growth',
      `## Objective 1: Make onboarding fast\nSupports: CO-1\n\n${table(['0', '10', '8'], ['0', '10', '6'])}\n\n## Dependencies\n\n- Need from Platform: SSO by 2026-02-15\n- Need from Data: events by 2026-02-20`,
    );
    const idx = index({
      'company.okr.md': COMPANY,
      'teams/growth/q1.okr.md': growth,
      'teams/platform/q1.okr.md': doc('Platform', `## Objective 1: Be fast\nSupports: CO-2\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`),
    });
    assert.deepEqual(
      idx.graph().edges.filter((e) => e.kind === 'depends'),
      [{ from: '/ws/teams/growth/q1.okr.md', to: '/ws/teams/platform/q1.okr.md', kind: 'depends', label: 'SSO' }],
    );
    assert.deepEqual(rules(idx), ['teams/growth/q1.okr.md:18 dependency-unknown-team']);
    const known = new WorkspaceIndex(resolveConfig({ ruleOptions: { 'dependency-unknown-team': { knownTeams: ['data'] } } }), () => today);
    for (const k of idx.keys()) known.set(idx.get(k)!);
    assert.deepEqual(rules(known), []);
  });
});

describe('workspace: rollup arithmetic (SPEC §3)', () => {
  it('a parent keeps its own score and shows the mean of its contributing children as rolled up', () => {
    const idx = index({
      'company.okr.md': COMPANY,
      'a.okr.md': doc('A', `## Objective 1: Alpha\nSupports: CO-1\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`), // 0.7
      'b.okr.md': doc('B', `## Objective 1: Beta\nSupports: CO-1\n\n${table(['0', '10', '2', '3'], ['0', '10', '6', '1'])}`), // (0.2×3 + 0.6×1) / 4 = 0.3
    });
    const co1 = objective(idx.graph(), 'Become the fastest');
    assert.equal(co1.score, 0.6); // its own KRs: (0.5 + 0.7) / 2
    assert.ok(Math.abs(co1.rolledUpScore! - 0.5) < 1e-9); // (0.7 + 0.3) / 2
    assert.equal(co1.rag, 'amber');
    assert.match(co1.explanation, /mean of 0\.70 \(A: Alpha\), 0\.30 \(B: Beta\) = 0\.50/);
  });

  it('a parent KR without a current value takes its score from the objectives that support it', () => {
    const company = doc(
      'Company',
      `## Objective 1: Grow\nID: CO-1\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Revenue | $1M | $2M | $1.5M | Ana | 0.5 |\n\n### KR2: Activation from 40% to 60%\n\nOwner: Ana`,
    );
    const idx = index({
      'company.okr.md': company,
      'a.okr.md': doc(
        'A',
        `## Objective 1: Alpha\nSupports: [KR2](company.okr.md#kr2-activation-from-40-to-60)\n\n${table(['0', '10', '9'], ['0', '10', '9'])}`,
      ),
    });
    const g = idx.graph();
    assert.deepEqual(rules(idx), []);
    const kr2 = node(g, (n) => n.kind === 'keyResult' && n.title.includes('Activation'));
    assert.equal(kr2.score, null);
    assert.ok(Math.abs(kr2.rolledUpScore! - 0.9) < 1e-9);
    assert.ok(Math.abs(objective(g, 'Grow').score! - 0.7) < 1e-9); // (0.5 + 0.9) / 2: the KR counts with its rolled-up score
  });

  it('an objective with no scored KRs takes its score from its children; a team rolls up its objectives', () => {
    const idx = index({
      'company.okr.md': doc('Company', `## Objective 1: Grow\nID: CO-1\n\n${table(['0', '10', ''], ['0', '10', ''])}`),
      'a.okr.md': doc('A', `## Objective 1: Alpha\nSupports: CO-1\n\n${table(['0', '10', '4'], ['0', '10', '4'])}`),
    });
    const grow = objective(idx.graph(), 'Grow');
    assert.equal(grow.score, null);
    assert.equal(grow.rolledUpScore, 0.4);
    assert.equal(grow.rag, 'amber');
    assert.equal(idx.graph().node('/ws/company.okr.md')!.rolledUpScore, 0.4);
  });
});

describe('workspace: the index updates incrementally', () => {
  it('re-resolves when a heading is renamed, a file is deleted, renamed back, or created', () => {
    const team = doc(
      'Growth',
      `## Objective 1: Make onboarding fast\nSupports: [x](company/q1.okr.md#objective-1-become-the-fastest-way-to-onboard)\n\n${table(['0', '10', '8'], ['0', '10', '6'])}`,
    );
    const idx = index({ 'company/q1.okr.md': COMPANY, 'growth.okr.md': team });
    assert.deepEqual(rules(idx), []);
    const v = idx.version;
    idx.setText('/ws/company/q1.okr.md', COMPANY.replace('Objective 1: Become the fastest way to onboard', 'Objective 1: Become the fastest way to start'));
    assert.ok(idx.version > v);
    assert.deepEqual(rules(idx), ['growth.okr.md:8 alignment-broken-link']);
    assert.match(idx.graph().reports.get('/ws/growth.okr.md')![0]!.message, /the closest in .* is #objective-1-become-the-fastest-way-to-start/);
    idx.setText('/ws/company/q1.okr.md', COMPANY);
    assert.deepEqual(rules(idx), []);
    idx.rename('/ws/company/q1.okr.md', '/ws/company/q1-2026.okr.md');
    assert.match(idx.graph().reports.get('/ws/growth.okr.md')![0]!.message, /did you mean company\/q1-2026\.okr\.md/);
    idx.rename('/ws/company/q1-2026.okr.md', '/ws/company/q1.okr.md');
    assert.deepEqual(rules(idx), []);
    idx.delete('/ws/company/q1.okr.md');
    assert.deepEqual(rules(idx), ['growth.okr.md:8 alignment-broken-link']);
  });

  it('applies severity, off and inline suppressions to workspace findings, and merges them into an analysis', () => {
    const text = doc(
      'Growth',
      `<!-- okr-lens-disable-next-line alignment-orphan -- incubation bet, agreed with the CEO -->\n## Objective 1: Make onboarding fast\n\n${table(['0', '10', '8'], ['0', '10', '6'])}\n\n## Objective 2: Make it reliable\n\n${table(['0', '10', '3'], ['0', '10', '3'])}`,
    );
    const idx = index({ 'company.okr.md': COMPANY, 'growth.okr.md': text });
    const merged = reportDocument(analyze(text, { today }), { config: resolveConfig(), today, workspace: { index: idx, key: '/ws/growth.okr.md' } });
    const orphans = merged.findings.filter((f) => f.ruleId === 'alignment-orphan');
    assert.deepEqual(
      orphans.map((f) => [f.ruleId, f.severity, f.range.start.line]),
      [['alignment-orphan', 'warning', 15]],
    );
    assert.deepEqual(
      merged.suppressed.map((s) => s.by.reason),
      ['incubation bet, agreed with the CEO'],
    );
    assert.deepEqual(idx.findings('/ws/growth.okr.md', resolveConfig({ rules: { 'alignment-orphan': 'off' } })), []);
    assert.equal(idx.findings('/ws/growth.okr.md', resolveConfig({ rules: { 'alignment-orphan': 'error' } }))[0]!.severity, 'error');
    assert.ok(merged.quality[1]!.dimensions.find((d) => d.id === 'alignment')!.score < 15);
  });
});

describe('workspace: examples/', () => {
  const idx = new WorkspaceIndex(resolveConfig(), () => new Date('2026-11-23'));
  for (const file of markdownFilesUnder(examplesDir)) idx.setText(file.split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
  const g = idx.graph();
  const key = (rel: string): string => path.join(examplesDir, rel).split(path.sep).join('/');

  it('shows company → team → individual with the rolled-up scores computed by hand', () => {
    assert.deepEqual(g.roots, [key('company/q4-2026.okr.md')]);
    const co1 = objective(g, 'Become the fastest way for a data team to onboard');
    const growth1 = objective(g, 'Make self-serve onboarding so fast');
    const growth3 = objective(g, 'Make word-of-mouth a channel');
    const sarah1 = objective(g, 'Take the friction out of connecting');
    assert.deepEqual([co1.level, growth1.level, sarah1.level], ['company', 'team', 'individual']);
    assert.ok(co1.children.includes(growth1.id) && co1.children.includes(growth3.id) && growth1.children.includes(sarah1.id));
    // Growth O1 rolls up Sarah's O1; CO-1 rolls up the own scores of Growth O1 and O3.
    assert.equal(growth1.rolledUpScore, sarah1.score);
    assert.ok(Math.abs(co1.rolledUpScore! - (growth1.score! + growth3.score!) / 2) < 1e-9);
    assert.equal(co1.rolledUpScore!.toFixed(2), '0.64');
    assert.equal(co1.score!.toFixed(2), '0.57');
  });

  it('has no broken links, orphans or cycles; reports the dependencies on teams without OKRs', () => {
    const found = [...g.reports.entries()]
      .flatMap(([k, rs]) => rs.map((r) => `${path.basename(path.dirname(k))} ${r.ruleId} ${/“([^”]+)”/.exec(r.message)?.[1]}`))
      .sort();
    assert.deepEqual(found, [
      'company dependency-unknown-team Finance',
      'company dependency-unknown-team Legal',
      'company dependency-unknown-team People',
      'people dependency-unknown-team Design',
      'platform dependency-unknown-team Finance',
      'platform dependency-unknown-team Legal',
      'platform dependency-unknown-team People',
      'sales dependency-unknown-team Finance',
      'sales dependency-unknown-team Marketing',
    ]);
  });

  it('the tree message shows a selection and the documents it supports', () => {
    const shown = visibleIds(g, new Set([key('people/sarah-chen-q4-2026.okr.md')]));
    const msg = treeMessage(g, idx.version, resolveConfig().ragBands, (k) => path.relative(examplesDir, k), true, shown);
    const titles: string[] = [];
    const walk = (n: (typeof msg.roots)[number], depth: number): void => {
      if (n.kind !== 'keyResult') titles.push(`${'  '.repeat(depth)}${n.title.slice(0, 30)}`);
      n.children.forEach((c) => walk(c, depth + 1));
    };
    msg.roots.forEach((r) => walk(r, 0));
    assert.deepEqual(titles, [
      'Q4 2026 OKRs — Northwind Analy',
      '  Become the fastest way for a d',
      '    Make self-serve onboarding so ',
      '      Take the friction out of conne',
      '    Make word-of-mouth a channel w',
      '      Make inviting a teammate the n',
    ]);
    assert.deepEqual(
      msg.teams.map((t) => t.team),
      ['Northwind Analytics', 'Sarah Chen (Growth)', 'Growth'],
    );
  });
});

describe('workspace: messages from the webview are validated', () => {
  it('accepts the known messages and drops anything else with a reason for the log', () => {
    assert.deepEqual(readWebviewMessage({ type: 'open', id: '/ws/a.okr.md#objective-1' }), {
      ok: true,
      message: { type: 'open', id: '/ws/a.okr.md#objective-1' },
    });
    assert.deepEqual(readWebviewMessage({ type: 'ready', extra: '<script>' }), { ok: true, message: { type: 'ready' } });
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const [raw, why] of [
      [{ type: 'run', command: 'rm -rf /' }, /^dropped an unknown message from the webview \(type: /],
      [{ type: 'open', id: 42 }, /\(id: /],
      [{ type: 'open', id: 'x'.repeat(5000) }, /\(id: /],
      [{ type: 'rendered', version: -1, nodes: 1, items: 1 }, /\(version: /],
      ['open', /\(message: /],
      [null, /: null$/],
      [cycle, /not serialisable/],
    ] as const) {
      const read = readWebviewMessage(raw);
      assert.equal(read.ok, false);
      if (!read.ok) assert.match(read.reason, why);
    }
  });
});
