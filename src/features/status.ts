import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';

/** What the status bar item shows now (null while hidden): read by the integration tests through the extension's API. */
export let statusBarText: string | null = null;

/** The active OKR document's score in the status bar; hidden for other editors. */
export function registerStatusBar(context: vscode.ExtensionContext, engine: Engine): void {
  const item = vscode.window.createStatusBarItem('okrLens.score', vscode.StatusBarAlignment.Right, 100);
  item.name = 'OKR Lens score';
  item.command = 'okrLens.showReport';
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    const analysis = document ? engine.analysisOf(document) : null;
    if (!analysis || analysis.document.kind !== 'okr') {
      item.hide();
      statusBarText = null;
      return;
    }
    const { formatScore, RAG_LABELS } = runtime();
    const s = analysis.scores.document;
    item.text = `$(graph) OKR ${s.value === null || s.rag === null ? 'not scored' : `${formatScore(s.value)} ${RAG_LABELS[s.rag]}`}`;
    item.tooltip = `${analysis.document.title ?? 'OKR document'}: ${analysis.scores.health.summary} (click for the report)`;
    item.show();
    statusBarText = item.text;
  };
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    engine.onDidAnalyze((d) => {
      if (d === vscode.window.activeTextEditor?.document) update();
    }),
  );
  setTimeout(update);
}
