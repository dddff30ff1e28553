import * as vscode from 'vscode';
import type { CheckReport } from '../../src/core/report/json';
import type { TreeMessage } from '../../src/core/workspace/protocol';
import type { OkrLensApi } from '../../src/extension';
import {
  activated,
  diagnosticLines,
  diagnosticsWhen,
  find,
  indexSettled,
  lensTitles,
  open,
  revertAndClose,
  ruleOf,
  SEVERITY,
  until,
  workspaceUri,
} from '../integration/suite/helpers';

/**
 * OKR Lens as vscode.dev and github.dev run it: the web build (package.json
 * `browser`) of the packaged extension, in the browser's web worker extension
 * host, on a workspace it reads only through VS Code's file system API. The
 * launcher wrote `okr-lens check --format json` of the same files to
 * okr-lens-check.json in the workspace: the editor must say what it says.
 */

/** The assertions of node:assert that these tests use (there is no Node here). */
function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}
function same(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual, null, 1), JSON.stringify(expected, null, 1)];
  if (a !== e) throw new Error(`${what}\n  expected: ${e}\n  actual:   ${a}`);
}

describe('OKR Lens in the web worker extension host (vscode.dev, github.dev)', function () {
  this.timeout(120_000);
  let api: OkrLensApi;
  let report: CheckReport;

  before(async () => {
    api = await activated();
    report = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('okr-lens-check.json')))) as CheckReport;
    await indexSettled(api);
  });
  afterEach(revertAndClose);

  it('runs the browser build, with no Node, on a workspace that is not on a local disk', () => {
    ok(typeof (globalThis as { process?: unknown }).process === 'undefined', 'this extension host has Node’s process object');
    ok(vscode.workspace.workspaceFolders?.[0]?.uri.scheme !== 'file', `the workspace is ${vscode.workspace.workspaceFolders?.[0]?.uri.toString()}`);
  });

  it('shows the findings and scores okr-lens check reports, for every document', async () => {
    const mismatches: string[] = [];
    let findings = 0;
    for (const file of report.files) {
      const uri = workspaceUri(file.path);
      const expected = file.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId} ${SEVERITY[d.severity]} ${d.message}`).sort();
      findings += expected.length;
      const seen = (): string[] => diagnosticLines(uri);
      await vscode.workspace.openTextDocument(uri);
      if (!(await until(() => JSON.stringify(seen()) === JSON.stringify(expected), file.path, 20_000).catch(() => false)))
        mismatches.push(`${file.path}:\n  okr-lens check: ${expected.join('\n    ')}\n  editor: ${seen().join('\n    ')}`);
      if (file.kind !== 'okr') continue;
      const lenses = await lensTitles(uri);
      for (const objective of file.objectives) {
        const lens = lenses.find((l) => l.line === objective.line && l.title.startsWith('Objective '));
        const score = objective.score === null ? 'no score yet' : objective.score.toFixed(2);
        if (!lens?.title.includes(score) || !lens.title.includes(`quality ${objective.quality.score}/100`))
          mismatches.push(`${file.path}:${objective.line}: score ${score}, quality ${objective.quality.score} from okr-lens check, lens “${lens?.title}”`);
      }
    }
    same(mismatches, [], 'the editor and okr-lens check differ');
    ok(report.files.length >= 5 && findings > 5, `${report.files.length} documents, ${findings} findings compared`);
  });

  it('explains a score in a hover, offers quick fixes, lists symbols and shows the score in the status bar', async () => {
    const editor = await open('teams/sales/q4-2026.okr.md');
    const doc = editor.document;
    const diagnostics = await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'doc-missing-context'));
    const target = diagnostics.find((d) => ruleOf(d) === 'doc-missing-context')!;

    const kr = report.files
      .find((f) => f.path === 'teams/sales/q4-2026.okr.md')!
      .objectives.flatMap((o) => o.keyResults)
      .find((k) => k.score !== null)!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(kr.line - 1, 4));
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    ok(hover.includes(kr.score!.toFixed(2)) && hover.includes('='), `the hover on line ${kr.line} shows no arithmetic: ${hover}`);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Add a Context section to fill in');
    ok(fix?.edit, actions.map((a) => a.title).join(' / '));
    const original = doc.getText();
    ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix did not apply');
    ok(/\n## Context\n/.test(doc.getText()), 'the quick fix added no Context section');
    await vscode.commands.executeCommand('undo');
    same(doc.getText(), original, 'undo restores the text');

    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
    const objectives = report.files.find((f) => f.path === 'teams/sales/q4-2026.okr.md')!.objectives;
    same(
      symbols.filter((s) => s.kind === vscode.SymbolKind.Class || s.children.length > 0).length >= objectives.length,
      true,
      `document symbols: ${symbols.map((s) => s.name).join(' / ')}`,
    );

    const status = await until(() => api.statusBar(), 'the status bar item');
    ok(/^\$\(graph\) OKR (\d\.\d\d \w+|not scored)$/.test(status), status);
  });

  it('writes a new quarter’s document from the template, its questions answered, with workspace.fs', async () => {
    const done = vscode.commands.executeCommand<vscode.TextDocument | undefined>('okrLens.newDocument');
    // Each question (team, quarter, Supports, where to save) answered through the test API: the default, or Growth for the team.
    let path = '';
    for (let i = 0; i < 4; i++) {
      const p = await until(() => api.prompt(), 'a question of New OKR Document');
      if (p.kind === 'input') path = p.value;
      await p.answer(/team/.test(p.title) ? 'Growth' : undefined);
      await until(() => (api.prompt() === p ? null : true), 'the question answered');
      if (p.kind === 'input') break;
    }
    const document = (await done)!;
    ok(/^teams\/growth\/q\d-\d{4}\.okr\.md$/.test(path), path);
    ok(/^# Q\d \d{4} OKRs — Growth\n/.test(document.getText()) && document.getText().includes('## Objective 1'), document.getText());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(workspaceUri(path));
  });

  it('draws the alignment tree across the workspace’s documents, found with findFiles and read with workspace.fs', async () => {
    const roots = (await api.alignmentView()!.getChildren()) ?? [];
    const paths = new Set<string>();
    const walk = (nodes: typeof roots): void =>
      nodes.forEach((n) => {
        paths.add(n.path);
        walk(n.children);
      });
    walk(roots);
    const okrFiles = report.files.filter((f) => f.kind === 'okr').map((f) => f.path);
    for (const file of okrFiles)
      ok(
        [...paths].some((p) => p.endsWith(file)),
        `${file} is not in the tree: ${[...paths].join(', ')}`,
      );
    // A team objective under the company objective it supports, across files.
    const supported = find(
      roots,
      (n) => n.kind === 'objective' && n.level === 'company' && n.children.some((c) => c.kind === 'objective' && c.level === 'team'),
    );
    ok(supported, 'no company objective with a team objective under it');

    await vscode.commands.executeCommand('okrLens.showAlignmentTree');
    const rendered = await until(() => api.alignmentPanel()?.lastRendered, 'the alignment tree webview to render', 30_000);
    ok(rendered.items > 0, `the webview rendered ${rendered.items} items`);

    // No git here: an open document's chart comes from its team's weekly updates (examples/weekly/) and the working copy.
    await open('teams/growth/q4-2026.okr.md');
    await vscode.commands.executeCommand('okrLens.showAlignmentTree');
    const kr = await until(
      () => {
        const posted = api.alignmentPanel()?.lastPosted as TreeMessage | null | undefined;
        const node = posted ? find(posted.roots, (n) => n.kind === 'keyResult' && n.title === 'Self-serve trial-to-paid conversion') : undefined;
        return node?.progress?.points.some((p) => p.weekly) ? ([node, posted!] as const) : null;
      },
      () => `a weekly update's point in the conversion KR's chart (history: ${(api.alignmentPanel()?.lastPosted as TreeMessage | null)?.history})`,
      30_000,
    );
    same(
      kr[0].progress!.points.map((p) => [p.date, p.text, p.weekly ? p.weekly.slice(p.weekly.lastIndexOf('/') + 1) : null]).slice(0, 1),
      [['2026-11-20', '13%', 'growth-weekly-okr-2026-11-20.md']],
      "the weekly update's point",
    );
    ok(/no git/.test(kr[1].history ?? '') && /1 weekly update/.test(kr[1].history ?? ''), `history: ${kr[1].history}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('says where git-aware features are off: the rollup preview and the score report', async () => {
    const preview = await api.engine.preview().message();
    ok('problem' in preview && /browser/.test(preview.problem) && /git/.test(preview.problem), JSON.stringify(preview));
    await open('teams/sales/q4-2026.okr.md');
    const lines = await vscode.commands.executeCommand<string[]>('okrLens.showReport');
    ok(
      lines.some((l) => /browser/.test(l) && /moving-goalposts, stale-kr/.test(l)),
      `the score report does not say what is off: ${lines.slice(-3).join(' / ')}`,
    );
  });
});
