import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeMessage } from '../../../src/core/workspace/protocol';
import type { OkrLensApi } from '../../../src/extension';
import {
  activated,
  checkInInputTitled,
  drawnChart,
  eventually,
  exists,
  find,
  inlayHints,
  lensTitles,
  lineOf,
  open,
  progressChartLink,
  remove,
  revertAndClose,
  thisMonday,
  undoCreation,
  until,
  workspaceUri,
} from './helpers';

/**
 * The weekly rhythm on the examples workspace, in the order a team lead goes through it: check in
 * three KRs from the objective's "Check in" lens, write this week's update, look at a KR's progress
 * chart in the alignment tree, and grade the quarter; each step reads what the previous one did.
 *
 * The inputs are answered as checkin.test.ts answers them: the feature's open input, exposed by the
 * extension's test API (api.checkInInput()), gets the value typed and its own accept handler run (the
 * one Enter runs). The lens is the one VS Code shows (vscode.executeCodeLensProvider), and its command
 * and arguments are what a click runs. At the end, undo takes the grading and the check-in back and
 * the created update away, so the suites after this one see the examples as they are on disk.
 */
const GROWTH = 'teams/growth/q4-2026.okr.md';
const WEEKLY = `teams/growth/weekly/${thisMonday()}.okr.md`;

