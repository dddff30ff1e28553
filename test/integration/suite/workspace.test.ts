import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeMessage, TreeNode } from '../../../src/core/workspace/protocol';
import type { OkrLensApi } from '../../../src/extension';
import {
  activated,
  diagnosticsWhen,
  drawnChart,
  find,
  indexSettled,
  lensTitles,
  lineOf,
  open,
  progressChartLink,
  revertAndClose,
  ruleOf,
  until,
  workspaceUri,
} from './helpers';
import { record, repoRoot } from './node-helpers';

const countNodes = (nodes: readonly TreeNode[]): number => nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
const f2 = (v: number | null): string | null => (v === null ? null : v.toFixed(2));

describe('OKR Lens workspace alignment in a real VS Code', function () {
  let api: OkrLensApi;

  before(async () => {
    api = await activated();
    await revertAndClose();
    await indexSettled(api);
  });
  afterEach(revertAndClose);

  it('"Show Alignment Tree" sends the webview company → team → individual with rolled-up scores, and the webview renders it', async () => {
    const started = Date.now();
    await vscode.commands.executeCommand('okrLens.showAlignmentTree');
    // The render of the latest tree posted: the suite before may have left a panel whose last
    // render is of an older version, and an edit it undid may still be on its way.
    const [rendered, tree] = await until(
      () => {
        const panel = api.alignmentPanel();
        const posted = panel?.lastPosted as TreeMessage | null | undefined;
        const last = panel?.lastRendered;
        return posted && !posted.compare && last?.version === posted.version && last.nodes === countNodes(posted.roots) ? ([last, posted] as const) : null;
      },
      () =>
        `the webview to render the tree posted last (posted version ${(api.alignmentPanel()?.lastPosted as TreeMessage | null | undefined)?.version}, rendered ${JSON.stringify(api.alignmentPanel()?.lastRendered)})`,
    );
    record('treeFirstRenderMs', Date.now() - started);
    assert.deepEqual(
      tree.roots.map((r) => [r.title, r.level, r.path]),
      [['Q4 2026 OKRs — Northwind Analytics', 'company', 'company/q4-2026.okr.md']],
    );
    const co1 = find(tree.roots, (n) => n.title === 'Become the fastest way for a data team to onboard')!;
    const growth1 = find(co1.children, (n) => n.title.startsWith('Make self-serve onboarding so fast'))!;
    const sarah1 = find(growth1.children, (n) => n.title === 'Take the friction out of connecting a first data source')!;
    assert.deepEqual([co1.level, growth1.level, sarah1.level], ['company', 'team', 'individual']);
    assert.deepEqual([f2(co1.score), f2(co1.rolledUpScore), co1.rag, co1.line], ['0.57', '0.64', 'green', 12]);
    assert.deepEqual([growth1.team, f2(growth1.score), f2(growth1.rolledUpScore), growth1.path], ['Growth', '0.66', '0.65', 'teams/growth/q4-2026.okr.md']);
    assert.deepEqual([sarah1.team, f2(sarah1.score), sarah1.owner], ['Sarah Chen (Growth)', '0.65', null]);
    const count = countNodes(tree.roots);
    const paths = new Set<string>();
    const walk = (n: TreeNode): void => {
      paths.add(n.path);
      n.children.forEach(walk);
    };
    tree.roots.forEach(walk);
    assert.equal(count, 64, `every document, objective and KR of the examples (from ${[...paths].join(', ')})`);
    assert.ok(rendered.items >= 20 && rendered.items < count, `${rendered.items} tree items in the webview's DOM (team objectives start collapsed)`);
    assert.deepEqual(tree.teams.map((t) => t.team).sort(), ['Growth', 'Northwind Analytics', 'Platform', 'Sales', 'Sarah Chen (Growth)']);
  });

  it("a KR's hover links to its progress chart: the tree selects the KR and its detail pane draws score, expected pace, confidence, value and target", async () => {
    // As a user would: hover the KR, follow the hover's "Progress chart" command link (its command and arguments, as
    // VS Code runs them on a click), then read back what the webview drew through the panel's lastChart (the
    // webview reports each chart it draws: the node, the series' labels, the number of points).
    const editor = await open('teams/growth/q4-2026.okr.md');
    const row = lineOf(editor.document, '| Self-serve trial-to-paid conversion |');
    const id = await progressChartLink(editor.document.uri, row);
    await vscode.commands.executeCommand('okrLens.showAlignmentTree', id);
    const chart = await drawnChart(api, id);
    assert.deepEqual(chart.series, ['Score', 'Expected pace', 'Confidence', 'Value', 'Target 16%']);
    const posted = api.alignmentPanel()!.lastPosted as TreeMessage;
    const node = find(posted.roots, (n) => n.id === id)!;
    assert.equal(node.title, 'Self-serve trial-to-paid conversion');
    assert.ok(node.progress, 'the open document has a series');
    assert.equal(chart.points, node.progress.points.length);
    assert.equal(node.progress.points[node.progress.points.length - 1]!.text, '13%', 'the last point is the working copy');
    // examples/weekly/ holds the team's update of 20 November (it links to the document): the chart has its point,
    // with the Now it reported, between the document's own versions.
    const weekly = node.progress.points.find((p) => p.weekly?.endsWith('/weekly/growth-weekly-okr-2026-11-20.md'));
    assert.deepEqual(weekly && [weekly.date, weekly.text, weekly.commit], ['2026-11-20', '13%', null], 'a point from the weekly update');
    assert.match(posted.history ?? '', /1 weekly update/);
    assert.equal(node.progress.target, 16);
    assert.equal(node.pace?.text, node.progress.pace ?? undefined, 'the row and the chart say the same pace');
    assert.ok(posted.history);
  });

  it('the Explorer view shows the same graph', async () => {
    const provider = await until(() => api.alignmentView(), 'the Explorer view');
    const roots = (await provider.getChildren()) ?? [];
    assert.deepEqual(
      roots.map((r) => r.title),
      ['Q4 2026 OKRs — Northwind Analytics'],
    );
    const item = await provider.getTreeItem(roots[0]!.children[0]!);
    assert.equal(item.label, 'Become the fastest way for a data team to onboard');
    assert.match(String(item.description), /^own 0\.57 · rolled up 0\.64 Green$/);
    assert.equal(item.command?.command, 'okrLens.openNode');
  });

  it('refreshes the tree live as a document is edited, before it is saved', async () => {
    // The document first, then the panel beside it: both stay visible.
    const editor = await open('people/sarah-chen-q4-2026.okr.md');
    await vscode.commands.executeCommand('okrLens.showAlignmentTree');
    await until(() => api.alignmentPanel()?.lastRendered, 'a first render');
    const before = api.alignmentPanel()!.lastPosted as TreeMessage;
    const line = lineOf(editor.document, '| Trials that start from the sample dataset |') - 1;
    const text = editor.document.lineAt(line).text;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, editor.document.lineAt(line).range, text.replace('| 22% |', '| 30% |'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await until(
      () => {
        const m = api.alignmentPanel()?.lastPosted as TreeMessage | undefined;
        const r = api.alignmentPanel()?.lastRendered;
        return m && r && m.version > before.version && r.version === m.version ? m : null;
      },
      () =>
        `a refreshed tree (before ${before.version}, posted ${(api.alignmentPanel()?.lastPosted as TreeMessage | undefined)?.version}, rendered ${api.alignmentPanel()?.lastRendered?.version}, panel ${api.alignmentPanel() ? 'open' : 'gone'})`,
    );
    const sarahAfter = find(after.roots, (n) => n.title === 'Take the friction out of connecting a first data source')!;
    // Drop-off 0.57, sample dataset 30% of 5% → 30% = 1.00, setup time 0.70: (0.57 + 1 + 0.70) / 3
    assert.equal(f2(sarahAfter.score), '0.76');
  });

  it('reports a broken Supports link with the closest heading in the company document, and follows unsaved heading renames', async () => {
    const company = await open('company/q4-2026.okr.md');
    const growth = await open('teams/growth/q4-2026.okr.md');
    await diagnosticsWhen(growth.document.uri, (ds) => ds.length === 0);
    // Rename the company objective without saving: the team's link no longer resolves.
    const heading = lineOf(company.document, '## Objective 1: Become the fastest way') - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(company.document.uri, company.document.lineAt(heading).range, '## Objective 1: Become the fastest way for any data team to onboard');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await diagnosticsWhen(growth.document.uri, (list) => list.filter((d) => ruleOf(d) === 'alignment-broken-link').length === 2);
    const broken = ds.find((d) => ruleOf(d) === 'alignment-broken-link')!;
    assert.equal(broken.range.start.line + 1, lineOf(growth.document, 'Supports: [Become the fastest way'));
    assert.match(broken.message, /the closest in .* is #objective-1-become-the-fastest-way-for-any-data-team-to-onboard/);
    assert.equal(broken.severity, vscode.DiagnosticSeverity.Error);
    const related = broken.relatedInformation?.[0];
    assert.equal(related?.location.uri.toString(), company.document.uri.toString());
    assert.equal(related!.location.range.start.line, heading);
    // Undo the rename: the findings go away.
    await vscode.window.showTextDocument(company.document);
    await vscode.commands.executeCommand('undo');
    await diagnosticsWhen(growth.document.uri, (list) => list.length === 0);
  });

  it('offers the closest heading as a quick fix for a broken link, applied as one edit', async () => {
    const growth = await open('teams/growth/q4-2026.okr.md');
    await diagnosticsWhen(growth.document.uri, (list) => list.length === 0);
    // The company objective's slug as it was before a rename.
    const supports = lineOf(growth.document, 'Supports: [Become the fastest way') - 1;
    const before = growth.document.lineAt(supports).text;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      growth.document.uri,
      growth.document.lineAt(supports).range,
      before.replace('#objective-1-become-the-fastest-way-for-a-data-team-to-onboard', '#objective-1-become-the-fastest-way-to-onboard'),
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await diagnosticsWhen(growth.document.uri, (list) => list.some((d) => ruleOf(d) === 'alignment-broken-link'));
    const broken = ds.find((d) => ruleOf(d) === 'alignment-broken-link')!;
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        growth.document.uri,
        broken.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fix = actions.find((a) => a.title === 'Link to ../../company/q4-2026.okr.md#objective-1-become-the-fastest-way-for-a-data-team-to-onboard');
    assert.ok(fix?.edit, actions.map((a) => a.title).join('\n'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(growth.document.lineAt(supports).text, before, 'the link is back to the heading as it is');
    await diagnosticsWhen(growth.document.uri, (list) => !list.some((d) => ruleOf(d) === 'alignment-broken-link'));
  });

  it('follows a renamed file: links to its old name break, with the new name suggested', async () => {
    const from = workspaceUri('company/q4-2026.okr.md');
    const to = workspaceUri('company/q4-2026-final.okr.md');
    const growth = await open('teams/growth/q4-2026.okr.md');
    await diagnosticsWhen(growth.document.uri, (list) => list.length === 0);
    const rename = new vscode.WorkspaceEdit();
    rename.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(rename));
    try {
      // All three Growth objectives link to the company document.
      const ds = await diagnosticsWhen(growth.document.uri, (list) => list.filter((d) => ruleOf(d) === 'alignment-broken-link').length === 3);
      assert.match(ds[0]!.message, /did you mean \.\.\/\.\.\/company\/q4-2026-final\.okr\.md\?/);
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.renameFile(to, from);
      assert.ok(await vscode.workspace.applyEdit(back));
    }
    await diagnosticsWhen(growth.document.uri, (list) => list.length === 0);
  });

  it('gives an objective the quality okr-lens check gives, its workspace findings included', async () => {
    const uri = workspaceUri('teams/data/q4-2026.okr.md');
    const text =
      "# Q4 2026 OKRs — Data\n\n## Context\n\n- Biggest risk: the warehouse migration\n\n## Objective 1: Make every dashboard trustworthy\nSupports: CO-9\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Dashboards with tested queries | 20% | 80% | 45% | Ines | 0.5 |\n| Data incidents | 6/month | 1/month | 3/month | Ines | 0.5 |\n\n## What we're NOT doing this quarter\n\n- Real-time streaming\n";
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      const editor = await vscode.window.showTextDocument(uri);
      await diagnosticsWhen(uri, (list) => list.some((d) => ruleOf(d) === 'alignment-broken-link'));
      const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
      const cli = path.join(repoRoot(), 'out', 'cli.js');
      const checked = spawnSync(process.execPath, [cli, 'check', uri.fsPath, '--workspace', root, '--no-history', '--no-color'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      const fromCli = /^ {2}quality (\d+)\/100 {2}Make every dashboard trustworthy {2}lost: .*alignment-broken-link/m.exec(checked.stdout)?.[1];
      assert.ok(fromCli, checked.stdout + checked.stderr);
      const objective = lineOf(editor.document, '## Objective 1');
      const lens = (await lensTitles(uri)).find((l) => l.line === objective);
      assert.ok(lens, 'the objective has a lens');
      assert.match(lens.title, new RegExp(` · quality ${fromCli}/100$`), lens.title);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await until(() => !api.engine.workspace.tree().roots.some((r) => r.path === 'teams/data/q4-2026.okr.md'), 'the deleted document to leave the tree');
  });

  it('indexes a new file, reports its orphan objective, and forgets the file when it is deleted', async () => {
    const uri = workspaceUri('teams/data/q4-2026.okr.md');
    const text =
      "# Q4 2026 OKRs — Data\n\n## Context\n\n- Biggest risk: the warehouse migration\n\n## Objective 1: Make every dashboard trustworthy\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Dashboards with tested queries | 20% | 80% | 45% | Ines | 0.5 |\n| Data incidents | 6/month | 1/month | 3/month | Ines | 0.5 |\n\n## What we're NOT doing this quarter\n\n- Real-time streaming\n";
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      const provider = api.alignmentView()!;
      await until(
        () => api.engine.workspace.tree().roots.some((r) => r.path === 'teams/data/q4-2026.okr.md'),
        () =>
          `the new document in the tree (indexed: ${api.engine.workspace.index.has(uri.path)}, objectives: ${api.engine.workspace.index.get(uri.path)?.objectives.length}, roots: ${api.engine.workspace
            .tree()
            .roots.map((r) => r.path)
            .join(', ')})`,
      );
      assert.ok(((await provider.getChildren()) ?? []).some((r) => r.title === 'Q4 2026 OKRs — Data'));
      const editor = await vscode.window.showTextDocument(uri);
      const ds = await diagnosticsWhen(uri, (list) => list.some((d) => ruleOf(d) === 'alignment-orphan'));
      assert.equal(ds.find((d) => ruleOf(d) === 'alignment-orphan')!.range.start.line + 1, lineOf(editor.document, '## Objective 1'));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await until(() => !api.engine.workspace.tree().roots.some((r) => r.path === 'teams/data/q4-2026.okr.md'), 'the deleted document to leave the tree');
  });

  it('keeps a deleted file out of the index when VS Code analyses its closed document again', async () => {
    // VS Code keeps a closed editor's document in memory for minutes; a settings change (or any
    // workspace event) analyses every such document again. Without unsaved edits it is not the file.
    const key = 'teams/ghost/q4-2026.okr.md';
    const uri = workspaceUri(key);
    const inTree = (): boolean => api.engine.workspace.tree().roots.some((r) => r.path === key);
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        '# Q4 2026 OKRs — Ghost\n\n## Objective 1: Make every report arrive on time\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Reports on time | 60% | 95% | 70% | Ana | 0.5 |\n',
      ),
    );
    let document: vscode.TextDocument;
    try {
      await until(inTree, 'the new document in the tree');
      document = (await vscode.window.showTextDocument(uri)).document;
      assert.ok(api.engine.analysisOf(document));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(workspaceUri('teams/ghost'), { recursive: true });
    }
    await until(() => !inTree(), 'the deleted document to leave the tree');
    assert.ok(!document.isClosed && vscode.workspace.textDocuments.includes(document), 'VS Code still holds the document');
    api.engine.reloadConfig();
    assert.ok(api.engine.analysisOf(document), 'the document itself is still analysed');
    assert.ok(!inTree(), 'the deleted file came back into the tree');
    assert.ok(!api.engine.workspace.index.has(uri.path), 'the deleted file came back into the index');
  });

  it('indexes OKR documents written into new folders and a folder moved in, though the file watcher may report only the folders', async () => {
    // inotify watches a new folder only once it has seen it: files written into it before that
    // (`git checkout`, `mkdir -p` and a write, a folder moved in) may have no event of their own.
    const doc = (team: string) =>
      `# Q4 2026 OKRs — ${team}\n\n## Objective 1: Close the books in ${team} faster\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| Days to close the month | 12 | 5 | 8 | Ana | 0.5 |\n`;
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-moved-'));
    fs.mkdirSync(path.join(outside, 'finance', 'nested'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'finance', 'q4-2026.okr.md'), doc('Finance'));
    fs.writeFileSync(path.join(outside, 'finance', 'nested', 'q4-2026.okr.md'), doc('Payroll'));
    // Not indexed: a folder the first scan skips too. Not followed: a link to a parent folder.
    fs.mkdirSync(path.join(outside, 'finance', 'node_modules', 'kit'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'finance', 'node_modules', 'kit', 'q4-2026.okr.md'), doc('Vendored'));
    fs.symlinkSync('..', path.join(outside, 'finance', 'nested', 'up'), 'dir');
    const root = workspaceUri('teams').fsPath;
    const paths = ['teams/finance/q4-2026.okr.md', 'teams/finance/nested/q4-2026.okr.md'];
    try {
      fs.renameSync(path.join(outside, 'finance'), path.join(root, 'finance'));
      for (let i = 0; i < 20; i++) {
        fs.mkdirSync(path.join(root, `unit-${i}`, 'q4'), { recursive: true });
        fs.writeFileSync(path.join(root, `unit-${i}`, 'q4', 'okrs.okr.md'), doc(`Unit ${i}`));
        paths.push(`teams/unit-${i}/q4/okrs.okr.md`);
      }
      await until(
        () => paths.every((p) => api.engine.workspace.tree().roots.some((r) => r.path === p)),
        () => `every new document in the tree (missing: ${paths.filter((p) => !api.engine.workspace.tree().roots.some((r) => r.path === p)).join(', ')})`,
      );
      assert.deepEqual(
        api.engine.workspace.index.keys().filter((k) => k.includes('/node_modules/') || k.includes('/up/')),
        [],
      );
    } finally {
      for (const folder of ['finance', ...Array.from({ length: 20 }, (_, i) => `unit-${i}`)])
        fs.rmSync(path.join(root, folder), { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
    await until(() => !api.engine.workspace.tree().roots.some((r) => paths.includes(r.path)), 'the deleted folders to leave the tree');
  });

  it('leaves the index alone when another extension opens a view of a workspace file under its own scheme, as git does for the quick diff', async () => {
    const sales = workspaceUri('teams/sales/q4-2026.okr.md');
    const salesNodes = (): number => {
      let n = 0;
      const walk = (node: TreeNode): void => {
        if (node.path === 'teams/sales/q4-2026.okr.md') n++;
        node.children.forEach(walk);
      };
      api.engine.workspace.tree().roots.forEach(walk);
      return n;
    };
    await indexSettled(api);
    const before = api.engine.workspace.tree().version;
    const nodes = salesNodes();
    assert.ok(nodes > 0);
    // The file's text at some commit, the way git's `git:` documents hold it: here a different one.
    const provider = vscode.workspace.registerTextDocumentContentProvider('okr-lens-it-view', {
      provideTextDocumentContent: () => '# Q4 2026 OKRs — Sales\n\n## Objective 1: Something else\n',
    });
    try {
      const view = await vscode.workspace.openTextDocument(sales.with({ scheme: 'okr-lens-it-view' }));
      await vscode.languages.setTextDocumentLanguage(view, 'markdown');
      await vscode.window.showTextDocument(view);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(api.engine.workspace.tree().version, before, 'the index did not change');
      assert.deepEqual(vscode.languages.getDiagnostics(view.uri), [], 'no diagnostics on the view');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      provider.dispose();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(salesNodes(), nodes, 'the file is still in the tree after the view closed');
  });

  it('opening a node shows its source line (what a click in the tree views does)', async () => {
    await vscode.commands.executeCommand('okrLens.showAlignmentTree');
    await until(() => api.alignmentPanel()?.lastRendered, 'a render');
    const tree = api.alignmentPanel()!.lastPosted as TreeMessage;
    const node = find(tree.roots, (n) => n.title === 'Make inviting a teammate the natural next step after the first dashboard')!;
    await vscode.commands.executeCommand('okrLens.openNode', node.id);
    const editor = await until(
      () => vscode.window.activeTextEditor?.document.uri.path.endsWith('people/sarah-chen-q4-2026.okr.md') && vscode.window.activeTextEditor,
      'the editor',
    );
    assert.equal(editor.selection.active.line + 1, node.line);
    assert.equal(editor.document.lineAt(node.line - 1).text, '## Objective 2: Make inviting a teammate the natural next step after the first dashboard');
  });
});
