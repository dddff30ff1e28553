import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OkrLensApi } from '../../../src/extension';
import { diagnosticsWhen, EXTENSION_ID, lineOf, open, revertAndClose, ruleOf } from './helpers';

describe('OKR Lens history in a real VS Code', function () {
  let root: string;

  before(async () => {
    await vscode.extensions.getExtension<OkrLensApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // The examples as a repository whose Q4 plan was committed before the quarter started.
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Maria', GIT_AUTHOR_EMAIL: 'maria@example.com', GIT_COMMITTER_NAME: 'Maria', GIT_COMMITTER_EMAIL: 'maria@example.com', GIT_AUTHOR_DATE: '2026-09-28T10:00:00Z', GIT_COMMITTER_DATE: '2026-09-28T10:00:00Z' };
    execFileSync('git', ['init', '-q'], { cwd: root, env });
    execFileSync('git', ['add', 'teams'], { cwd: root, env });
    execFileSync('git', ['commit', '-q', '-m', 'Q4 plan'], { cwd: root, env });
  });
  after(async () => {
    await revertAndClose();
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  it('reports a target edited after the lock as moving-goalposts, against the unsaved working copy', async () => {
    const editor = await open('teams/growth/q4-2026.okr.md');
    const doc = editor.document;
    const original = doc.getText();
    await diagnosticsWhen(doc.uri, (ds) => ds.length === 0);
    const line = lineOf(doc, '| Self-serve trial-to-paid conversion |') - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(line).range, doc.lineAt(line).text.replace('| 9% | 16% |', '| 9% | 14% |'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await diagnosticsWhen(doc.uri, (list) => list.some((d) => ruleOf(d) === 'moving-goalposts'));
    const moved = ds.find((d) => ruleOf(d) === 'moving-goalposts')!;
    assert.equal(moved.range.start.line, line);
    assert.match(moved.message, /^The target of “Self-serve trial-to-paid conversion” was 16% when the quarter's targets were locked \(the version in place on 2026-10-01: [0-9a-f]{7} by Maria, 2026-09-28\) and is 14% now\./);
    // A reasoned suppression in the KR's cell keeps the change.
    const keep = new vscode.WorkspaceEdit();
    keep.replace(doc.uri, doc.lineAt(line).range, doc.lineAt(line).text.replace('| Self-serve trial-to-paid conversion |', '| Self-serve trial-to-paid conversion <!-- okr-lens-disable-line moving-goalposts -- re-scoped at the mid-quarter review --> |'));
    assert.ok(await vscode.workspace.applyEdit(keep));
    await diagnosticsWhen(doc.uri, (list) => !list.some((d) => ruleOf(d) === 'moving-goalposts'));
    // Both edits undone: the document is as it was on disk, for the suites that follow.
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original);
    // The workbench may have auto-saved an edit in between: save the original text back.
    assert.ok(await doc.save());
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)), original);
    await diagnosticsWhen(doc.uri, (list) => list.length === 0);
  });
});
