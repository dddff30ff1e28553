import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OkrLensApi } from '../../../src/extension';
import type { TreeMessage, TreeNode } from '../../../src/core/workspace/protocol';
import { activated, diagnosticsWhen, find, lineOf, open, revertAndClose, ruleOf, until } from './helpers';

const GROWTH = 'teams/growth/q4-2026.okr.md';
/** Current values in the Q4 plan; yesterday's check-in changed them to the examples' values, all but the conversion KR's 13%. */
const PLANNED: Array<[now: string, then: string]> = [
  ['| 7 days | < 2 days | 4 days |', '| 7 days | < 2 days | 6 days |'],
  ['| 46% | 70% | 63% |', '| 46% | 70% | 50% |'],
  ['| 25/month | 60/month | 58/month |', '| 25/month | 60/month | 30/month |'],
  ['| 12% | 25% | 14% |', '| 12% | 25% | 12% |'],
  ['| 12/month | 50/month | 36/month |', '| 12/month | 50/month | 20/month |'],
  ['| 22% | 35% |  |', '| 22% | 35% | 23% |'],
  ['| 8/month | 30/month | 21/month |', '| 8/month | 30/month | 10/month |'],
];

/**
 * The examples as committed: one stale-kr, on the conversion KR's 13%. (Its range is checked too: after an
 * undo, the diagnostics of the edited text stay up until the debounced analysis publishes new ones.)
 */
const asCommitted =
  (doc: vscode.TextDocument) =>
  (list: readonly vscode.Diagnostic[]): boolean =>
    list.length === 1 && ruleOf(list[0]!) === 'stale-kr' && doc.getText(list[0]!.range) === '13%';

/** Undoes the last edit of a document in its editor, and waits until the text shows it. */
async function undo(doc: vscode.TextDocument): Promise<void> {
  const before = doc.getText();
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('undo');
  await until(() => doc.getText() !== before, 'the undo to reach the document');
}

