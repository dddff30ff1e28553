import type { Target } from './format';
import type { Io } from './io';
import type { OptionSpec } from './options';

/** What a command runs with: the arguments after its name, checked by main. */
export interface Context {
  io: Io;
  /** The positional arguments after the command's name. */
  paths: readonly string[];
  /** `--format`, one of the command's formats: text by default. */
  format: string;
  /** `--date`, or today. */
  today: Date;
  /** Whether a boolean option was given. */
  flag(name: string): boolean;
  /** A string option's value, if given. */
  value(name: string): string | undefined;
}

/** A command of `okr-lens`: one file in src/cli/commands/, listed in its index. */
export interface Command {
  name: string;
  /** How it is called, as --help shows it (`check [paths…]`). */
  usage: string;
  /** What it does, in one line (--help wraps it). */
  summary: string;
  /** The options only this command takes. */
  options: readonly OptionSpec[];
  /**
   * The outputs it renders with the formats of src/cli/formats/. A command
   * with none reads no OKR documents: it takes no paths, --format or
   * --date, and main checks none of them.
   */
  targets: readonly Target[];
  /** Checks of its options that need more than their names, run before any file is read. */
  validate?(ctx: Context): void;
  /** Resolves with the exit code. */
  run(ctx: Context): Promise<number>;
}
