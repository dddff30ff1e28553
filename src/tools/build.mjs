#!/usr/bin/env node
/**
 * esbuild with the parser patches (src/tools/parser-patches.mjs): every bundle
 * of package.json is built by `node src/tools/build.mjs <esbuild arguments>`,
 * which takes the esbuild command line's arguments (the flags package.json uses)
 * and runs esbuild's JavaScript API, since only that takes plugins. The output
 * is what `esbuild <the same arguments>` writes, with the patched parser.
 */
import * as esbuild from 'esbuild';
import { parserPatchesPlugin, selectedParserPatches } from './parser-patches.mjs';

/**
 * esbuild build options from esbuild command-line arguments.
 * @param {string[]} args
 * @returns {import('esbuild').BuildOptions}
 */
function optionsFromArguments(args) {
  /** @type {import('esbuild').BuildOptions & { entryPoints: Array<string | { in: string, out: string }>, external: string[] }} */
  const options = { entryPoints: [], external: [], logLevel: 'info' };
  for (const arg of args) {
    if (!arg.startsWith('--')) {
      // `name=path` names the output of an entry point, as on esbuild's command line.
      const named = /^([\w./-]+)=(.+)$/.exec(arg);
      options.entryPoints.push(named ? { out: named[1], in: named[2] } : arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const colon = arg.indexOf(':');
    const name = arg.slice(2, Math.min(...[eq, colon, arg.length].filter((i) => i >= 0)));
    const value = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const key = colon >= 0 && (eq < 0 || colon < eq) ? arg.slice(colon + 1, eq >= 0 ? eq : arg.length) : undefined;
    const need = () => {
      if (value === undefined || value === '') throw new Error(`${arg}: a value is expected (--${name}=…)`);
      return value;
    };
    switch (name) {
      case 'bundle':
      case 'minify':
      case 'sourcemap':
        if (value !== undefined) throw new Error(`${arg}: only --${name} alone is supported`);
        options[name] = true;
        break;
      case 'conditions':
        options.conditions = need().split(',');
        break;
      case 'main-fields':
        options.mainFields = need().split(',');
        break;
      case 'target':
        options.target = need().split(',');
        break;
      case 'platform':
        options.platform = /** @type {import('esbuild').Platform} */ (need());
        break;
      case 'format':
        options.format = /** @type {import('esbuild').Format} */ (need());
        break;
      case 'log-level':
        options.logLevel = /** @type {import('esbuild').LogLevel} */ (need());
        break;
      case 'outdir':
        options.outdir = need();
        break;
      case 'outfile':
        options.outfile = need();
        break;
      case 'outbase':
        options.outbase = need();
        break;
      case 'entry-names':
        options.entryNames = need();
        break;
      case 'external':
        if (!key) throw new Error(`${arg}: expected --external:<module>`);
        options.external.push(key);
        break;
      case 'banner':
        if (!key || value === undefined) throw new Error(`${arg}: expected --banner:<type>=<text>`);
        options.banner = { ...options.banner, [key]: value };
        break;
      case 'out-extension':
        if (!key || !value) throw new Error(`${arg}: expected --out-extension:<.ext>=<.ext>`);
        options.outExtension = { ...options.outExtension, [key]: value };
        break;
      default:
        throw new Error(`${arg}: src/tools/build.mjs does not know this esbuild flag; add it to optionsFromArguments`);
    }
  }
  if (options.entryPoints.length === 0) throw new Error('no entry point given');
  return options;
}

async function main() {
  let options;
  let patches;
  try {
    options = optionsFromArguments(process.argv.slice(2));
    patches = selectedParserPatches();
  } catch (error) {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  try {
    await esbuild.build({ ...options, plugins: [parserPatchesPlugin(patches)] });
  } catch (error) {
    // esbuild has logged the errors (unless --log-level is above error).
    if (options.logLevel === 'silent') console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

await main();
