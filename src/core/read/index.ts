import type { OkrDocument } from '../model/schema';
import type { ParsedMarkdown } from '../parse/parse';
import { ReadContext, type BuildOptions } from './context';
import { assemble } from './document';
import { readers } from './readers/index';
import type { Reader } from './reader';
import { Walker } from './walk';

export { emptyDocument, teamFromTitle } from './document';
export type { BuildOptions } from './context';
export type { Reader } from './reader';
export { readers } from './readers/index';

const walker = new Walker(readers);

/**
 * Reads the OKR model out of a parsed Markdown document: each block is
 * offered to the layout readers (`readers/index.ts`) in order, and what they
 * read is assembled into the document model. Never throws on content.
 */
export function buildDocument(parsed: ParsedMarkdown, options: BuildOptions = {}): OkrDocument {
  return buildWith(walker, parsed, options);
}

/** The same, with other readers (the docs tests read each format's example without its reader). */
export function buildDocumentWith(list: readonly Reader[], parsed: ParsedMarkdown, options: BuildOptions = {}): OkrDocument {
  return buildWith(new Walker(list), parsed, options);
}

function buildWith(w: Walker, parsed: ParsedMarkdown, options: BuildOptions): OkrDocument {
  const ctx = new ReadContext(parsed, options);
  w.run(ctx);
  return assemble(ctx);
}
