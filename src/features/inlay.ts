import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';

/**
 * A key result's score, RAG and pace as an inlay hint at the end of its table row or bullet, with a
 * "Check in" part: a lens above every row would push a KR table's rows apart. Setting `okrLens.krScore`
 * chooses this (the default), a lens (lenses.ts) or nothing.
 */
/** The registered provider, for the integration tests: VS Code's vscode.executeInlayHintProvider drops label parts' commands. */
export let inlayHintsProvider: vscode.InlayHintsProvider | undefined;

export function registerInlayHints(context: vscode.ExtensionContext, engine: Engine): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: changed.event,
    provideInlayHints(document, range) {
      const analysis = engine.reportOf(document);
      if (!analysis || engine.config(document).krScore !== 'inlayHint') return [];
      const { krScoreLabel } = runtime();
      const hints: vscode.InlayHint[] = [];
      for (const o of analysis.document.objectives) {
        for (const kr of o.keyResults) {
          const line = kr.range.start.line - 1;
          if (line < range.start.line || line > range.end.line || line >= document.lineCount) continue;
          const s = analysis.scores.keyResult(kr);
          const score = new vscode.InlayHintLabelPart(krScoreLabel(s));
          score.tooltip = s.explanation;
          const checkIn = new vscode.InlayHintLabelPart('Check in');
          checkIn.tooltip = `OKR Lens: Check In — update the current value and confidence of “${kr.text.trim()}”`;
          checkIn.command = { title: 'Check in', command: 'okrLens.checkIn', arguments: [document.uri, { line: kr.range.start.line }] };
          const hint = new vscode.InlayHint(document.lineAt(line).range.end, [score, new vscode.InlayHintLabelPart(' · '), checkIn]);
          hint.paddingLeft = true;
          hints.push(hint);
        }
      }
      return hints;
    },
  };
  inlayHintsProvider = provider;
  context.subscriptions.push(
    changed,
    vscode.languages.registerInlayHintsProvider({ language: 'markdown' }, provider),
    engine.onDidAnalyze(() => changed.fire()),
  );
}
