import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * The few GitHub Actions workflow commands the action needs, written here
 * rather than taken from @actions/core, whose bundle brings an HTTP client
 * (about 420 KB minified) the action never uses.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

/** A command's message: `%`, CR and LF escaped. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: as a message, and `:` and `,` too. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,…::message`, properties in the order given; undefined ones are left out. */
export function workflowCommand(name: string, properties: ReadonlyArray<readonly [string, string | number | undefined]>, message: string): string {
  const props = properties.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${name}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/**
 * An input as the runner passes it: `INPUT_` and the name in upper case,
 * spaces as `_` (a hyphen stays: `INPUT_FAIL-ON`), trimmed; '' when not set.
 */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * `name<<delimiter`, the value, the delimiter: the form of the file commands
 * (GITHUB_OUTPUT) that takes any value, with a delimiter the value does not contain.
 */
export function keyValue(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`the output ${name} contains its delimiter`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Appends the outputs to the GITHUB_OUTPUT file. */
export function writeOutputs(file: string, outputs: ReadonlyArray<readonly [string, string]>): void {
  fs.appendFileSync(file, outputs.map(([name, value]) => keyValue(name, value)).join(''), 'utf8');
}
