import * as vscode from 'vscode';
import type { Analysis, CheckInAnswer, KeyResult, TextEdit } from '../core/index';
import { workspaceEdit } from './convert';
import { runtime, type LazyEngine as Engine } from './lazy';

/** The check-in's open input (a pick list or an input box), for the integration tests: what it shows, and a way to answer it. */
export interface CheckInInput {
  kind: 'pick' | 'input';
  title: string;
  prompt: string;
  placeholder: string;
  /** The problem the input shows under what was typed, if any. */
  validationMessage: string;
  /** The choices of a pick list. */
  items: string[];
  /** Types `value` (an input box) or picks the item labelled `value` (a pick list), then accepts as Enter does. */
  answer(value: string): void;
}

let open: CheckInInput | null = null;

/** The check-in's open input, or null: for the extension's test API. */
export function checkInInput(): CheckInInput | null {
  return open;
}

/** Asks one question in an input box; resolves to the answer, or undefined on Escape. Invalid answers stay open with the problem shown. */
function ask(title: string, prompt: string, placeholder: string, problem: (value: string) => string | null): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.prompt = prompt;
    box.placeholder = placeholder;
    box.ignoreFocusOut = true;
    let done = false;
    const finish = (value: string | undefined): void => {
      if (done) return;
      done = true;
      open = null;
      box.dispose();
      resolve(value);
    };
    const accept = (): void => {
      const why = problem(box.value);
      box.validationMessage = why ?? '';
      if (!why) finish(box.value);
    };
    box.onDidChangeValue((v) => (box.validationMessage = problem(v) ?? ''));
    box.onDidAccept(accept);
    box.onDidHide(() => finish(undefined));
    open = {
      kind: 'input',
      title,
      prompt,
      placeholder,
      get validationMessage() {
        return typeof box.validationMessage === 'string' ? box.validationMessage : (box.validationMessage?.message ?? '');
      },
      items: [],
      answer(value) {
        box.value = value;
        box.validationMessage = problem(value) ?? '';
        accept();
      },
    };
    box.show();
  });
}

/** Picks one of `items` by label; undefined on Escape. */
function pick(title: string, placeholder: string, items: vscode.QuickPickItem[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const list = vscode.window.createQuickPick();
    list.title = title;
    list.placeholder = placeholder;
    list.items = items;
    list.ignoreFocusOut = true;
    let done = false;
    const finish = (value: string | undefined): void => {
      if (done) return;
      done = true;
      open = null;
      list.dispose();
      resolve(value);
    };
    list.onDidAccept(() => finish(list.selectedItems[0]?.label ?? list.activeItems[0]?.label));
    list.onDidHide(() => finish(undefined));
    open = {
      kind: 'pick',
      title,
      prompt: '',
      placeholder,
      validationMessage: '',
      items: items.map((i) => i.label),
      answer(value) {
        const item = list.items.find((i) => i.label === value);
        if (!item) throw new Error(`no item "${value}" in ${list.items.map((i) => i.label).join(', ')}`);
        list.selectedItems = [item];
        finish(item.label);
      },
    };
    list.show();
  });
}

const ALL = 'All key results';

/** The KRs a lens or hint names (its line: a KR's first line, or an objective's title), or null. */
function keyResultsAt(analysis: Analysis, line: number): KeyResult[] | null {
  for (const o of analysis.document.objectives) {
    if (o.titleRange.start.line === line) return o.keyResults;
    const kr = o.keyResults.find((k) => k.range.start.line === line);
    if (kr) return [kr];
  }
  return null;
}

/**
 * "OKR Lens: Check In": walks the document's KRs (all, one owner's, one objective's from its lens,
 * or one KR from its hint), asks each one's current value, confidence and (with a Note column) a
 * note, and writes them as one undoable edit. Escape cancels with nothing written.
 */
export function registerCheckIn(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okrLens.checkIn', async (uri?: vscode.Uri, scope?: { line: number }) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      const analysis = document ? engine.analysisOf(document) : null;
      if (!document || !analysis || analysis.document.kind !== 'okr') {
        void vscode.window.showInformationMessage('OKR Lens: open an OKR document to check in its key results.');
        return false;
      }
      const rt = runtime();
      const version = document.version;
      let krs: KeyResult[] | null = scope ? keyResultsAt(analysis, scope.line) : null;
      if (!krs) {
        const owners = rt.krOwners(analysis);
        const all = rt.checkInKeyResults(analysis, null);
        const count = (n: number): string => `${n} key result${n === 1 ? '' : 's'}`;
        const chosen = await pick('OKR Lens: Check In', 'Whose key results?', [
          { label: ALL, description: count(all.length) },
          ...owners.map((o) => ({ label: o, description: count(rt.checkInKeyResults(analysis, o).length) })),
        ]);
        if (chosen === undefined) return false;
        krs = rt.checkInKeyResults(analysis, chosen === ALL ? null : chosen);
      }
      if (krs.length === 0) {
        void vscode.window.showInformationMessage('OKR Lens: no key results to check in here.');
        return false;
      }
      const config = engine.config(document);
      const maxDrop = rt.maxConfidenceDrop(config);
      const answers: Array<[KeyResult, CheckInAnswer]> = [];
      for (const [i, kr] of krs.entries()) {
        const places = rt.checkInPlaces(analysis, kr);
        const title = `Check in ${i + 1}/${krs.length}: ${kr.text.trim()}`;
        const answer: CheckInAnswer = {};
        if (places.current) {
          const current = await ask(title, rt.currentPrompt(kr), kr.current?.text.trim() || 'no current value yet', (v) => rt.currentProblem(kr, v));
          if (current === undefined) return false;
          answer.current = current;
        }
        if (places.confidence) {
          const confidence = await ask(title, rt.confidencePrompt(kr, config.confidenceScale), kr.confidence?.text.trim() || 'no confidence yet', (v) =>
            rt.confidenceProblem(v, config.confidenceScale),
          );
          if (confidence === undefined) return false;
          answer.confidence = confidence;
          // Flagged at once, as confidence-drop flags it in the weekly update.
          const dropped = rt.confidenceDropOf(kr, confidence, config.confidenceScale, maxDrop);
          if (dropped) void vscode.window.showWarningMessage(`OKR Lens: ${dropped.message}`);
        }
        if (places.note) {
          const note = await ask(title, 'One-line note for this week (optional). Empty keeps the Note cell.', 'what changed, what help you need', () => null);
          if (note === undefined) return false;
          answer.note = note;
        }
        answers.push([kr, answer]);
      }
      if (document.version !== version) {
        void vscode.window.showWarningMessage('OKR Lens: the document changed during the check-in; nothing was written. Check in again.');
        return false;
      }
      const edits: TextEdit[] = answers.flatMap(([kr, answer]) => rt.checkInEdits(analysis, kr, answer, config));
      if (edits.length === 0) return true;
      const applied = await vscode.workspace.applyEdit(workspaceEdit(document, edits));
      if (applied) {
        const changed = answers.filter(([, a]) => [a.current, a.confidence, a.note].some((v) => v !== undefined && v.trim() !== '')).length;
        void vscode.window.showInformationMessage(`OKR Lens: checked in ${changed} of ${answers.length} key result${answers.length === 1 ? '' : 's'}.`);
      }
      return applied;
    }),
  );
}
