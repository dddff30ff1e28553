import * as vscode from 'vscode';
import type { Analysis, DocSummary, QuarterName } from '../core/index';
import { exists, workspaceEdit } from './convert';
import { runtime, type LazyEngine as Engine } from './lazy';
import { input, pick } from './prompts';

/**
 * The quarter's commands: New OKR Document from the Template (team, quarter,
 * Supports target and where to save asked for), Grade the Quarter (scores
 * into a Score column and a retrospective, one undoable edit) and Roll Over
 * to Next Quarter (the objectives to carry forward asked for). The text they
 * write is core's (core/quarterly.ts); here only the questions and the files.
 */
export function registerQuarter(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okrLens.newDocument', () => newDocument(engine)),
    vscode.commands.registerCommand('okrLens.gradeQuarter', () => gradeQuarter(engine)),
    vscode.commands.registerCommand('okrLens.rollOver', () => rollOver(engine)),
  );
}

const WHEN: Record<'this' | 'next' | 'following', string> = { this: 'this quarter', next: 'next quarter', following: 'the quarter after' };
const NO_SUPPORTS = 'No Supports line for now';

function summaries(engine: Engine): DocSummary[] {
  const index = engine.workspace.index;
  return index.keys().map((k) => index.get(k)!);
}

function fiscalStart(): number {
  const v = vscode.workspace.getConfiguration('okrLens').get<number>('fiscalYearStartMonth', 1);
  return Number.isInteger(v) && v >= 1 && v <= 12 ? v : 1;
}

/** A workspace-relative path of the first folder as a URI. */
function inWorkspace(relative: string): vscode.Uri | null {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, ...relative.split('/').filter(Boolean)) : null;
}

/** Asks where to save a new document (a workspace-relative path, the default given) and writes it there, never over an existing file. */
async function saveAndOpen(title: string, suggested: string, content: string): Promise<vscode.TextDocument | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document);
    return document;
  }
  const path = await input({
    title,
    prompt: 'Where to save it, relative to the workspace folder',
    value: suggested,
    validate: async (value) => {
      if (!/\.(?:md|markdown)$/i.test(value)) return 'An OKR document is a Markdown file: end the name in .md';
      const uri = inWorkspace(value);
      if (uri && (await exists(uri))) return `${value} exists already: choose another name`;
      return null;
    },
  });
  if (!path) return undefined;
  const uri = inWorkspace(path)!;
  // Created through the workbench (a file edit, as Explorer's New File is), so an editor's model of a file once there is renewed.
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { contents: new TextEncoder().encode(content) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`OKR Lens: could not create ${path}.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

/** The folder (workspace-relative) where a team's OKR documents live, or `teams/<team>`. */
function teamFolder(team: string, docs: readonly DocSummary[]): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const counts = new Map<string, number>();
  for (const d of docs) {
    if (d.team?.toLowerCase() !== team.toLowerCase() || d.kind !== 'okr' || !folder) continue;
    const relative = vscode.workspace.asRelativePath(folder.uri.with({ path: d.key }), false);
    const dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best ? best[0] : `teams/${runtime().slugOf(team)}`;
}

async function newDocument(engine: Engine): Promise<vscode.TextDocument | undefined> {
  // The teams and Supports targets offered are the workspace index's: wait for its first scan.
  await engine.workspace.ready();
  const docs = summaries(engine);
  const teams = [
    ...new Map(
      docs.flatMap((d) =>
        d.team && d.kind === 'okr' && !d.companyLike && d.level !== 'company' && d.level !== 'individual' ? [[d.team.toLowerCase(), d.team] as const] : [],
      ),
    ).values(),
  ].sort();
  const team = (
    await pick({
      title: 'New OKR document: team',
      placeholder: teams.length > 0 ? 'Pick a team of the workspace, or type a new team’s name' : 'Type the team’s name',
      items: teams.map((t) => ({ label: t })),
      freeText: (value) => ({ label: value, description: 'new team' }),
    })
  )?.[0]?.label.trim();
  if (!team) return undefined;

  const choices = runtime().quarterChoices(new Date(), fiscalStart());
  const items = choices.map((c) => ({ label: c.quarter.label, description: WHEN[c.when], quarter: c.quarter }));
  const quarter = (
    await pick({
      title: 'New OKR document: quarter',
      placeholder: 'The quarter the OKRs are for',
      items,
      active: items.filter((_, i) => choices[i]!.when === 'next'),
    })
  )?.[0]?.quarter;
  if (!quarter) return undefined;

  const folder = teamFolder(team, docs);
  const suggested = `${folder ? `${folder}/` : ''}${quarter.stem}.okr.md`;
  const self = inWorkspace(suggested)?.path ?? suggested;
  let supports: string | null = null;
  const targets = runtime().supportsChoices(docs, self);
  if (targets.length > 0) {
    const answer = await pick({
      title: 'New OKR document: what the first objective supports',
      placeholder: 'An objective or ID of the workspace for the Supports line',
      items: [
        ...targets.map((t) => ({ label: t.title.replace(/^Add "Supports: (.*?)"/, '$1'), description: '', text: t.text as string | null })),
        { label: NO_SUPPORTS, description: '', text: null },
      ],
    });
    if (!answer) return undefined;
    supports = answer[0]?.text ?? null;
  }
  const content = runtime().quarterTemplate({ team, quarter: quarter.label, supports });
  const document = await saveAndOpen('New OKR document: save as', suggested, content);
  if (document) {
    // The cursor where the writing starts: the first objective's title.
    const editor = vscode.window.activeTextEditor;
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('## Objective 1: '));
    if (editor?.document === document && line >= 0) {
      const at = new vscode.Position(line, document.lineAt(line).text.length);
      editor.selection = new vscode.Selection(at, at);
    }
  }
  return document;
}

function activeOkrDocument(engine: Engine, what: string): { document: vscode.TextDocument; analysis: Analysis } | null {
  const document = vscode.window.activeTextEditor?.document;
  const analysis = document ? engine.analysisOf(document) : null;
  if (!document || !analysis || analysis.document.kind !== 'okr') {
    void vscode.window.showInformationMessage(`OKR Lens: open the quarter's OKR document to ${what}.`);
    return null;
  }
  return { document, analysis };
}

