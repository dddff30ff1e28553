import * as vscode from 'vscode';
import { analyze, detectOkrDocument } from './core/index';
import { diagnosticLines, qualityLines, rollupTree, summaryLine } from './core/report/text';
import { configFor, formatProblem } from './features/config';

/**
 * Activation builds nothing eagerly. The editor features (diagnostics, lenses,
 * hovers, quick fixes, the alignment tree) arrive with their own issues; for
 * now the extension offers the CLI's report for the active document.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('OKR Lens');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('okrLens.showReport', () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'markdown') {
        void vscode.window.showInformationMessage('OKR Lens: open an OKR Markdown document first.');
        return;
      }
      const doc = editor.document;
      const text = doc.getText();
      const name = vscode.workspace.asRelativePath(doc.uri);
      if (!detectOkrDocument(doc.uri.path, text)) {
        void vscode.window.showInformationMessage(`OKR Lens: ${name} is not an OKR document (name it *okr*.md, add "okr: true" front matter, or an H1 naming OKRs).`);
        return;
      }
      const { config, problems } = configFor(doc.uri);
      const analysis = analyze(text, { config });
      output.clear();
      for (const problem of problems) output.appendLine(`Configuration: ${formatProblem(problem)}`);
      if (problems.length > 0) {
        void vscode.window.showWarningMessage(`OKR Lens: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}; the defaults are used for those keys (see the OKR Lens output).`);
      }
      for (const line of rollupTree(name, analysis)) output.appendLine(line);
      output.appendLine('');
      for (const line of diagnosticLines(name, analysis)) output.appendLine(line);
      output.appendLine(summaryLine(name, analysis));
      for (const line of qualityLines(analysis)) output.appendLine(line);
      output.show(true);
    }),
  );
}

export function deactivate(): void {}