describe('OKR Lens history in a real VS Code', function () {
  let root: string;
  let api: OkrLensApi;

  before(async () => {
    api = await activated();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // The examples as a repository: the Q4 plan committed before the quarter started, then yesterday's check-in (the examples as they are).
    const file = path.join(root, ...GROWTH.split('/'));
    const checkedIn = fs.readFileSync(file, 'utf8');
    const commit = (message: string, date: string): void => {
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 'Maria',
        GIT_AUTHOR_EMAIL: 'maria@example.com',
        GIT_COMMITTER_NAME: 'Maria',
        GIT_COMMITTER_EMAIL: 'maria@example.com',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      };
      execFileSync('git', ['add', '-A'], { cwd: root, env });
      execFileSync('git', ['commit', '-q', '-m', message], { cwd: root, env });
    };
    execFileSync('git', ['init', '-q'], { cwd: root });
    let plan = checkedIn;
    for (const [now, then] of PLANNED) {
      assert.ok(plan.includes(now), now);
      plan = plan.replace(now, then);
    }
    try {
      fs.writeFileSync(file, plan);
      commit('Q4 plan', '2026-09-28T10:00:00Z');
    } finally {
      fs.writeFileSync(file, checkedIn);
    }
    commit('weekly check-in', new Date(Date.now() - 86_400_000).toISOString());
  });
  after(async () => {
    await revertAndClose();
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  it('reports a target edited after the lock as moving-goalposts, against the unsaved working copy', async () => {
    const editor = await open(GROWTH);
    const doc = editor.document;
    const original = doc.getText();
    await diagnosticsWhen(doc.uri, asCommitted(doc));
    const line = lineOf(doc, '| Self-serve trial-to-paid conversion |') - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(line).range, doc.lineAt(line).text.replace('| 9% | 16% |', '| 9% | 14% |'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await diagnosticsWhen(doc.uri, (list) => list.some((d) => ruleOf(d) === 'moving-goalposts'));
    const moved = ds.find((d) => ruleOf(d) === 'moving-goalposts')!;
    assert.equal(moved.range.start.line, line);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      moved.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((a) => a.title === 'Disable moving-goalposts here (with a reason)'),
      actions.map((a) => a.title).join(' / '),
    );
    assert.match(
      moved.message,
      /^Target moved since the lock \(16% → 14%\): keep the locked value, .* Lock: the version in place on 2026-10-01 \([0-9a-f]{7} by Maria, 2026-09-28\)\.$/,
    );
    // A reasoned suppression in the KR's cell keeps the change.
    const keep = new vscode.WorkspaceEdit();
    keep.replace(
      doc.uri,
      doc.lineAt(line).range,
      doc
        .lineAt(line)
        .text.replace(
          '| Self-serve trial-to-paid conversion |',
          '| Self-serve trial-to-paid conversion <!-- okr-lens-disable-line moving-goalposts -- re-scoped at the mid-quarter review --> |',
        ),
    );
    assert.ok(await vscode.workspace.applyEdit(keep));
    await diagnosticsWhen(doc.uri, (list) => !list.some((d) => ruleOf(d) === 'moving-goalposts'));
    // Both edits undone: the document is as it was on disk, for the suites that follow.
    await undo(doc);
    await undo(doc);
    assert.equal(doc.getText(), original);
    // The workbench may have auto-saved an edit in between: save the original text back.
    assert.ok(await doc.save());
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)), original);
    await diagnosticsWhen(doc.uri, asCommitted(doc));
  });

  it('reports a KR whose current value has not moved for three weeks as stale-kr, and the hover shows its check-in trail', async () => {
    const editor = await open(GROWTH);
    const doc = editor.document;
    const original = doc.getText();
    const hover = async (line: number): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 4));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    const conversion = lineOf(doc, '| Self-serve trial-to-paid conversion |') - 1;
    // Only the conversion KR kept its value (13%) since the plan of 2026-09-28; the quarter's days count from 2026-10-01.
    const ds = await diagnosticsWhen(doc.uri, asCommitted(doc));
    assert.deepEqual(
      ds.map((d) => [d.range.start.line, d.severity, doc.getText(d.range)]),
      [[conversion, vscode.DiagnosticSeverity.Information, '13%']],
    );
    assert.match(ds[0]!.message, /^No check-in for \d+ days \(13% since 2026-10-01\): write a fresh current value/);
    // The hover: a sparkline of the KR's scores over the two commits, and its values as they changed.
    assert.match(await hover(conversion), /Check-ins: `▅▅ {2}13% {2}\(2 commits\)`/);
    assert.match(await hover(lineOf(doc, '| Time to first value (median) |') - 1), /Check-ins: `[▁▂▃▄▅▆▇█]{2} {2}6 days → 4 days {2}\(2 commits\)`/);

    // A fresh reading typed in (unsaved) is a check-in: the finding goes, and the trail ends with the working copy.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(conversion).range, doc.lineAt(conversion).text.replace('| 16% | 13% |', '| 16% | 14% |'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsWhen(doc.uri, (list) => list.length === 0);
    assert.match(await hover(conversion), /Check-ins: `▅▅▆ {2}13% → 14% {2}\(2 commits and the working copy\)`/);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original);
    assert.ok(await doc.save());
    await diagnosticsWhen(doc.uri, asCommitted(doc));
  });

  it('offers to fill a missing baseline with the value git recorded when the quarter started', async () => {
    const editor = await open(GROWTH);
    const doc = editor.document;
    const original = doc.getText();
    await diagnosticsWhen(doc.uri, asCommitted(doc));
    const row = lineOf(doc, '| Time to first value (median) |') - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(row).range, doc.lineAt(row).text.replace('| 7 days | < 2 days |', '|  | < 2 days |'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await diagnosticsWhen(doc.uri, (list) => list.some((d) => ruleOf(d) === 'kr-missing-baseline' && d.range.start.line === row));
    const missing = ds.find((d) => ruleOf(d) === 'kr-missing-baseline' && d.range.start.line === row)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      missing.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // The plan committed on 2026-09-28, before the quarter's first day, said 6 days.
    assert.equal(actions[0]?.title, 'Fill in the baseline from git: 6 days (the current value on 2026-09-28)', actions.map((a) => a.title).join(' / '));
    assert.equal(actions[0]!.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(actions[0]!.edit!));
    assert.match(doc.lineAt(row).text, /^\| Time to first value \(median\) \| 6 days \| < 2 days \| 4 days \|/);
    await diagnosticsWhen(doc.uri, (list) => !list.some((d) => ruleOf(d) === 'kr-missing-baseline'));
    await undo(doc);
    await undo(doc);
    assert.equal(doc.getText(), original);
    assert.ok(await doc.save());
    await diagnosticsWhen(doc.uri, asCommitted(doc));
  });

  it('"Show Score Report" reports the findings the Problems panel shows, history ones (stale-kr) included', async () => {
    const editor = await open(GROWTH);
    const doc = editor.document;
    const ds = await diagnosticsWhen(doc.uri, asCommitted(doc));
    const lines = await vscode.commands.executeCommand<string[]>('okrLens.showReport');
    assert.ok(Array.isArray(lines), 'the command returns the lines it printed');
    const findings = lines.filter((l) => /^\S+:\d+:\d+ (error|warning|info) /.test(l));
    assert.deepEqual(
      findings.map((l) => /:(\d+):\d+ \w+ ([\w-]+) /.exec(l)!.slice(1).join(' ')),
      ds.map((d) => `${d.range.start.line + 1} ${ruleOf(d)}`),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => / · 0 errors, 0 warnings, 1 info$/.test(l)),
      lines.join('\n'),
    );
  });

  it('"Preview rollup before commit" shows the tree with what an unsaved change moves since HEAD', async () => {
    const editor = await open(GROWTH);
    const doc = editor.document;
    const original = doc.getText();
    const head = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    // A check-in that meets the conversion target, and a KR taken out.
    const conversion = lineOf(doc, '| Self-serve trial-to-paid conversion |') - 1;
    const wizard = lineOf(doc, '| Onboarding wizard completion |') - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(conversion).range, doc.lineAt(conversion).text.replace('| 16% | 13% |', '| 16% | 16% |'));
    edit.delete(doc.uri, doc.lineAt(wizard).rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);

    await vscode.commands.executeCommand('okrLens.previewRollup');
    const panel = api.alignmentPanel()!;
    const preview = await until(
      () => {
        const posted = panel.lastPosted as TreeMessage | null;
        return posted?.compare && panel.lastRendered?.version === posted.version && find(posted.roots, (n) => n.delta?.label.includes('1.00') === true)
          ? posted
          : null;
      },
      () => `a rendered preview with the change (last posted: ${JSON.stringify((panel.lastPosted as TreeMessage | null)?.compare)})`,
    );
    const compare = preview.compare!;
    assert.deepEqual([compare.since, compare.commit, compare.what], ['HEAD', head, 'the working copy, unsaved edits included']);
    const kr = find(preview.roots, (n) => n.kind === 'keyResult' && n.title === 'Self-serve trial-to-paid conversion' && n.path === GROWTH)!;
    assert.deepEqual(kr.delta, { change: 'changed', label: '0.57 → 1.00 (+0.43) · Amber → Stretch', trend: 'up' });
    const objective = find(preview.roots, (n) => n.kind === 'objective' && n.path === GROWTH && n.title.startsWith('Make self-serve onboarding so fast'))!;
    // Its own score: (0.70 + 1.00) / 2 without the wizard KR, against (0.70 + 0.57 + 0.71) / 3; Sarah's objective under it did not move.
    assert.deepEqual([objective.delta?.label, objective.delta?.trend], ['own 0.66 → 0.85 (+0.19)', 'up']);
    assert.equal(find(preview.roots, (n) => n.path === 'company/q4-2026.okr.md' && n.kind === 'document')!.delta?.trend, 'up');
    assert.deepEqual(
      compare.removed.map((r) => [r.kind, r.title, r.path, r.label]),
      [['keyResult', 'Onboarding wizard completion', GROWTH, 'removed (was 0.71)']],
    );
    // Nodes that did not move carry no delta: the Platform team's, for one.
    assert.ok(find(preview.roots, (n) => n.path.startsWith('teams/platform/') && n.kind === 'objective' && n.delta === undefined));
    let moved = 0;
    const walk = (n: TreeNode): void => {
      if (n.delta) moved++;
      n.children.forEach(walk);
    };
    preview.roots.forEach(walk);
    assert.equal(compare.changes, moved + compare.removed.length + compare.documents.length);
    // The Growth team's own rollup (its document sits under the company objectives it supports).
    assert.deepEqual(
      compare.documents.map((d) => [d.team, d.path, d.trend]),
      [['Growth', GROWTH, 'up']],
    );

    // "Show Alignment Tree" goes back to the plain tree.
    await vscode.commands.executeCommand('okrLens.showAlignmentTree');
    await until(
      () => panel.lastPosted && !(panel.lastPosted as TreeMessage).compare && panel.lastRendered?.version === (panel.lastPosted as TreeMessage).version,
      'the plain tree again',
    );
    // Undo in the document's editor (the panel has the focus now).
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original);
  });
});
