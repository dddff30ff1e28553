import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';
import { toRange } from './convert';

/** Objectives → KRs in the Outline and breadcrumbs, with their scores as detail. */
export function registerSymbols(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(
      { language: 'markdown' },
      {
        provideDocumentSymbols(document) {
          const analysis = engine.analysisOf(document);
          if (!analysis) return [];
          const { document: doc, scores } = analysis;
          const { formatScore } = runtime();
          return doc.objectives.map((o) => {
            const os = scores.objective(o);
            const end = o.keyResults.reduce((r, kr) => (kr.range.end.offset > r.end.offset ? kr.range : r), o.range);
            const full = toRange({ start: o.range.start, end: end.end });
            const symbol = new vscode.DocumentSymbol(
              // VS Code refuses a symbol without a name: the template's blank objective and KR row get one.
              `${o.id ? `${o.id}: ` : ''}${o.title}`.trim() || '(objective without a title)',
              os.value === null ? 'no score yet' : formatScore(os.value),
              vscode.SymbolKind.Class,
              full,
              toRange(o.titleRange),
            );
            symbol.children = o.keyResults.map((kr) => {
              const s = scores.keyResult(kr);
              return new vscode.DocumentSymbol(
                `${kr.id ? `${kr.id}: ` : ''}${kr.text}`.trim() || '(key result without a statement)',
                s.value === null ? s.state : formatScore(s.value),
                vscode.SymbolKind.Field,
                toRange(kr.range),
                toRange(kr.textRange),
              );
            });
            return symbol;
          });
        },
      },
      { label: 'OKR Lens' },
    ),
  );
}
