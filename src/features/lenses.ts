import * as vscode from 'vscode';
import { runtime, type LazyEngine as Engine } from './lazy';
import { toRange } from './convert';

/**
 * Score lenses above the H1 (document score, program health) and each objective (score, quality, Check in); above each KR
 * (score, RAG, pace, Check in) only with setting krScore "codeLens" (by default a KR's score is an inlay hint, inlay.ts).
 */
export function registerLenses(context: vscode.ExtensionContext, engine: Engine): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      if (!vscode.workspace.getConfiguration('okrLens', document.uri).get<boolean>('codeLens.enabled', true)) return [];
      // The report the Problems panel shows: quality counts the workspace and git-aware findings too, as okr-lens check does.
      const analysis = engine.reportOf(document);
      if (!analysis) return [];
      const { formatScore, RAG_LABELS, krScoreLabel } = runtime();
      const { document: doc, scores, quality } = analysis;
      const lenses: vscode.CodeLens[] = [];
      const details = (range: vscode.Range, title: string, tooltip?: string): void => {
        lenses.push(
          new vscode.CodeLens(range, { title, tooltip, command: 'okrLens.showDetails', arguments: [document.uri, range.start.line, range.start.character] }),
        );
      };
      if (doc.titleRange) {
        const s = scores.document;
        const score = s.value === null || s.rag === null ? 'no score yet' : `${formatScore(s.value)} · ${RAG_LABELS[s.rag]}`;
        const whole = analysis.documentQuality;
        const lost = whole.score !== null && whole.lost.length > 0 ? ` · quality ${whole.score}/100` : '';
        const title =
          doc.kind === 'weekly'
            ? `OKR Lens: weekly update · ${analysis.findings.length} finding${analysis.findings.length === 1 ? '' : 's'}`
            : `${doc.team ?? 'Document'} score ${score} · health: ${scores.health.verdict}${lost}`;
        details(toRange(doc.titleRange), title, scores.health.summary);
        if (doc.kind === 'okr')
          lenses.push(
            new vscode.CodeLens(toRange(doc.titleRange), {
              title: 'Alignment tree',
              tooltip: 'OKR Lens: Show Alignment Tree (company → team → individual, rolled-up scores)',
              command: 'okrLens.showAlignmentTree',
            }),
          );
      }
      // A KR's score is an inlay hint at the end of its row by default (inlay.ts); setting krScore makes it a lens here.
      const krLenses = engine.config(document).krScore === 'codeLens';
      const checkIn = (range: vscode.Range, line: number, tooltip: string): void => {
        lenses.push(new vscode.CodeLens(range, { title: 'Check in', tooltip, command: 'okrLens.checkIn', arguments: [document.uri, { line }] }));
      };
      doc.objectives.forEach((o, i) => {
        const s = scores.objective(o);
        const score = s.value === null || s.rag === null ? 'no score yet' : `${formatScore(s.value)} · ${RAG_LABELS[s.rag]}`;
        details(toRange(o.titleRange), `Objective ${score} · quality ${quality[i]!.score}/100`, s.explanation);
        if (doc.kind === 'okr' && o.keyResults.length > 0)
          checkIn(toRange(o.titleRange), o.titleRange.start.line, 'OKR Lens: Check In — walk this objective’s key results: current value, confidence');
        if (!krLenses) return;
        for (const kr of o.keyResults) {
          const k = scores.keyResult(kr);
          details(toRange(kr.range), krScoreLabel(k), k.explanation);
          if (doc.kind === 'okr')
            checkIn(toRange(kr.range), kr.range.start.line, `OKR Lens: Check In — update the current value and confidence of “${kr.text.trim()}”`);
        }
      });
      return lenses;
    },
  };
  context.subscriptions.push(
    changed,
    vscode.languages.registerCodeLensProvider({ language: 'markdown' }, provider),
    engine.onDidAnalyze(() => changed.fire()),
    vscode.commands.registerCommand('okrLens.showDetails', async (uri: vscode.Uri, line: number, character: number) => {
      const editor = await vscode.window.showTextDocument(uri);
      const position = new vscode.Position(line, character);
      editor.selection = new vscode.Selection(position, position);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
  );
}
