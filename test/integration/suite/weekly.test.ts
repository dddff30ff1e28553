import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, diagnosticsWhen, exists, open, revertAndClose, ruleOf, thisMonday, undoCreation, until, workspaceUri } from './helpers';

/**
 * "OKR Lens: New Weekly Update", run from the command as a user runs it (it
 * asks nothing: the quarterly document in the editor says which team), on
 * the examples workspace: the file it creates, what the weekly rules say of
 * it, running it again, and undo, which removes the file.
 */
const GROWTH = 'teams/growth/q4-2026.okr.md';

describe('OKR Lens New Weekly Update in a real VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    await activated();
  });

  after(revertAndClose);

  it("creates this week's update of the team beside its quarterly document, opens it, and undo removes it", async () => {
    const monday = thisMonday();
    const expected = workspaceUri(`teams/growth/weekly/${monday}.okr.md`);
    assert.ok(!(await exists(expected)), 'no update for this week yet');
    const quarterly = (await open(GROWTH)).document;
    const original = quarterly.getText();

    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('okrLens.newWeeklyUpdate');
    assert.equal(created?.toString(), expected.toString());
    const editor = await until(
      () => vscode.window.activeTextEditor?.document.uri.toString() === expected.toString() && vscode.window.activeTextEditor,
      'the update to open',
    );
    const doc = editor.document;
    assert.ok(await exists(expected), 'the file is created');
    const text = doc.getText();
    assert.match(text, new RegExp(`^# Weekly OKR Update — ${monday} — Growth\\n`));
    assert.match(text, /\[Q4 2026 OKRs — Growth\]\(\.\.\/q4-2026\.okr\.md\)/);
    assert.match(text, /^\| KR +\| Last +\| Now +\| Δ +\| Last confidence \| Confidence \| Confidence Δ \| Note \|$/m);
    // Last from the previous update (examples/weekly, which links to the Growth document); Now from the document.
    assert.match(text, /^\| Time to first value \(median\) +\| 4 days +\| 4 days +\| 0 days +\| +\| 0\.6 +\|/m);
    assert.match(text, /^\| Product-qualified leads handed to Sales +\| 58\/month +\| 58\/month +\| 0\/month +\|/m);
    // Every KR of the team, the one the previous update left out too.
    for (const kr of ['Onboarding wizard completion', 'Workspaces inviting a teammate within 7 days', 'Signups from shared dashboards'])
      assert.match(text, new RegExp(`^\\| ${kr} +\\|`, 'm'));
    assert.match(text, /^## Top 3 This Week\n\n.*\n\n1\. … → supports \[…\]\n2\. … → supports \[…\]\n3\. … → supports \[…\]\n\n## Blockers\n/m);
    assert.equal(quarterly.getText(), original, 'the quarterly document is left as it was');

    // An OKR weekly document: the weekly rules check it, and only the three priorities left to fill are flagged.
    // (The file is created, then written, in one edit: the empty file's analysis may be published first.)
    const expectedRules = ['priority-not-linked', 'priority-not-linked', 'priority-not-linked'];
    await diagnosticsWhen(doc.uri, (ds) => JSON.stringify(ds.map(ruleOf)) === JSON.stringify(expectedRules));

    // Run again from the quarterly document: this week's update is there, so it is opened, not replaced.
    await vscode.window.showTextDocument(quarterly);
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('okrLens.newWeeklyUpdate');
    assert.equal(again?.toString(), expected.toString());
    await until(() => vscode.window.activeTextEditor?.document.uri.toString() === expected.toString(), 'the existing update to open');
    assert.equal(doc.getText(), text);

    // Undo: one edit created the file and wrote its text; undoing it leaves no file behind.
    await undoCreation(doc);
    assert.ok(!(await exists(expected)), 'undo removes the update');
    assert.equal(quarterly.getText(), original);
  });
});
