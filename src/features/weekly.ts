import * as vscode from 'vscode';
import type { WeeklyCandidate } from '../core/index';
import { exists } from './convert';
import { runtime, type LazyEngine as Engine } from './lazy';

/** Most Markdown files read to find a team's previous weekly update. */
const MAX_FILES = 2000;

/**
 * "OKR Lens: New Weekly Update": this week's update of the quarterly document
 * in the editor, created where the weeklyPath setting says as one undoable
 * edit (the file and its text), then opened. Last comes from the team's
 * previous weekly update, else from git at the start of the week (not on the
 * web, which has no git). When this week's update exists it is opened instead.
 * Resolves with the update's URI (for the integration tests).
 */
export async function newWeeklyUpdate(engine: Engine, today = new Date()): Promise<vscode.Uri | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  const analysis = document ? engine.analysisOf(document) : null;
  if (!document || !analysis || analysis.document.kind !== 'okr' || !analysis.document.objectives.some((o) => o.keyResults.length > 0)) {
    void vscode.window.showInformationMessage("OKR Lens: open a team's quarterly OKR document (with key results) to write its weekly update.");
    return undefined;
  }
  const rt = runtime();
  const config = engine.config(document);
  const quarterly = analysis.document;
  const monday = rt.mondayOf(today);
  const folder = vscode.Uri.joinPath(document.uri, '..');
  const target = vscode.Uri.joinPath(folder, rt.weeklyPathFor(config.weeklyPath, monday, quarterly.team));
  const shown = vscode.workspace.asRelativePath(target);
  if (await exists(target)) {
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(`OKR Lens: this week's update is already there: ${shown}.`);
    return target;
  }
  const targetFolder = vscode.Uri.joinPath(target, '..');
  const previous = rt.previousUpdate(
    await weeklyCandidates(document.uri, config, today),
    { key: document.uri.path, team: quarterly.team },
    monday,
    targetFolder.path,
  );
  const update = rt.weeklyUpdate({
    quarterly,
    quarterlyLink: rt.relativePath(targetFolder.path, document.uri.path),
    monday,
    previous: previous ? { document: previous.document, name: rt.relativePath(targetFolder.path, previous.key) } : null,
    history: await engine.weekStart(document.uri, monday, config, today),
  });
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { ignoreIfExists: false, overwrite: false });
  edit.insert(target, new vscode.Position(0, 0), update.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`OKR Lens: could not create ${shown}.`);
    return undefined;
  }
  await vscode.window.showTextDocument(target);
  const noGit =
    engine.unavailable && update.rows.some((r) => r.source === 'none') ? ' Last comes from the previous weekly update only here: there is no git.' : '';
  void vscode.window.showInformationMessage(`OKR Lens: wrote this week's update, ${shown}: fill the Notes, the Top 3 and the Blockers.${noGit}`);
  return target;
}

/** The weekly updates in the quarterly document's workspace folder (or its own folder outside one). */
async function weeklyCandidates(uri: vscode.Uri, config: ReturnType<Engine['config']>, today: Date): Promise<WeeklyCandidate[]> {
  const rt = runtime();
  const root = vscode.workspace.getWorkspaceFolder(uri);
  const pattern = root
    ? new vscode.RelativePattern(root, '**/*.{md,markdown}')
    : new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), '**/*.{md,markdown}');
  const files = await vscode.workspace.findFiles(pattern, '**/node_modules/**', MAX_FILES);
  const out: WeeklyCandidate[] = [];
  for (const file of files) {
    let text: string;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      continue;
    }
    if (!rt.looksWeekly(text)) continue;
    const { document } = rt.analyze(text, { config, today, rules: [], validate: false });
    if (document.kind === 'weekly') out.push({ key: file.path, text, document });
  }
  return out;
}

/** Registers "OKR Lens: New Weekly Update". */
export function registerWeekly(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(vscode.commands.registerCommand('okrLens.newWeeklyUpdate', () => newWeeklyUpdate(engine)));
}
