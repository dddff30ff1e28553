import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';
import { toRange, toSeverity } from './convert';

/** Findings as diagnostics: on open, as you type (debounced), on save; cleared on close or when a document stops being an OKR document. */
export function registerDiagnostics(context: vscode.ExtensionContext, engine: Engine): void {
  const collection = vscode.languages.createDiagnosticCollection('okr-lens');
  /** What was last published per document, to skip republishing what did not change. */
  const published = new Map<string, { analysis: unknown; signature: string }>();
  const publish = (document: vscode.TextDocument, onlyIfChanged = false): void => {
    const analysis = engine.analysisOf(document);
    const key = document.uri.toString();
    if (!analysis) {
      published.delete(key);
      collection.delete(document.uri);
      return;
    }
    // Every finding, as the score report and the command line list them: the document's own, the workspace's and the history's.
    const report = engine.reportOf(document) ?? analysis;
    const last = published.get(key);
    // Another document changed: most documents' findings did not, and each publish is a message to the workbench.
    const signature = JSON.stringify(report.findings.map((f) => [f.ruleId, f.severity, f.range.start.offset, f.range.end.offset, f.message, f.related.length]));
    if (onlyIfChanged && last && last.analysis === analysis && last.signature === signature) return;
    published.set(key, { analysis, signature });
    collection.set(
      document.uri,
      report.findings.map((f) => {
        const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
        d.source = 'OKR Lens';
        d.code = { value: f.ruleId, target: vscode.Uri.parse(runtime().ruleDocsUrl(f.ruleId)) };
        if (f.related.length > 0) {
          d.relatedInformation = f.related.map((r) => {
            const uri = r.path === undefined ? document.uri : (engine.workspace.uriOf(r.path) ?? document.uri.with({ path: r.path }));
            return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), r.message);
          });
        }
        return d;
      }),
    );
  };
  context.subscriptions.push(
    collection,
    engine.onDidAnalyze((document) => {
      // A result for a version the editor has moved past is stale: the next analysis will publish.
      if (!document.isClosed) publish(document);
    }),
    // Another document changed (a heading renamed, a file deleted): alignment findings of open documents may change.
    engine.onDidChangeWorkspace(() => {
      for (const d of vscode.workspace.textDocuments) if (d.languageId === 'markdown' && !d.isClosed) publish(d, true);
    }),
    vscode.workspace.onDidOpenTextDocument((d) => engine.now(d)),
    vscode.workspace.onDidSaveTextDocument((d) => engine.now(d, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) engine.schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      published.delete(d.uri.toString());
      collection.delete(d.uri);
      engine.forget(d);
    }),
  );
  // After activation returns: the first analysis loads the runtime, which activation should not wait for.
  setTimeout(() => {
    for (const d of vscode.workspace.textDocuments) engine.now(d);
  });
}
