import type { Analysis, DeltaRow, KrTrail, Version, WorkspaceGraph } from '../core/index';
import type { Style } from '../core/report/text';
import type { TreeMessage } from '../core/workspace/protocol';

/** A document as a command reports it: its file, its path as shown, and its analysis. */
export interface Analysed {
  file: string;
  shown: string;
  analysis: Analysis;
}

/** What each command hands its output formats: one key per kind of output. */
export interface FormatInputs {
  /** `check`: every document checked, with its workspace and git findings. */
  check: {
    files: readonly Analysed[];
    style: Style;
    today: Date;
    /** The working folder, which shown paths are relative to. */
    cwd: string;
    /** The root of the first workspace (null when there is none). */
    root: string | null;
  };
  /** `rollup`: one workspace's alignment tree. */
  rollup: {
    graph: WorkspaceGraph;
    /** The tree's nodes under the paths asked about. */
    visible: ReadonlySet<string>;
    /** The tree as the editor's view gets it. */
    message(this: void): TreeMessage;
    /** An index key as the user sees it. */
    shownKey(this: void, key: string): string;
    today: Date;
    style: Style;
  };
  /** `rollup --since` / `--staged`: how one workspace's scores moved since a git ref. */
  since: {
    rows: DeltaRow[];
    since: string;
    /** Whether the index (`--staged`) is compared, not the working tree. */
    staged: boolean;
    shownKey(this: void, key: string): string;
  };
  /** `history`: one document's check-in trail. */
  history: {
    /** The document's title, else its path as shown. */
    title: string;
    versions: readonly Version[];
    trails: readonly KrTrail[];
  };
  /** `inspect`: what was read in one document. */
  inspect: Analysed;
  /** `weekly`: one team's update for the week, as Markdown. */
  weekly: { text: string };
}

export type Target = keyof FormatInputs;

/** How --help names each kind of output. */
export const TARGET_LABELS: Record<Target, string> = {
  check: 'check',
  rollup: 'rollup',
  since: 'rollup --since',
  history: 'history',
  inspect: 'inspect',
  weekly: 'weekly',
};

/**
 * An output format: one file in src/cli/formats/, listed in the generated
 * src/cli/formats/index.ts (`npm run docs`).
 */
export interface FormatOf<T extends Target> {
  /** What `--format` names it. */
  name: string;
  /** The output it renders. */
  serves: T;
  /** One line for --help. */
  description: string;
  /** Its place among the formats of the same output, in --help and in messages: the default, text, is 0. */
  order: number;
  /** It holds one workspace (one JSON document, one page): paths in several workspaces are refused. */
  oneWorkspace?: boolean;
  /** It is coloured on a terminal (unless NO_COLOR or --no-color). */
  color?: boolean;
  /** The lines to print. */
  render(input: FormatInputs[T]): readonly string[];
}

export type Format = { [T in Target]: FormatOf<T> }[Target];

/** Declares a format (the type check ties `render` to the output it serves). */
export function defineFormat<T extends Target>(format: FormatOf<T>): FormatOf<T> {
  return format;
}
