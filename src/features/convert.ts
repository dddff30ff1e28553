import * as vscode from 'vscode';
import type { Range, Severity, TextEdit } from '../core/index';

/** The one place core's 1-based ranges become VS Code's 0-based ones. */
export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  return severity === 'error'
    ? vscode.DiagnosticSeverity.Error
    : severity === 'warning'
      ? vscode.DiagnosticSeverity.Warning
      : vscode.DiagnosticSeverity.Information;
}

/** Core's text edits (offsets into the document's text) as one WorkspaceEdit: one undo takes them all back. */
export function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
  return edit;
}

/** 1-based line of a VS Code position. */
export function lineOf(position: vscode.Position): number {
  return position.line + 1;
}

/** Whether a file or folder exists, through VS Code's file system (any scheme, the web too). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
