import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';

/** Commands: score report, open a rule's docs (New Document from the Template is quarter.ts's). */
export function registerCommands(context: vscode.ExtensionContext, engine: Engine, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okrLens.showReport', () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'markdown') {
        void vscode.window.showInformationMessage('OKR Lens: open an OKR Markdown document first.');
        return;
      }
      const name = vscode.workspace.asRelativePath(document.uri);
      // The findings the Problems panel shows: the document's own, the workspace's and the history's.
      const analysis = engine.reportOf(document);
      if (!analysis) {
        void vscode.window.showInformationMessage(
          `OKR Lens: ${name} is not an OKR document (name it *okr*.md, add "okr: true" front matter, or an H1 naming OKRs).`,
        );
        return;
      }
      const lines = [
        ...runtime().rollupTree(name, analysis),
        '',
        ...runtime().diagnosticLines(name, analysis),
        runtime().summaryLine(name, analysis),
        ...runtime().qualityLines(analysis),
        ...(engine.unavailable ? ['', engine.unavailable] : []),
      ];
      output.clear();
      for (const line of lines) output.appendLine(line);
      output.show(true);
      return lines;
    }),
    vscode.commands.registerCommand('okrLens.openRuleDocs', async (ruleId?: string) => {
      const id =
        typeof ruleId === 'string' && runtime().rules.some((r) => r.id === ruleId)
          ? ruleId
          : (
              await vscode.window.showQuickPick(
                runtime().rules.map((r) => ({ label: r.id, description: r.defaultSeverity, detail: r.description })),
                { placeHolder: 'Open the docs of an OKR Lens rule' },
              )
            )?.label;
      if (!id) return;
      const local = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`);
      try {
        await vscode.workspace.fs.stat(local);
        await vscode.commands.executeCommand('markdown.showPreview', local);
      } catch {
        await vscode.env.openExternal(vscode.Uri.parse(runtime().ruleDocsUrl(id)));
      }
    }),
  );
}
