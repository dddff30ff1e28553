/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import './jitless';
import { HostMessageSchema, SelectMessageSchema, WebviewMessageSchema, type WebviewMessage } from '../core/workspace/protocol';
import { describeIssues, UiStateSchema, type UiState } from './model';
import { TreeView, type ViewHost } from './view';

/**
 * The alignment tree's front end. In a VS Code webview it says `ready`, then
 * renders every valid `tree` message the host posts and asks the host to open
 * a node's source line. In the CLI's static page it renders the one tree
 * message embedded in `#okr-lens-data`. Every message is validated first.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

function vscodeHost(api: VsCodeApi): ViewHost {
  return {
    post: (message: WebviewMessage) => {
      const checked = WebviewMessageSchema.safeParse(message);
      if (checked.success) api.postMessage(checked.data);
      else console.warn(`OKR Lens: not posting an invalid message: ${describeIssues(checked.error)}`);
    },
    load: (): UiState | null => {
      const saved = UiStateSchema.safeParse(api.getState());
      return saved.success ? saved.data : null;
    },
    save: (state) => api.setState(state),
  };
}

function countNodes(nodes: ReadonlyArray<{ children: ReadonlyArray<unknown> }>): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children as ReadonlyArray<{ children: ReadonlyArray<unknown> }>), 0);
}

const staticHost: ViewHost = { post: null, load: () => null, save: () => undefined };

function start(): void {
  let root = document.getElementById('okr-lens-root');
  if (!root) {
    root = document.createElement('div');
    root.id = 'okr-lens-root';
    document.body.append(root);
  }
  root.classList.add('okr-lens');
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;

  if (api) {
    const host = vscodeHost(api);
    const view = new TreeView(root, host);
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const select = SelectMessageSchema.safeParse(event.data);
      if (select.success) {
        view.reveal(select.data.id);
        return;
      }
      const message = HostMessageSchema.safeParse(event.data);
      if (!message.success) {
        console.warn(`OKR Lens: dropped an invalid message from the extension: ${describeIssues(message.error)}`);
        return;
      }
      if (view.show(message.data))
        host.post!({
          type: 'rendered',
          version: message.data.version,
          nodes: countNodes(message.data.roots),
          items: root.querySelectorAll('[role="treeitem"]').length,
        });
    });
    host.post!({ type: 'ready' });
    return;
  }

  const view = new TreeView(root, staticHost);
  const data = document.getElementById('okr-lens-data');
  if (!data) {
    view.showError('OKR Lens could not show the alignment tree: this page has no tree data (no #okr-lens-data element).');
    return;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(data.textContent ?? '');
  } catch (error) {
    view.showError(`OKR Lens could not show the alignment tree: the embedded data is not JSON (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  const message = HostMessageSchema.safeParse(raw);
  if (!message.success) {
    view.showError(`OKR Lens could not show the alignment tree: the embedded data is not a valid tree message (${describeIssues(message.error)}).`);
    return;
  }
  view.show(message.data);
}

start();