describe('the weekly rhythm, end to end', function () {
  this.timeout(120_000);
  let api: OkrLensApi;

  before(async () => {
    api = await activated();
  });
  // Should a step fail, the next suites still find no update of this week (the steps' own undo removes it).
  after(async () => {
    await revertAndClose();
    await remove(WEEKLY);
  });

  it('checks in three KRs from the lens, writes the weekly update, charts a KR and grades the quarter, and undo leaves the examples as they were', async () => {
    const monday = thisMonday();
    const weekly = workspaceUri(WEEKLY);
    assert.ok(!(await exists(weekly)), 'no update for this week yet');
    const editor = await open(GROWTH);
    const doc = editor.document;
    const original = doc.getText();
    const hint = async (text: string): Promise<string> => (await inlayHints(doc.uri)).find((h) => h.line === lineOf(doc, text))?.label ?? '';

    // 1. Check in Objective 1's three KRs from the "Check in" lens above the objective.
    const objectiveLine = lineOf(doc, '## Objective 1:');
    const lens = await eventually(async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? [];
      return lenses.find((l) => l.range.start.line === objectiveLine - 1 && l.command?.title === 'Check in')?.command;
    }, 'the objective’s Check in lens');
    assert.equal(lens.command, 'okrLens.checkIn');
    assert.match(await hint('| Time to first value'), /^0\.70 · /);
    const done = vscode.commands.executeCommand<boolean>(lens.command, ...((lens.arguments ?? []) as unknown[]));
    const answers: Array<[string, string, string]> = [
      ['Time to first value (median)', '2', '0.8'],
      ['Self-serve trial-to-paid conversion', '16', '0.7'],
      ['Onboarding wizard completion', '66', '0.65'],
    ];
    for (const [i, [kr, value, confidence]] of answers.entries()) {
      (await checkInInputTitled(api, `Check in ${i + 1}/3: ${kr}`)).answer(value);
      const box = await checkInInputTitled(api, new RegExp(`^Check in ${i + 1}/3`));
      assert.match(box.prompt, /^Confidence/);
      box.answer(confidence);
    }
    assert.equal(await done, true);
    assert.equal(doc.lineAt(lineOf(doc, '| Time to first value') - 1).text, '| Time to first value (median) | 7 days | < 2 days | 2 days | Sarah | 0.8 |');
    assert.equal(doc.lineAt(lineOf(doc, '| Self-serve trial-to-paid') - 1).text, '| Self-serve trial-to-paid conversion | 9% | 16% | 16% | Mike | 0.7 |');
    assert.equal(doc.lineAt(lineOf(doc, '| Onboarding wizard') - 1).text, '| Onboarding wizard completion | 46% | 70% | 66% | Sarah | 0.65 |');
    const checkedIn = doc.getText();
    // The scores follow: ≤ 2 days is 1.0 on the KR's ladder, 16% meets its target, (66 − 46) / (70 − 46) = 0.83.
    await eventually(async () => /^1\.00 · /.test(await hint('| Time to first value')), 'the new score of Time to first value').catch(() => undefined);
    assert.match(await hint('| Time to first value'), /^1\.00 · /);
    assert.match(await hint('| Self-serve trial-to-paid'), /^1\.00 · /);
    assert.match(await hint('| Onboarding wizard'), /^0\.83 · Green/);

    // 2. This week's update: Last from the previous update (examples/weekly, which has no confidences), Now the
    // values just checked in (unsaved).
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('okrLens.newWeeklyUpdate');
    assert.equal(created?.toString(), weekly.toString());
    const update = (
      await until(() => vscode.window.activeTextEditor?.document.uri.toString() === weekly.toString() && vscode.window.activeTextEditor, 'the update to open')
    ).document;
    const text = update.getText();
    assert.match(text, new RegExp(`^# Weekly OKR Update — ${monday} — Growth\\n`));
    assert.match(text, /^\| Time to first value \(median\) +\| 4 days +\| 2 days +\| -2 days +\| +\| 0\.8 +\|/m);
    assert.match(text, /^\| Self-serve trial-to-paid conversion +\| 13% +\| 16% +\| \+3% +\| +\| 0\.7 +\|/m);
    assert.match(text, /^\| Onboarding wizard completion +\| 63% +\| 66% +\| \+3% +\| +\| 0\.65 +\|/m);
    assert.equal(doc.getText(), checkedIn, 'the update leaves the quarterly document as it was');

    // 3. The progress chart of a checked-in KR in the alignment tree: its last point is the new value.
    await vscode.window.showTextDocument(doc);
    const id = await progressChartLink(doc.uri, lineOf(doc, '| Self-serve trial-to-paid conversion |'));
    await vscode.commands.executeCommand('okrLens.showAlignmentTree', id);
    const node = await until(
      () => {
        const panel = api.alignmentPanel();
        const posted = panel?.lastPosted as TreeMessage | null | undefined;
        const n = posted && panel?.lastRendered?.version === posted.version ? find(posted.roots, (x) => x.id === id) : undefined;
        return n?.progress?.points.at(-1)?.text === '16%' ? n : null;
      },
      () =>
        `the tree to show the checked-in 16% (posted: ${JSON.stringify(find((api.alignmentPanel()?.lastPosted as TreeMessage | null)?.roots ?? [], (x) => x.id === id)?.progress?.points.at(-1))})`,
    );
    const chart = await drawnChart(api, id);
    assert.deepEqual(chart.series, ['Score', 'Expected pace', 'Confidence', 'Value', 'Target 16%']);
    assert.equal(chart.points, node.progress!.points.length);
    assert.equal(node.title, 'Self-serve trial-to-paid conversion');

    // 4. Grade the quarter: the checked-in scores go into the Score column, and a retrospective with the grades.
    await vscode.window.showTextDocument(doc);
    assert.ok(await vscode.commands.executeCommand('okrLens.gradeQuarter'));
    const graded = doc.getText();
    assert.match(graded, /\| KR \| Baseline \| Target \| Current \| Owner \| Confidence \| Score \|\n/);
    assert.ok(graded.includes('| Time to first value (median) | 7 days | < 2 days | 2 days | Sarah | 0.8 | 1.00 |\n'), graded);
    assert.ok(graded.includes('| Self-serve trial-to-paid conversion | 9% | 16% | 16% | Mike | 0.7 | 1.00 |\n'), graded);
    assert.ok(graded.includes('| Onboarding wizard completion | 46% | 70% | 66% | Sarah | 0.65 | 0.83 |\n'), graded);
    // The retrospective's score is the graded document's, the one its title's lens shows.
    const retro = /\n## Retrospective\n\nGraded 8 key results: document score (\d\.\d\d) \((\w+)\)\.\n/.exec(graded);
    assert.ok(retro, graded);
    const title = await eventually(
      async () => (await lensTitles(doc.uri)).find((l) => l.line === 1 && l.title.startsWith('Growth score ') && doc.getText() === graded)?.title,
      'the title lens',
    );
    assert.ok(title.startsWith(`Growth score ${retro[1]} · ${retro[2]}`), `${title} against ${retro[0]}`);
    assert.match(
      graded,
      /^\| Stretch \| 3 \| Time to first value \(median\); Self-serve trial-to-paid conversion; Product-qualified leads handed to Sales \|$/m,
    );
    assert.match(graded, /### What went well\n\n- \n\n### What didn't\n\n- \n\n### What carries forward\n\n- \n$/);

    // Undo: the grading, then the check-in (one edit each), then the update's creation.
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), checkedIn, 'one undo takes the grading back');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one more undo takes the check-in back');
    assert.ok(!doc.isDirty, 'undone back to the text on disk, the document has no unsaved change');
    await undoCreation(update);
    assert.ok(!(await exists(weekly)), 'undo removes the update');
    // Nothing was saved: the file later suites read is the examples' own.
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)), original);
  });
});
