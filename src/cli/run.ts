import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { UsageError } from '../node/files';
import type { Context } from './command';
import { commands } from './commands/index';
import { usage } from './help';
import { parseDate, type Io } from './io';
import { COMMON_OPTIONS, GLOBAL_OPTIONS } from './options';
import { formatNames, listed } from './output';

const OPTIONS = [...COMMON_OPTIONS, ...commands.flatMap((c) => c.options), ...GLOBAL_OPTIONS];

/** Runs the command line and resolves with the exit code. Never rejects. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`okr-lens: ${error.message}`);
      return 2;
    }
    io.err(`okr-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

/** Parses the arguments, finds the command, checks the options every command shares, and runs it. */
async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: Object.fromEntries(OPTIONS.map((o) => [o.name, o.short ? { type: o.type, short: o.short } : { type: o.type }])),
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see okr-lens --help)`);
  }
  const { values, positionals } = parsed;
  const known = (name: string): string => {
    if (!OPTIONS.some((o) => o.name === name)) throw new Error(`no option --${name}`);
    return name;
  };
  const flag = (name: string): boolean => values[known(name)] === true;
  const value = (name: string): string | undefined => {
    const v = values[known(name)];
    return typeof v === 'string' ? v : undefined;
  };
  if (flag('version')) {
    io.out(version);
    return 0;
  }
  const [name, ...paths] = positionals;
  if (flag('help') || name === undefined || name === 'help') {
    io.out(usage(commands));
    return name === undefined && !flag('help') ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command)
    throw new UsageError(
      `unknown command '${name}' (expected ${listed(
        commands.map((c) => c.name),
        'or',
      )})`,
    );

  const ctx: Context = { io, paths, format: value('format') ?? 'text', today: new Date(), flag, value };
  if (command.targets.length > 0) {
    const names = formatNames(command.targets);
    if (!names.includes(ctx.format)) throw new UsageError(`unknown format '${ctx.format}' for ${command.name} (expected ${names.join(', ')})`);
    for (const option of commands.flatMap((c) => c.options)) {
      if (option.goesWith !== undefined && values[option.name] !== undefined && !command.options.includes(option))
        throw new UsageError(`--${option.name} goes with ${option.goesWith}`);
    }
    command.validate?.(ctx);
    ctx.today = parseDate(value('date'));
  }
  return command.run(ctx);
}
