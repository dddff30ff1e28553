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
              `${o.id ? `${o.id}: ` : ''}${o.title}`,
              os.value === null ? 'no score yet' : formatScore(os.value),
              vscode.SymbolKind.Class,
              full,
              toRange(o.titleRange),
            );
            symbol.children = o.keyResults.map((kr) => {
              const s = scores.keyResult(kr);
              return new vscode.DocumentSymbol(
                `${kr.id ? `${kr.id}: ` : ''}${kr.text}`,
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
