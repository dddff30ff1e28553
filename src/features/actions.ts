import * as vscode from 'vscode';
import type { Analysis, TextEdit } from '../core/index';
import { runtime, type LazyEngine as Engine } from './lazy';
import { lineOf } from './convert';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('okrLens');
const REFACTOR_INSERT = vscode.CodeActionKind.Refactor.append('insert');

function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
  return edit;
}

/** Fix-all, whose edit is computed when it is chosen. */
class FixAllAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly document: vscode.TextDocument,
  ) {
    super(title, kind);
  }
}

/** Quick fixes for findings, a Supports line for objectives, and fix-all (also as source.fixAll.okrLens for codeActionsOnSave). */
export function registerActions(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      { language: 'markdown' },
      {
        provideCodeActions(document, range, ctx) {
          const analysis = engine.analysisOf(document);
          if (!analysis) return [];
          const actions: vscode.CodeAction[] = [];
          const wants = (kind: vscode.CodeActionKind): boolean => !ctx.only || ctx.only.contains(kind);
          const diagnostics = ctx.diagnostics.filter((d) => d.source === 'OKR Lens');
          if (wants(vscode.CodeActionKind.QuickFix)) {
            for (const f of analysis.findings) {
              if (f.range.start.line - 1 > range.end.line || f.range.end.line - 1 < range.start.line) continue;
              const diagnostic = diagnostics.find((d) => typeof d.code === 'object' && d.code.value === f.ruleId && d.range.start.line === f.range.start.line - 1);
              for (const [i, fix] of runtime().fixesFor(analysis, f).entries()) {
                const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
                action.edit = workspaceEdit(document, fix.edits);
                if (diagnostic) action.diagnostics = [diagnostic];
                action.isPreferred = i === 0 && fix.fixAll;
                actions.push(action);
              }
            }
          }
          if (wants(REFACTOR_INSERT)) actions.push(...supportsActions(document, analysis, lineOf(range.start)));
          // Fix-all re-analyses after each fix, so its edit is computed only when the action is chosen
          // (resolveCodeAction), never on every cursor move; here a cheap check that anything is fixable.
          const fixable = analysis.findings.some((f) => runtime().fixesFor(analysis, f).some((x) => x.fixAll));
          if (fixable && wants(vscode.CodeActionKind.QuickFix) && actions.length > 0) actions.push(new FixAllAction('Fix all OKR Lens problems that have a fix', vscode.CodeActionKind.QuickFix, document));
          if (fixable && ctx.only !== undefined && wants(FIX_ALL_KIND)) actions.push(new FixAllAction('OKR Lens: fix all', FIX_ALL_KIND, document));
          return actions;
        },
        resolveCodeAction(action) {
          if (action instanceof FixAllAction) {
            const all = runtime().fixAll(action.document.getText(), { config: engine.config(action.document), today: new Date() });
            if (all) action.edit = workspaceEdit(action.document, [all.edit]);
          }
          return action;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, REFACTOR_INSERT, FIX_ALL_KIND] },
    ),
  );
}

/** On an objective heading with no Supports line: one action per ID defined in the open OKR documents. */
function supportsActions(document: vscode.TextDocument, analysis: Analysis, line: number): vscode.CodeAction[] {
  const index = analysis.document.objectives.findIndex((o) => o.titleRange.start.line === line && o.alignments.length === 0 && o.depth > 0);
  if (index < 0 || analysis.document.alignments.length > 0) return [];
  const ids = new Map<string, string>();
  for (const other of vscode.workspace.textDocuments) {
    if (other.uri.toString() === document.uri.toString() || other.languageId !== 'markdown') continue;
    for (const m of other.getText().matchAll(/^ID:\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*$/gm)) ids.set(m[1]!, other.uri.path.split('/').pop() ?? '');
  }
  const targets = ids.size > 0 ? [...ids.entries()].map(([id, file]) => ({ title: `Add "Supports: ${id}" (${file})`, text: id })) : [{ title: 'Add a Supports line', text: '' }];
  return targets.map((t) => {
    const action = new vscode.CodeAction(t.title, REFACTOR_INSERT);
    action.edit = workspaceEdit(document, [runtime().supportsLine(analysis, index, t.text)!]);
    return action;
  });
}
