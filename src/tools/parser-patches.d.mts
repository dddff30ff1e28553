/** Types of parser-patches.mjs (plain JavaScript, since the build runs it with Node before anything is compiled). */
import type { Plugin } from 'esbuild';

export interface Edit {
  find: string;
  count: number;
  replace: string;
}

export interface ParserPatch {
  id: string;
  pkg: string;
  version: string;
  file: string;
  sha256: string;
  edits: Edit[];
  append?: string;
}

export const PARSER_PATCHES: ParserPatch[];
export function sha256(text: string): string;
export function fileInPackage(file: string, pkg: string): string | null;
export function applyParserPatches(patches: ParserPatch[], source: string, file: string): string;
export function parserPatchesPlugin(patches?: ParserPatch[], applied?: Set<string>): Plugin;
export function selectedParserPatches(selection?: string): ParserPatch[];
