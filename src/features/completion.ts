import * as vscode from 'vscode';
import type { LazyEngine as Engine } from './lazy';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/**
 * Typing `okr-` in an OKR document offers OKR Lens's snippets without Ctrl+Space: Markdown has no
 * quick suggestions by default, so a completion provider triggered by `-` after `okr` offers each
 * snippet of snippets/okr.code-snippets (read from the extension with workspace.fs, which the web
 * build has too) by its `okr-…` prefix.
 */
export function registerSnippetCompletions(context: vscode.ExtensionContext, engine: Engine): void {
  let snippets: Promise<Snippet[]> | null = null;
  const load = (): Promise<Snippet[]> =>
    (snippets ??= Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'snippets', 'okr.code-snippets'))).then(
      (bytes) => Object.values(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, Snippet>),
      () => [],
    ));
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      { language: 'markdown' },
      {
        async provideCompletionItems(document, position) {
          const before = document.lineAt(position.line).text.slice(0, position.character);
          const typed = /(?:^|\s)(okr-[\w-]*)$/i.exec(before)?.[1];
          if (!typed || !engine.analysisOf(document)) return undefined;
          const range = new vscode.Range(position.translate(0, -typed.length), position);
          return (await load()).flatMap((s) => {
            const prefixes = (Array.isArray(s.prefix) ? s.prefix : [s.prefix]).filter((p) => p.startsWith('okr-'));
            return prefixes.map((prefix) => {
              const item = new vscode.CompletionItem({ label: prefix, description: 'OKR Lens snippet' }, vscode.CompletionItemKind.Snippet);
              item.insertText = new vscode.SnippetString(Array.isArray(s.body) ? s.body.join('\n') : s.body);
              item.documentation = s.description;
              item.detail = s.description;
              item.range = range;
              item.filterText = prefix;
              return item;
            });
          });
        },
      },
      '-',
    ),
  );
}
