import type { Root } from 'mdast';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/** unified plugin: GFM tables only (no autolinks, footnotes or strikethrough). */
function remarkGfmTable(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

/** unified + remark-parse + GFM tables: the one Markdown setup OKR Lens uses. */
export const tableProcessor = unified().use(remarkParse).use(remarkGfmTable).freeze();

/**
 * remark-parse without the table extension. Only used on text that cannot hold
 * a table (see `mayHoldTable`), where the tree is identical and the (costly)
 * table construct is never attempted.
 */
export const plainProcessor = unified().use(remarkParse).freeze();

/**
 * A line that could be a GFM table's delimiter row: hyphens, colons, pipes and
 * blanks, after any blockquote markers or indentation (a table can sit in a
 * quote or a list item). A table needs one, so text without such a line parses
 * to the same tree without the table extension.
 */
const DELIMITER_ROW = /^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t\r]*$/m;

/** Whether text may hold a table: a `|` and a line that could be a delimiter row. */
export function mayHoldTable(text: string): boolean {
  return text.includes('|') && DELIMITER_ROW.test(text);
}

/**
 * The processor for a piece of text: with the table extension only where a
 * table may be. The extension tries every line as a table head, which about
 * doubles the parse time of prose, so prose goes without it.
 */
export function processorFor(text: string): typeof tableProcessor {
  return mayHoldTable(text) ? tableProcessor : plainProcessor;
}

/** A bare parse of the whole text with the shared setup (the benchmark baseline). */
export function parseWhole(text: string): Root {
  return tableProcessor.parse(text);
}
