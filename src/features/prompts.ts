import * as vscode from 'vscode';

/**
 * The questions OKR Lens's commands ask (pick lists and input boxes), built
 * with `createQuickPick` / `createInputBox` so that the one showing can be
 * answered from the extension host: the integration tests read what it offers
 * and answer it through `answer()`, which types the value or moves the
 * selection as a user would and accepts it with the workbench's own
 * "accept" command (the same key a user presses).
 */
export interface Prompt {
  kind: 'pick' | 'input';
  title: string;
  /** What the input holds (the typed text). */
  readonly value: string;
  /** The pick list's labels, in order, and the ones selected now (the default answer). */
  readonly items: string[];
  readonly selected: string[];
  /**
   * Answers the prompt: an input box gets `value` typed; a pick list selects the items with these
   * labels (a string that names no item is typed, as free text); nothing keeps the default.
   */
  answer(value?: string | string[]): Promise<void>;
  cancel(): void;
}

let current: Prompt | null = null;

/** The prompt showing now, or null: for the integration tests (OkrLensApi.prompt). */
export function activePrompt(): Prompt | null {
  return current;
}

interface PickOptions<T extends vscode.QuickPickItem> {
  title: string;
  placeholder: string;
  items: T[];
  /** Selected (many) or highlighted (one) when the list opens. */
  active?: readonly T[];
  many?: boolean;
  /** The item for text typed that matches no item (free text), or null when only the list's items are answers. */
  freeText?: (value: string) => T | null;
}

/** A pick list; resolves with the chosen items, or undefined when dismissed. */
export function pick<T extends vscode.QuickPickItem>(options: PickOptions<T>): Promise<T[] | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.placeholder = options.placeholder;
  qp.canSelectMany = options.many ?? false;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.items = options.items;
  if (options.active && options.active.length > 0) {
    if (qp.canSelectMany) qp.selectedItems = options.active;
    else qp.activeItems = options.active;
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: T[] | undefined): void => {
      if (done) return;
      done = true;
      if (current === prompt) current = null;
      resolve(result);
      qp.dispose();
    };
    const typed = (): T | null => {
      const value = qp.value.trim();
      if (!options.freeText || value === '') return null;
      if (options.items.some((i) => i.label.toLowerCase() === value.toLowerCase())) return null;
      return options.freeText(value);
    };
    qp.onDidChangeValue(() => {
      const extra = typed();
      qp.items = extra ? [extra, ...options.items] : options.items;
    });
    const onAccept = (): void => {
      if (qp.canSelectMany) return finish([...qp.selectedItems]);
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0] ?? typed();
      if (chosen) finish([chosen]);
    };
    qp.onDidAccept(onAccept);
    qp.onDidHide(() => finish(undefined));
    const prompt: Prompt = {
      kind: 'pick',
      title: options.title,
      get value() {
        return qp.value;
      },
      get items() {
        return qp.items.map((i) => i.label);
      },
      get selected() {
        return (qp.canSelectMany ? qp.selectedItems : qp.activeItems).map((i) => i.label);
      },
      answer: async (value) => {
        const labels = value === undefined ? [] : Array.isArray(value) ? value : [value];
        if (value !== undefined) {
          const found = qp.items.filter((i) => labels.includes(i.label));
          if (qp.canSelectMany) qp.selectedItems = found;
          else if (found.length > 0) qp.activeItems = found;
          else {
            qp.value = labels[0] ?? '';
            const extra = typed();
            qp.items = extra ? [extra, ...options.items] : options.items;
            if (extra) qp.activeItems = [extra];
          }
        }
        await accept(() => done, onAccept);
      },
      cancel: () => qp.hide(),
    };
    current = prompt;
    qp.show();
  });
}

/** An input box with a default answer; resolves with the accepted value, or undefined when dismissed. */
export function input(options: {
  title: string;
  prompt: string;
  value: string;
  validate?: (value: string) => Promise<string | null>;
}): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.value = options.value;
  box.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: string | undefined): void => {
      if (done) return;
      done = true;
      if (current === prompt) current = null;
      resolve(result);
      box.dispose();
    };
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    const onAccept = async (): Promise<void> => {
      const value = box.value.trim();
      const problem = options.validate ? await options.validate(value) : null;
      if (problem) box.validationMessage = problem;
      else finish(value);
    };
    box.onDidAccept(onAccept);
    box.onDidHide(() => finish(undefined));
    const prompt: Prompt = {
      kind: 'input',
      title: options.title,
      get value() {
        return box.value;
      },
      items: [],
      selected: [],
      answer: async (value) => {
        if (typeof value === 'string') box.value = value;
        await accept(() => done, onAccept);
      },
      cancel: () => box.hide(),
    };
    current = prompt;
    box.show();
  });
}

/**
 * Accepts the prompt showing with the workbench's accept command, as the Enter key does, once the
 * answer has reached the workbench (the extension host sends changes to a quick input in a batch,
 * after the current task; a multi-select list accepts what the workbench has checked); where the
 * workbench does not route that command to the prompt (an input box without focus), the prompt's
 * own accept handler runs, the one Enter triggers.
 */
async function accept(done: () => boolean, onAccept: () => unknown): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  for (let i = 0; i < 10 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!done()) await onAccept();
}
