import * as vscode from 'vscode';
import type { TreeNode } from '../../../src/core/workspace/protocol';
import type { OkrLensApi } from '../../../src/extension';
import type { CheckInInput } from '../../../src/features/checkin';
import { exists } from '../../../src/features/convert';

export { exists };

/** Helpers of the integration suites; free of Node, so that the web suite (test/web) uses them too. */
export const EXTENSION_ID = 'okr-lens.okr-lens';

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need the examples workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/** Resolves when the diagnostics of `uri` satisfy `ok` (checked now and on every change), or rejects after a timeout. */
export function diagnosticsWhen(uri: vscode.Uri, ok: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!ok(current)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(current);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `diagnostics of ${uri.path} never matched; last: ${vscode.languages
            .getDiagnostics(uri)
            .map((d) => `${d.range.start.line + 1} ${typeof d.code === 'object' ? d.code.value : d.code}`)
            .join(', ')}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

/** OKR Lens, activated: its test API. */
export async function activated(): Promise<OkrLensApi> {
  const extension = vscode.extensions.getExtension<OkrLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The severity VS Code shows for each severity of `okr-lens check`. */
export const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A document's diagnostics as `line:column rule severity message`, sorted: to compare with `okr-lens check --format json`. */
export function diagnosticLines(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)} ${d.severity} ${d.message}`)
    .sort();
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function lensTitles(uri: vscode.Uri): Promise<Array<{ line: number; title: string }>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command?.command.startsWith('okrLens.')).map((l) => ({ line: l.range.start.line + 1, title: l.command!.title }));
}

/** The 1-based line of the first line containing `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.includes(text)) return i + 1;
  throw new Error(`"${text}" is not in ${document.uri.path}`);
}

/**
 * Reverts every document with unsaved changes (shown or not: a dirty document that is not shown
 * would make closing the editors ask whether to save it) and closes the editors, so the next test
 * sees the workspace's files as they are on disk.
 */
export async function revertAndClose(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && !document.isUntitled) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Resolves once the workspace index has not changed for `quietMs`: edits made and undone by an
 * earlier suite, and the files it wrote, have been analysed and re-read (the editor debounces).
 */
export async function indexSettled(api: OkrLensApi, quietMs = 1000): Promise<void> {
  await api.engine.workspace.ready();
  let version = api.engine.workspace.index.version;
  let since = Date.now();
  await until(() => {
    const now = api.engine.workspace.index.version;
    if (now !== version) [version, since] = [now, Date.now()];
    return Date.now() - since >= quietMs;
  }, 'the workspace index to settle');
}

/** Resolves when `value()` is truthy (polled), or rejects after a timeout with `what`. */
export async function until<T>(value: () => T | undefined | null | false, what: string | (() => string), timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = value();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function find(nodes: TreeNode[], predicate: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const n of nodes) {
    if (predicate(n)) return n;
    const hit = find(n.children, predicate);
    if (hit) return hit;
  }
  return undefined;
}

/** The inlay hints of a document (OKR Lens's: a KR's score at the end of its row): line, the label as shown, and its parts. */
export async function inlayHints(uri: vscode.Uri): Promise<Array<{ line: number; label: string; parts: vscode.InlayHintLabelPart[] }>> {
  const document = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range)) ?? [];
  return hints.map((h) => {
    const parts = typeof h.label === 'string' ? [new vscode.InlayHintLabelPart(h.label)] : h.label;
    return { line: h.position.line + 1, label: parts.map((p) => p.value).join(''), parts };
  });
}

/** Resolves with what `value()` resolves to once it is truthy (polled), or rejects after a timeout with `what`. */
export async function eventually<T>(value: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await value();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Monday of this week (UTC), as New Weekly Update dates the update. */
export function thisMonday(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Deletes a workspace file as Explorer deletes one, so that VS Code forgets its model too. */
export async function remove(relative: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(workspaceUri(relative), { ignoreIfNotExists: true });
  await vscode.workspace.applyEdit(edit);
}

/**
 * Undoes, in `document`'s editor, the one edit that created it and wrote its text, until the file is gone:
 * undo first takes the text back, then the file (at most a few undos, each given time to reach the disk).
 */
export async function undoCreation(document: vscode.TextDocument): Promise<void> {
  for (let i = 0; i < 3 && (await exists(document.uri)); i++) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The open input of "OKR Lens: Check In" once it is the one `title` names (the previous one has closed). */
export function checkInInputTitled(api: OkrLensApi, title: RegExp | string): Promise<CheckInInput> {
  return until(
    () => {
      const i = api.checkInInput();
      return i && (typeof title === 'string' ? i.title === title : title.test(i.title)) ? i : null;
    },
    () => `the input “${String(title)}” (open: ${api.checkInInput()?.title ?? 'none'})`,
  );
}

/**
 * The node id of the "Progress chart" link in the hover of a KR's 1-based `row`: the arguments VS Code passes to
 * okrLens.showAlignmentTree on a click. The link needs the KR's node in the workspace graph: asked again until the
 * index has the document.
 */
export async function progressChartLink(uri: vscode.Uri, row: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(row - 1, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const m = /\[\$\(graph-line\) Progress chart\]\(command:okrLens\.showAlignmentTree\?([^\s)]+)/.exec(text);
    if (m) return (JSON.parse(decodeURIComponent(m[1]!)) as [string])[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "Progress chart" link in the hover of line ${row}`);
}

/** The progress chart the alignment tree's detail pane drew for node `id`, read back from the webview's report (lastChart). */
export function drawnChart(api: OkrLensApi, id: string): Promise<{ id: string; series: string[]; points: number }> {
  return until(
    () => {
      const c = api.alignmentPanel()?.lastChart;
      return c?.id === id ? c : null;
    },
    () => `the detail pane to chart ${id} (last chart: ${JSON.stringify(api.alignmentPanel()?.lastChart)})`,
  );
}