async function gradeQuarter(engine: Engine): Promise<boolean> {
  const active = activeOkrDocument(engine, 'grade it');
  if (!active) return false;
  const { document, analysis } = active;
  const grading = runtime().gradeQuarter(analysis, { config: engine.config(document), today: new Date() });
  if (!grading) {
    void vscode.window.showInformationMessage('OKR Lens: this document has no key results to grade.');
    return false;
  }
  if (!(await vscode.workspace.applyEdit(workspaceEdit(document, grading.edits)))) return false;
  const d = grading.distribution;
  const score = d.score === null ? 'no score' : `document score ${runtime().formatScore(d.score)}`;
  void vscode.window.showInformationMessage(
    `OKR Lens: graded ${d.total} KRs (${d.counts.red} red, ${d.counts.amber} amber, ${d.counts.green} green, ${d.counts.stretch} stretch${d.unscored > 0 ? `, ${d.unscored} not scored` : ''}); ${score}. Write the retrospective at the end of the document.`,
  );
  return true;
}

async function rollOver(engine: Engine): Promise<vscode.TextDocument | undefined> {
  const active = activeOkrDocument(engine, 'roll it over');
  if (!active) return undefined;
  const { document, analysis } = active;
  const next: QuarterName = runtime().nextQuarterOf(analysis, fiscalStart()) ?? runtime().quarterAfter(new Date(), 1, fiscalStart());
  const items = analysis.document.objectives.map((o, index) => {
    const s = analysis.scores.objective(o).value;
    return {
      label: o.title.trim(),
      description: s === null ? 'not scored' : `score ${runtime().formatScore(s)}`,
      index,
      finished: runtime().isFinished(analysis, o),
    };
  });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('OKR Lens: this document has no objectives to carry forward.');
    return undefined;
  }
  const chosen = await pick({
    title: `Roll over to ${next.label}: objectives to carry forward`,
    placeholder: 'Selected: the objectives not finished (a KR below 1.0)',
    items,
    active: items.filter((i) => !i.finished),
    many: true,
  });
  if (!chosen) return undefined;
  const content = runtime().rolloverText(analysis, { quarter: next.label, objectives: chosen.map((c) => c.index).sort((a, b) => a - b) });
  const relative = vscode.workspace.asRelativePath(document.uri, false);
  const dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/') + 1) : '';
  const name = relative.slice(dir.length);
  return saveAndOpen(`Roll over to ${next.label}: save as`, `${dir}${runtime().nextFileName(name, analysis.document.quarter?.label ?? null, next)}`, content);
}
