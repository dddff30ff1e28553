import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';

/** The quarter a new document is for: the current one. */
function currentQuarter(today = new Date()): string {
  return `Q${Math.floor(today.getMonth() / 3) + 1} ${today.getFullYear()}`;
}

/** Commands: score report, new document from the template, open a rule's docs. */
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
    vscode.commands.registerCommand('okrLens.newDocument', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
      const editor = await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'OKR quarterly document' });
      if (editor.document.getText() === '') {
        await editor.insertSnippet(
          new vscode.SnippetString(
            `# ${currentQuarter()} OKRs — \${1:Team}\n\n## Context\n\n- Annual goal this supports: \${2}\n\n## Objective 1: \${3}\n\n| KR | Baseline | Target | Current | Owner | Confidence |\n|----|----------|--------|---------|-------|------------|\n| \${4} |  |  |  |  |  |\n\n## What we're NOT doing this quarter\n\n- \${0}\n`,
          ),
        );
      }
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
