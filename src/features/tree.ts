import * as vscode from 'vscode';
import { nodeScoreLabel } from '../core/report/labels';
import type { TreeNode } from '../core/workspace/protocol';
import { runtime, type LazyEngine as Engine } from './lazy';

const RAG_COLOR: Record<string, string> = { red: 'charts.red', amber: 'charts.yellow', green: 'charts.green', stretch: 'charts.blue' };
/** The Explorer view's data provider, for the integration tests (through the extension's API). */
export let alignmentViewProvider: vscode.TreeDataProvider<TreeNode> | undefined;

/**
 * The alignment tree: the webview panel (command and a lens on each OKR
 * document's title) and the same graph as a native tree view in the Explorer.
 */
export function registerTree(context: vscode.ExtensionContext, engine: Engine, output: vscode.OutputChannel): void {
  const changed = new vscode.EventEmitter<TreeNode | undefined>();
  const provider: vscode.TreeDataProvider<TreeNode> = {
    onDidChangeTreeData: changed.event,
    async getChildren(element) {
      if (element) return element.children;
      await engine.workspace.ready();
      const tree = engine.workspace.tree();
      void vscode.commands.executeCommand('setContext', 'okrLens.hasDocuments', tree.roots.length > 0);
      return tree.roots;
    },
    getTreeItem(n) {
      const state =
        n.children.length === 0
          ? vscode.TreeItemCollapsibleState.None
          : n.kind === 'document'
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(n.kind === 'objective' && n.team && n.level !== 'company' ? `${n.team} › ${n.title}` : n.title, state);
      item.id = n.id;
      item.description = `${nodeScoreLabel(n)}${n.owner ? ` · ${n.owner}` : ''}`;
      item.tooltip = new vscode.MarkdownString()
        .appendText(`${n.title}\n\n`)
        .appendText(`${nodeScoreLabel(n)}${n.owner ? ` · owner ${n.owner}` : ''}\n\n${n.explanation}\n\n${n.path}:${n.line}`);
      item.iconPath = n.rag ? new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(RAG_COLOR[n.rag]!)) : new vscode.ThemeIcon('circle-outline');
      item.contextValue = n.kind;
      item.command = { title: 'Open', command: 'okrLens.openNode', arguments: [n.id] };
      return item;
    },
  };
  alignmentViewProvider = provider;
  const view = vscode.window.createTreeView('okrLens.alignment', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    changed,
    view,
    engine.onDidChangeWorkspace(() => changed.fire(undefined)),
    // With a node id (a hover's "Progress chart" link): that node selected and its chart shown.
    vscode.commands.registerCommand('okrLens.showAlignmentTree', (node?: unknown) =>
      runtime().AlignmentPanel.show(
        context.extensionUri,
        engine.workspace,
        engine.preview(),
        output,
        'tree',
        engine,
        typeof node === 'string' ? node : undefined,
      ),
    ),
    // The --since HEAD rollup in the same panel; a problem (no repository, no commits, untrusted) is said before any panel opens.
    vscode.commands.registerCommand('okrLens.previewRollup', async () => {
      const first = await engine.preview().message();
      if ('problem' in first) {
        output.appendLine(`Rollup preview: ${first.problem}`);
        void vscode.window.showWarningMessage(first.problem);
        return;
      }
      runtime().AlignmentPanel.show(context.extensionUri, engine.workspace, engine.preview(), output, 'preview', engine);
    }),
    vscode.commands.registerCommand('okrLens.openNode', async (id: unknown) => {
      if (typeof id !== 'string') return;
      const node = engine.workspace.node(id);
      const uri = node ? engine.workspace.uriOf(node.path) : undefined;
      if (!node || !uri) return;
      const position = new vscode.Position(node.line - 1, 0);
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
    }),
  );
}
