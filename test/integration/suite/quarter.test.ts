import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OkrLensApi } from '../../../src/extension';
import type { Prompt } from '../../../src/features/prompts';
import { diagnosticsWhen, open, remove, revertAndClose, ruleOf, workspaceUri, activated } from './helpers';

/**
 * The quarter's commands driven as a user drives them: each command is started (not awaited),
 * each question it asks is read from the extension's test API (api.prompt(): the pick list or
 * input box showing, built with createQuickPick / createInputBox) and answered through it: the
 * answer types the text or moves the selection on the real quick input and accepts it with
 * 'workbench.action.acceptSelectedQuickOpenItem', the command Enter runs. The tests then read the
 * text the command wrote, and undo it where it edited a document.
 */
describe('the quarter: new document, grading, roll-over', function () {
  let api: OkrLensApi;

  before(async () => {
    api = await activated();
  });
  afterEach(revertAndClose);

  /** The next question the command asks whose title matches, once it shows. */
  async function question(title: RegExp, timeoutMs = 10_000): Promise<Prompt> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const p = api.prompt();
      if (p && title.test(p.title)) return p;
      if (Date.now() > until) throw new Error(`no question ${title} showed; showing: ${p?.title ?? 'none'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('New OKR Document asks for team, quarter (the next by default), Supports and where to save, and writes a blank template', async () => {
    const now = new Date();
    const q = Math.floor(now.getMonth() / 3) + 1;
    const next =
      q === 4
        ? { label: `Q1 ${now.getFullYear() + 1}`, stem: `q1-${now.getFullYear() + 1}` }
        : { label: `Q${q + 1} ${now.getFullYear()}`, stem: `q${q + 1}-${now.getFullYear()}` };
    const target = `teams/growth/${next.stem}.okr.md`;
    await remove(target);
    const done = vscode.commands.executeCommand<vscode.TextDocument | undefined>('okrLens.newDocument');

    const team = await question(/team/);
    assert.equal(team.kind, 'pick');
    for (const t of ['Growth', 'Platform', 'Sales']) assert.ok(team.items.includes(t), team.items.join(', '));
    assert.ok(!team.items.includes('Company'), team.items.join(', '));
    await team.answer('Growth');

    const quarter = await question(/quarter/);
    assert.deepEqual(quarter.selected, [next.label]);
    assert.equal(quarter.items.length, 3);
    await quarter.answer();

    const supports = await question(/supports/);
    const co1 = supports.items.find((i) => i.startsWith('CO-1 '));
    assert.ok(co1, supports.items.join(' | '));
    assert.ok(supports.items.includes('No Supports line for now'));
    await supports.answer(co1);

    const save = await question(/save as/);
    assert.equal(save.kind, 'input');
    assert.equal(save.value, target);
    await save.answer();

    const document = await done;
    assert.ok(document);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), workspaceUri(target).toString());
    const text = Buffer.from(await vscode.workspace.fs.readFile(workspaceUri(target))).toString('utf8');
    assert.equal(text, document.getText());
    assert.match(text, new RegExp(`^# ${next.label} OKRs — Growth\\n\\n## Context\\n\\n- Annual goal this supports: \\n`));
    assert.match(
      text,
      /\n## Objective 1: \nSupports: CO-1\n\n\| KR \| Baseline \| Target \| Current \| Owner \| Confidence \|\n\|[-|]+\|\n\|  \|  \|  \|  \|  \|  \|\n/,
    );
    assert.doesNotMatch(text.replace(next.label, '').replace(/Objective 1|CO-1/g, ''), /\d/, 'no sample numbers');
    // The outline shows the blank objective (VS Code refuses a symbol without a name). VS Code's Markdown
    // extension adds the headings as symbols of its own once it runs: OKR Lens's objectives are classes.
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    assert.deepEqual(
      symbols.filter((s) => s.kind === vscode.SymbolKind.Class).map((s) => s.name),
      ['(objective without a title)'],
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await remove(target);
  });

  it('offers the Supports quick fix on an objective whose document names only an annual goal, where alignment-orphan fires', async () => {
    const relative = 'teams/growth/annual-goal.okr.md';
    await vscode.workspace.fs.writeFile(
      workspaceUri(relative),
      Buffer.from(
        "# Q4 2026 OKRs — Growth\n\n## Context\n\n- Annual goal this supports: AG-2026-01\n- Biggest risk: none\n\n## Objective 1: Make onboarding fast\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----|----|----|----|----|\n| Time to value | 7 days | 2 days | 4 days | Sarah | 0.6 |\n\n## What we're NOT doing this quarter\n\n- Nothing else\n",
      ),
    );
    try {
      const editor = await open(relative);
      const uri = editor.document.uri;
      const diagnostics = await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleOf(d) === 'alignment-orphan'));
      const orphan = diagnostics.find((d) => ruleOf(d) === 'alignment-orphan')!;
      assert.match(orphan.message, /names AG-2026-01, which no OKR document here defines/);
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          orphan.range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? [];
      const fix = actions.find((a) => a.title.startsWith('Add "Supports: CO-1"'));
      assert.ok(fix, actions.map((a) => a.title).join(' | '));
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
      assert.match(editor.document.getText(), /## Objective 1: Make onboarding fast\nSupports: CO-1\n/);
      await diagnosticsWhen(uri, (ds) => !ds.some((d) => ruleOf(d) === 'alignment-orphan'));
    } finally {
      await revertAndClose();
      await remove(relative);
    }
  });

  it('Grade the Quarter writes each KR’s score into a Score column and a retrospective, in one edit that undo takes back', async () => {
    const editor = await open('teams/growth/q4-2026.okr.md');
    const original = editor.document.getText();
    const before = api.engine.analysisOf(editor.document)!;
    const scores = before.document.objectives.flatMap((o) => o.keyResults.map((kr) => before.scores.keyResult(kr).value?.toFixed(2) ?? null));
    assert.ok(await vscode.commands.executeCommand('okrLens.gradeQuarter'));
    const text = editor.document.getText();
    assert.match(text, /\| KR \| Baseline \| Target \| Current \| Owner \| Confidence \| Score \|\n/);
    assert.match(text, /\| Time to first value \(median\) \| 7 days \| < 2 days \| 4 days \| Sarah \| 0\.6 \| 0\.70 \|\n/);
    assert.match(text, /\n## Retrospective\n\nGraded 8 key results: document score \d\.\d\d \((?:Red|Amber|Green|Stretch)\)\.\n/);
    assert.match(text, /### What went well\n\n- \n\n### What didn't\n\n- \n\n### What carries forward\n\n- \n$/);
    // The scores written read back as the same scores.
    const after = api.engine.analysisOf(editor.document)!;
    assert.deepEqual(
      after.document.objectives.flatMap((o) => o.keyResults.map((kr) => kr.score?.text || null)),
      scores,
    );
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original, 'one undo takes the whole grading back');
  });

  it('Roll Over to Next Quarter carries the chosen objectives forward with last values as baselines', async () => {
    const target = 'teams/growth/q1-2027.okr.md';
    await remove(target);
    await open('teams/growth/q4-2026.okr.md');
    const done = vscode.commands.executeCommand<vscode.TextDocument | undefined>('okrLens.rollOver');
    const objectives = await question(/Roll over to Q1 2027: objectives/);
    assert.equal(objectives.items.length, 3);
    // None of the examples' objectives has every KR at 1.0: all are selected to carry forward.
    assert.deepEqual(objectives.selected, objectives.items);
    await objectives.answer([objectives.items[0]!, objectives.items[2]!]);
    const save = await question(/Roll over to Q1 2027: save as/);
    assert.equal(save.value, target);
    await save.answer();
    const document = await done;
    assert.ok(document);
    const text = document.getText();
    assert.match(text, /^# Q1 2027 OKRs — Growth\n/);
    assert.ok(text.includes('| Time to first value (median) | 4 days | < 2 days |  | Sarah |  |'), text);
    assert.ok(text.includes('## Objective 2: Make word-of-mouth a channel we can count on'), text);
    assert.ok(!text.includes('enterprise pipeline'), text);
    assert.ok(
      text.includes(
        '\nSupports: [Become the fastest way for a data team to onboard](../../company/q4-2026.okr.md#objective-1-become-the-fastest-way-for-a-data-team-to-onboard)\n',
      ),
      text,
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await remove(target);
  });

  it('offers the snippets when okr- is typed in an OKR document, without Ctrl+Space', async () => {
    const editor = await open('teams/growth/q4-2026.okr.md');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, '\nokr-'));
    const at = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at, '-');
    const ours = list.items
      .filter((i) => typeof i.label === 'object' && i.label.description === 'OKR Lens snippet')
      .map((i) => (i.label as vscode.CompletionItemLabel).label);
    for (const prefix of ['okr-quarter', 'okr-objective', 'okr-kr', 'okr-weekly']) assert.ok(ours.includes(prefix), ours.join(', '));
  });
});
