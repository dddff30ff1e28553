import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OkrLensApi } from '../../../src/extension';
import type { CheckInInput } from '../../../src/features/checkin';
import { checkInInputTitled, eventually, lensTitles, inlayHints, lineOf, open, revertAndClose, activated } from './helpers';

/**
 * "OKR Lens: Check In", driven as a user drives it: the command, its pick list and input boxes
 * answered, the text it writes, the scores that follow, and one undo.
 *
 * How the inputs are answered: `type` does not reach quick inputs from the extension host, so the
 * feature builds its inputs with createQuickPick / createInputBox and the extension's test API
 * exposes the open one (api.checkInInput()). `answer(value)` sets the input's value and runs the
 * feature's own accept handler, the one Enter runs: an invalid value stays open with its problem
 * shown, as it does for a user. Escape is the real `workbench.action.closeQuickOpen`.
 */
describe('Check In', function () {
  let api: OkrLensApi;

  before(async () => {
    api = await activated();
  });
  afterEach(revertAndClose);

  const input = (title: RegExp | string): Promise<CheckInInput> => checkInInputTitled(api, title);

  it('checks in one owner’s three KRs as one edit in the table’s own formatting, rescored, and one undo restores every byte', async () => {
    const editor = await open('teams/growth/q4-2026.okr.md');
    const doc = editor.document;
    await eventually(async () => (await lensTitles(doc.uri)).length > 0, 'the score lenses');
    const before = doc.getText();

    const done = vscode.commands.executeCommand<boolean>('okrLens.checkIn');
    const whose = await input('OKR Lens: Check In');
    assert.equal(whose.kind, 'pick');
    assert.deepEqual(whose.items, ['All key results', 'Sarah', 'Mike', 'Omar', 'Jamal', 'Lena']);
    whose.answer('Sarah');

    let box = await input('Check in 1/3: Time to first value (median)');
    assert.match(box.prompt, /last: 4 days; baseline 7 days → target < 2 days; in days/);
    box.answer('abc');
    assert.match(box.validationMessage, /"abc" is not a value: type a number in days/);
    assert.equal(api.checkInInput(), box, 'an invalid value closed the input');
    box.answer('2');
    box = await input(/^Check in 1\/3/);
    assert.match(box.prompt, /^Confidence \(last: 0\.6; from 0 to 1\)/);
    box.answer('0.8');

    box = await input('Check in 2/3: Onboarding wizard completion');
    box.answer('12 days');
    assert.match(box.validationMessage, /"12 days" is not in %/);
    box.answer('66');
    box = await input(/^Check in 2\/3/);
    assert.ok(box.prompt.startsWith('Confidence'));
    box.answer('1.5');
    assert.match(box.validationMessage, /not a confidence from 0 to 1/);
    box.answer('0.65');

    box = await input('Check in 3/3: Organic referral signups');
    box.answer(''); // keeps 36/month
    box = await input(/^Check in 3\/3/);
    assert.ok(box.prompt.startsWith('Confidence'));
    box.answer('0.55');
    assert.equal(await done, true);

    const changed = before
      .split('\n')
      .map((line, i) => [line, doc.lineAt(i).text])
      .filter(([a, b]) => a !== b);
    assert.deepEqual(changed, [
      [
        '| Time to first value (median) | 7 days | < 2 days | 4 days | Sarah | 0.6 |',
        '| Time to first value (median) | 7 days | < 2 days | 2 days | Sarah | 0.8 |',
      ],
      ['| Onboarding wizard completion | 46% | 70% | 63% | Sarah | 0.7 |', '| Onboarding wizard completion | 46% | 70% | 66% | Sarah | 0.65 |'],
      [
        '| Organic referral signups | 12/month | 50/month | 36/month | Sarah | 0.5 |',
        '| Organic referral signups | 12/month | 50/month | 36/month | Sarah | 0.55 |',
      ],
    ]);
    assert.equal(doc.lineCount, before.split('\n').length);

    // The new scores, in the KRs' inlay hints: ≤2 days is 1.0 on the ladder; (66 − 46) / (70 − 46) = 0.83.
    const hint = async (text: string): Promise<string | undefined> => (await inlayHints(doc.uri)).find((h) => h.line === lineOf(doc, text))?.label;
    const rescored = await eventually(async () => /^1\.00 · /.test((await hint('| Time to first value')) ?? ''), 'the new score').catch(() => false);
    assert.ok(rescored, `no new score of Time to first value in the hints: ${JSON.stringify((await inlayHints(doc.uri)).map((h) => [h.line, h.label]))}`);
    assert.match((await hint('| Onboarding wizard completion'))!, /^0\.83 · Green/);

    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'one undo did not restore the text');
  });

  it('checks in one KR from its inlay hint, and Escape cancels with nothing written', async () => {
    const editor = await open('teams/growth/q4-2026.okr.md');
    const doc = editor.document;
    const before = doc.getText();
    const row = lineOf(doc, '| Self-serve trial-to-paid conversion |');
    await eventually(async () => (await inlayHints(doc.uri)).some((h) => h.line === row), 'the inlay hints');
    // vscode.executeInlayHintProvider returns label parts without their commands: the part a click runs comes from the provider.
    const provided = await api.inlayHints()!.provideInlayHints(doc, new vscode.Range(row - 1, 0, row - 1, 0), new vscode.CancellationTokenSource().token);
    const hint = provided?.find((h) => h.position.line === row - 1);
    const part = typeof hint?.label === 'string' ? undefined : hint?.label.find((p) => p.value === 'Check in');
    assert.ok(part, `no Check in part in the hint of line ${row}`);
    assert.equal(part.command?.command, 'okrLens.checkIn', 'the Check in part runs no command');
    assert.ok(part.command);

    let done = vscode.commands.executeCommand<boolean>(part.command.command, ...((part.command.arguments ?? []) as unknown[]));
    const box = await input('Check in 1/1: Self-serve trial-to-paid conversion');
    box.answer('15');
    await input(/^Check in 1\/1/);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await done, false);
    assert.equal(api.checkInInput(), null);
    assert.equal(doc.getText(), before);
    assert.equal(doc.isDirty, false);

    done = vscode.commands.executeCommand<boolean>(part.command.command, ...((part.command.arguments ?? []) as unknown[]));
    (await input('Check in 1/1: Self-serve trial-to-paid conversion')).answer('15');
    (await input(/^Check in 1\/1/)).answer('');
    assert.equal(await done, true);
    assert.equal(doc.lineAt(row - 1).text, '| Self-serve trial-to-paid conversion | 9% | 16% | 15% | Mike | 0.5 |');
  });
});
