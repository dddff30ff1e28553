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
 * remark-parse without the table extension. Only used on text with no `|`,
 * where no table can exist, so the tree is identical and the (costly) table
 * construct is never attempted.
 */
export const plainProcessor = unified().use(remarkParse).freeze();

/** A bare parse of the whole text with the shared setup (the benchmark baseline). */
export function parseWhole(text: string): Root {
  return tableProcessor.parse(text);
}
