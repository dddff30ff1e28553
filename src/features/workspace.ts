import * as vscode from 'vscode';
import { isMarkdownPath, isOkrDocument, WorkspaceIndex, type Analysis, type LensConfig } from '../core/index';
import { treeMessage, type TreeMessage, type TreeOptions } from '../core/workspace/protocol';
import type { GraphNode } from '../core/workspace/graph';
import { configFor } from './config';
import type { Disk, Services } from './services';

/** Folders never searched for OKR documents. */
const SKIPPED_FOLDERS = ['node_modules', '.git', 'out', 'dist', '.vscode-test'];
const EXCLUDE = `{${SKIPPED_FOLDERS.map((folder) => `**/${folder}/**`).join(',')}}`;
/** How long after the last folder created in a burst the new folders are searched. */
const FOLDER_DELAY_MS = 150;
const FOLDER_MAX_WAIT_MS = 1000;
/** Files read between two yields to the event loop during the cold index. */
const BATCH = 25;

/**
 * Keeps the workspace index (core's WorkspaceIndex) in step with the
 * workspace: a cold scan of every OKR document, file-system events (create,
 * change, delete, rename) and open editors, whose unsaved text wins over the
 * file on disk. Fires `onDidChange` (debounced) when the graph changed.
 */
export class WorkspaceTracker implements vscode.Disposable {
  readonly index: WorkspaceIndex;
  private readonly uris = new Map<string, vscode.Uri>();
  /** Index keys of documents open in an editor: the editor's text wins over file events. */
  private readonly open = new Set<string>();
  private scanning: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  /** How long the cold index took, for the integration tests and bench/README.md. */
  scanMs: number | null = null;
  /** How many worker threads the last scan parsed on (0: the extension host's own thread), and how long finding and reading the files took. */
  scanThreads = 0;
  /** How many of those ran in the pool's host process (the rest in the extension host, where the host process could not start). */
  scanHosted = 0;
  scanReadMs: number | null = null;
  /** How many documents of the last scan came from the summary cache. */
  scanCached = 0;
  /** What the last scan showed in the status bar, in order (nothing when it ended before `progressDelayMs`): read by the integration tests. */
  scanProgress: readonly string[] = [];
  /** How long a scan runs before its progress shows in the status bar, so that a small workspace's scan does not flash it. */
  progressDelayMs = 400;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly isOkr: (uri: vscode.Uri, head: string) => boolean,
    /** What the host offers: fast local reads, worker threads, the summary cache. */
    private readonly services: Services,
  ) {
    this.index = new WorkspaceIndex(this.rootConfig());
    // Every path, not only Markdown: deleting or renaming a folder reports the folder alone, and a
    // Markdown glob would filter that event out. The handlers ignore other files at once.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      this.emitter,
      watcher.onDidCreate((uri) => void this.created(uri)),
      watcher.onDidChange((uri) => void this.refresh(uri)),
      // File events can arrive out of order around renames: every event re-reads the file, so what is on disk wins.
      watcher.onDidDelete((uri) => this.deleted(uri)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.deleted(uri))),
      vscode.workspace.onDidCreateFiles((e) => e.files.forEach((uri) => void this.created(uri))),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          const from = keyOf(oldUri);
          const to = keyOf(newUri);
          // The file itself, or every indexed file under a renamed folder.
          const moved = this.index.keys().filter((k) => k === from || k.startsWith(`${from}/`));
          for (const k of moved) {
            const target = to + k.slice(from.length);
            this.index.rename(k, target);
            this.gone.add(k);
            this.gone.delete(target);
            this.uris.delete(k);
            this.uris.set(target, newUri.with({ path: newUri.path + k.slice(from.length) }));
          }
          if (moved.length > 0) this.changed();
          else void this.created(newUri); // a file that becomes an OKR document by its new name, or a folder of them
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
  }

  /**
   * A created file, or a created folder: the file watcher (inotify on Linux) reports a new folder
   * but may miss the files written into it before it is watched (a `git checkout`, `mkdir -p` and
   * a write, a folder moved in), so a new folder is searched for Markdown files.
   */
  private async created(uri: vscode.Uri): Promise<void> {
    if (inSkippedFolder(uri)) return;
    if (isMarkdownPath(uri.path)) return this.refresh(uri);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return; // gone again
    }
    if ((stat.type & vscode.FileType.Directory) === 0) return;
    if (this.newFolders.size === 0) this.firstNewFolder = Date.now();
    this.newFolders.set(uri.toString(), uri);
    // Wait for the burst to end, but not for ever: a steady stream of new folders is searched every second.
    if (Date.now() - this.firstNewFolder > FOLDER_MAX_WAIT_MS) return;
    clearTimeout(this.folderTimer);
    this.folderTimer = setTimeout(() => void this.searchNewFolders(), FOLDER_DELAY_MS);
  }

  /** Folders created in the last moments, searched together once the burst is over. */
  private readonly newFolders = new Map<string, vscode.Uri>();
  private folderTimer: NodeJS.Timeout | undefined;
  private firstNewFolder = 0;

  /**
   * Searches the folders created in a burst (a branch switch can make hundreds) for Markdown files
   * not yet indexed. A folder inside another new one is covered by it. The folders are walked with
   * readDirectory, not findFiles: in the extension host, each findFiles starts a ripgrep process,
   * and starting one blocks the event loop (200 new folders held it for about half a second).
   */
  private async searchNewFolders(): Promise<void> {
    const folders = [...this.newFolders.values()].sort((a, b) => a.path.length - b.path.length);
    this.newFolders.clear();
    const roots: vscode.Uri[] = [];
    for (const folder of folders)
      if (!roots.some((root) => folder.scheme === root.scheme && folder.authority === root.authority && folder.path.startsWith(`${root.path}/`)))
        roots.push(folder);
    const found: vscode.Uri[] = [];
    const walk = async (folder: vscode.Uri): Promise<void> => {
      let entries: Array<[string, vscode.FileType]>;
      try {
        entries = await this.readFolder(folder);
      } catch {
        return; // gone again
      }
      const subfolders: vscode.Uri[] = [];
      for (const [name, type] of entries) {
        const child = vscode.Uri.joinPath(folder, name);
        // Linked folders are not followed: a link to a parent would never end.
        if (type === vscode.FileType.Directory) {
          if (!SKIPPED_FOLDERS.includes(name)) subfolders.push(child);
        } else if (type & vscode.FileType.File && isMarkdownPath(name) && !this.index.has(keyOf(child))) found.push(child);
      }
      await Promise.all(subfolders.map(walk));
    };
    await Promise.all(roots.map(walk));
    await Promise.all(found.map((file) => this.refresh(file)));
  }

  /** A deleted file, or every indexed file under a deleted folder, leaves the index unless an editor holds unsaved edits of it. */
  private deleted(uri: vscode.Uri): void {
    const key = keyOf(uri);
    for (const k of this.index.keys().filter((x) => x === key || x.startsWith(`${key}/`))) {
      const target = this.uris.get(k) ?? uri.with({ path: k });
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (!document?.isDirty) this.open.delete(k);
      void this.refresh(target);
    }
  }

  /** The cold index, started once; later calls wait for the same scan. */
  ready(): Promise<void> {
    return (this.scanning ??= this.scan());
  }

  /** Forgets the index and scans every folder again (workspace folders changed; the load test). */
  async rescan(): Promise<void> {
    await this.scanning;
    this.index.clear();
    this.uris.clear();
    this.scanning = this.scan();
    await this.scanning;
  }

  private async scan(): Promise<void> {
    const started = Date.now();
    const progress = new ScanProgress(this.progressDelayMs);
    this.scanProgress = progress.reported;
    try {
      await this.scanFiles(started, progress);
    } finally {
      progress.end();
    }
  }

  private async scanFiles(started: number, progress: ScanProgress): Promise<void> {
    const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles('**/*.{md,markdown}', EXCLUDE) : [];
    // Documents indexed by events or editors while the scan runs are newer than what it read.
    const touched = new Set<string>();
    this.scanTouched = touched;
    const items: Array<{ key: string; text: string }> = [];
    const uris = new Map<string, vscode.Uri>();
    // The parse, the bulk of the work, runs on worker threads when there are many documents (in a
    // host process of their own, which takes V8 flags this shared extension host must not); the
    // extension host stays free. Each document goes to the stream as soon as it is read, so the
    // workers start, and parse, while the rest are read. Few documents are parsed here.
    // Documents unchanged since the last session come from the summary cache.
    const config = this.rootConfig();
    let read = 0;
    const stream = this.services.summaries(config, new Date(), {
      minDocuments: 48,
      onThreads: (threads, hosted) => {
        this.scanThreads = threads;
        this.scanHosted = hosted;
      },
      onError: (key, error) => this.output.appendLine(`Workspace index: could not read ${key}: ${error}`),
      onSummary: () => progress.indexed(),
    });
    try {
      for (let i = 0; i < files.length; i += BATCH) {
        // Files on this machine's disk are read at once, a batch between two event-loop turns
        // (a batch of OKR documents takes a millisecond or two; an await per file costs a turn of
        // the busy extension host each, several times the read). Other schemes go through workspace.fs.
        if (i > 0) await nextTurn();
        await Promise.all(
          files.slice(i, i + BATCH).map(async (uri) => {
            progress.read(++read, files.length);
            const key = keyOf(uri);
            if (this.open.has(key)) return;
            let text: string;
            try {
              const disk = this.diskFor(uri);
              text = disk ? decode(disk.readFileSync(uri)) : await this.readText(uri);
            } catch {
              return; // deleted in the meantime
            }
            if (!this.isOkr(uri, text.slice(0, 65_536))) return;
            items.push({ key, text });
            uris.set(key, uri);
            stream.add(key, text);
          }),
        );
      }
    } catch (error) {
      // Workers wait for documents until the stream is closed: close it before giving up.
      void stream.done().catch(() => undefined);
      throw error;
    }
    progress.allRead(items.length);
    const readMs = Date.now() - started;
    this.scanReadMs = readMs;
    const summaries = await stream.done().catch(() => null);
    this.scanCached = stream.cached();
    if (summaries) {
      for (const summary of summaries) {
        if (touched.has(summary.key) || this.open.has(summary.key)) continue;
        this.index.set(summary);
        this.gone.delete(summary.key);
        this.uris.set(summary.key, uris.get(summary.key)!);
      }
    } else {
      for (const { key } of items) if (!touched.has(key)) await this.refresh(uris.get(key)!, false);
    }
    this.scanTouched = null;
    this.scanMs = Date.now() - started;
    this.output.appendLine(
      `Workspace index: ${this.index.size} OKR document${this.index.size === 1 ? '' : 's'} of ${files.length} Markdown files in ${this.scanMs} ms (found and read in ${readMs} ms; ${this.scanCached} unchanged since the last session; ${items.length - this.scanCached} parsed ${this.scanThreads > 0 ? `on ${this.scanThreads} worker threads${this.scanHosted === this.scanThreads ? ' in a host process' : this.scanHosted > 0 ? `, ${this.scanHosted} in a host process` : ''}` : 'here'}).`,
    );
    this.changed();
    // The cache is for the next session: written once the index is ready and its views told.
    const cacheProblem = summaries ? stream.save() : null;
    if (cacheProblem) this.output.appendLine(`Workspace index: could not write the summary cache: ${cacheProblem}`);
  }

  /** Keys indexed by a file event or an editor while a scan runs; the scan does not overwrite them. */
  private scanTouched: Set<string> | null = null;

  /** Reads a file from disk into the index, unless an editor has it open. */
  private async refresh(uri: vscode.Uri, notify = true): Promise<void> {
    const key = keyOf(uri);
    if (this.open.has(key) || !isMarkdownPath(uri.path)) return;
    // A file under node_modules and the like counts only while open in an editor, as the first scan never finds one.
    if (inSkippedFolder(uri)) {
      if (this.index.has(key)) this.remove(uri);
      return;
    }
    // Reads of one file can finish out of order (a file written twice in a row, a branch switch):
    // only the newest read of each file may reach the index.
    const read = (this.reads.get(key) ?? 0) + 1;
    this.reads.set(key, read);
    const newest = (): boolean => this.reads.get(key) === read;
    let text: string;
    try {
      text = await this.readText(uri);
    } catch {
      if (newest()) this.remove(uri); // deleted in the meantime, or a folder
      return;
    }
    await this.turn(() => {
      if (!newest()) return; // a newer read of the file is on its way
      if (this.open.has(key)) return; // opened while the file was read
      if (!this.isOkr(uri, text.slice(0, 65_536))) {
        this.scanTouched?.add(key);
        if (this.index.delete(key) && notify) this.changed();
        return;
      }
      try {
        this.index.setText(key, text);
        this.gone.delete(key);
        this.uris.set(key, uri);
        this.scanTouched?.add(key);
      } catch (error) {
        this.output.appendLine(
          `Workspace index: could not read ${vscode.workspace.asRelativePath(uri)}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      if (notify) this.changed();
    });
  }

  private queue: Promise<void> = Promise.resolve();
  /** How many reads of each file `refresh` has started: the newest one wins. */
  private readonly reads = new Map<string, number>();

  /**
   * Runs index work one job per event-loop turn. Files arrive in bursts (a
   * scan, a branch switch, a generator writing 200 files); their reads finish
   * together, and parsing them back to back would hold the extension host.
   */
  private turn(job: () => void): Promise<void> {
    const run = this.queue.then(async () => {
      await nextTurn();
      job();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Files found deleted. VS Code keeps a closed editor's document in memory for
   * minutes, and any feature may analyse it again (a settings change, a
   * workspace event): such a document, without unsaved edits, does not bring
   * its file back into the index. Cleared when the file is read from disk again.
   */
  private readonly gone = new Set<string>();

  private remove(uri: vscode.Uri): void {
    const key = keyOf(uri);
    if (uri.scheme !== 'untitled') this.gone.add(key);
    this.scanTouched?.add(key);
    this.uris.delete(key);
    if (this.index.delete(key)) this.changed();
  }

  /** An open document was analysed: its (possibly unsaved) text is what the workspace sees. */
  analysed(document: vscode.TextDocument, analysis: Analysis | null): void {
    if (!isWorkspaceDocument(document.uri)) return;
    const key = keyOf(document.uri);
    if (!analysis) {
      this.scanTouched?.add(key);
      this.open.delete(key);
      if (this.index.delete(key)) this.changed();
      return;
    }
    if (this.gone.has(key)) {
      if (!document.isDirty) return;
      this.gone.delete(key); // unsaved edits of a deleted file count, as they would for a file on disk
    }
    this.open.add(key);
    this.uris.set(key, document.uri);
    this.index.setAnalysis(key, analysis);
    this.scanTouched?.add(key);
    this.changed();
  }

  /** An editor closed: unsaved edits are gone, so the file on disk counts again. */
  closed(document: vscode.TextDocument): void {
    if (!isWorkspaceDocument(document.uri)) return;
    const key = keyOf(document.uri);
    if (!this.open.delete(key)) return;
    if (document.uri.scheme === 'untitled') this.remove(document.uri);
    else void this.refresh(document.uri);
  }

  /** A document's key in the workspace index. */
  keyOf(document: vscode.TextDocument): string {
    return keyOf(document.uri);
  }

  uriOf(key: string): vscode.Uri | undefined {
    return this.uris.get(key);
  }

  node(id: string): GraphNode | undefined {
    return this.index.graph().node(id);
  }

  /** The graph's node of a document's objective or KR on a 1-based line (the hover's link to its chart). */
  nodeAt(uri: vscode.Uri, kind: GraphNode['kind'], line: number): GraphNode | undefined {
    const key = keyOf(uri);
    return this.index.graph().nodes.find((n) => n.path === key && n.kind === kind && n.line === line);
  }

  /** The alignment tree as the webview and the Explorer view show it. */
  tree(charts?: Pick<TreeOptions, 'progress' | 'history'>): TreeMessage {
    const config = this.rootConfig();
    return treeMessage(this.index.graph(), this.index.version, config.ragBands, (key) => this.display(key), true, undefined, {
      today: new Date(),
      paceThreshold: config.paceThreshold,
      ...charts,
    });
  }

  /** An index key as the user reads it: relative to the workspace (a key no longer indexed, such as a deleted file's, too). */
  display(key: string): string {
    return vscode.workspace.asRelativePath(this.uris.get(key) ?? vscode.Uri.file(key));
  }

  /** Whether a file with this text counts as an OKR document (a file deleted since a commit). */
  isOkrText(uri: vscode.Uri, text: string): boolean {
    return this.isOkr(uri, text.slice(0, 65_536));
  }

  /** The configuration of the workspace's first folder, which the index uses. */
  config(): LensConfig {
    return this.rootConfig();
  }

  reloadConfig(): void {
    this.index.setConfig(this.rootConfig());
    this.changed();
  }

  private rootConfig(): LensConfig {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return configFor(folder ? vscode.Uri.joinPath(folder.uri, 'okrs.md') : vscode.Uri.parse('untitled:okrs.md'), this.services).config;
  }

  /** The host's fast reads for a file on this machine's disk; null for other schemes and in the web. */
  private diskFor(uri: vscode.Uri): Disk | null {
    return uri.scheme === 'file' ? this.services.disk : null;
  }

  /** A file's text: through the host's disk when it is on this machine's, else through workspace.fs (virtual workspaces, the web). */
  private async readText(uri: vscode.Uri): Promise<string> {
    const disk = this.diskFor(uri);
    return decode(disk ? await disk.readFile(uri) : await vscode.workspace.fs.readFile(uri));
  }

  private readFolder(uri: vscode.Uri): Promise<Array<[string, vscode.FileType]>> {
    const disk = this.diskFor(uri);
    return disk ? disk.readFolder(uri) : Promise.resolve(vscode.workspace.fs.readDirectory(uri));
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.emitter.fire(), 100);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.folderTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The next turn of the event loop: setImmediate in Node, a zero timeout in a web worker. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** UTF-8 as VS Code reads it: a byte-order mark is dropped, bad bytes become U+FFFD. */
function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Whether a path lies in a folder the index never searches (node_modules, .git, build output). */
function inSkippedFolder(uri: vscode.Uri): boolean {
  return vscode.workspace
    .asRelativePath(uri, false)
    .split('/')
    .some((segment) => SKIPPED_FOLDERS.includes(segment));
}

/**
 * A document that is one of the workspace's files, or a new untitled one. Not the views of a file
 * that other extensions open under the same path, such as git's `git:` documents of HEAD behind
 * the quick diff: keyed by path, they would stand in for the file, and when closed drop it from the index.
 */
export function isWorkspaceDocument(uri: vscode.Uri): boolean {
  if (uri.scheme === 'untitled' || uri.scheme === 'file') return true;
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme === uri.scheme);
}

/** The index key of a document: its URI's path (absolute, `/`-separated), so relative links resolve as on disk. */
export function keyOf(uri: vscode.Uri): string {
  return uri.path.startsWith('/') ? uri.path : `/${uri.path}`;
}

/** SPEC §1 detection with the folder's include / exclude globs, for files that are not open. */
export function okrFileTest(config: (uri: vscode.Uri) => LensConfig): (uri: vscode.Uri, head: string) => boolean {
  return (uri, head) => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const relative = folder ? uri.path.slice(folder.uri.path.length).replace(/^\/+/, '') : null;
    return isOkrDocument({ path: uri.path, relative }, config(uri), () => head);
  };
}

/**
 * The status-bar progress of a scan ("OKR Lens: indexing 412 of 980 OKR
 * documents"), shown once the scan has taken `delayMs`, and updated at most
 * every UPDATE_MS.
 */
class ScanProgress {
  static readonly UPDATE_MS = 100;
  /** Every message shown, in order. */
  readonly reported: string[] = [];
  private message = 'looking for OKR documents';
  private progress: vscode.Progress<{ message?: string }> | null = null;
  private finish: (() => void) | null = null;
  private last = 0;
  private readonly timer: NodeJS.Timeout;
  private done = 0;
  /** How many OKR documents the scan found, once every file is read. */
  private found: number | null = null;
  private ended = false;

  constructor(delayMs: number) {
    this.timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'OKR Lens' }, (progress) => {
        if (this.ended) return Promise.resolve();
        this.progress = progress;
        this.show(true);
        return new Promise<void>((resolve) => (this.finish = resolve));
      });
    }, delayMs);
  }

  /** `n` of the workspace's `total` Markdown files read. */
  read(n: number, total: number): void {
    this.set(`reading ${count(n)} of ${count(total)} Markdown files`, n === total);
  }

  /** One more document summarised (shown once every file is read). */
  indexed(): void {
    this.done++;
    if (this.found !== null) this.set(`indexing ${count(this.done)} of ${count(this.found)} OKR documents`, this.done === this.found);
  }

  /** Every file is read: `found` of them are OKR documents, to be indexed. */
  allRead(found: number): void {
    this.found = found;
    this.set(`indexing ${count(this.done)} of ${count(found)} OKR documents`, true);
  }

  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.finish?.();
    this.progress = null;
  }

  private set(message: string, force: boolean): void {
    this.message = message;
    this.show(force);
  }

  private show(force: boolean): void {
    const now = Date.now();
    if (!this.progress || (!force && now - this.last < ScanProgress.UPDATE_MS)) return;
    this.last = now;
    this.reported.push(this.message);
    this.progress.report({ message: this.message });
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
