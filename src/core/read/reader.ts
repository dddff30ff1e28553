import type { Block, HeadingBlock, ReadContext } from './context';

/**
 * A layout reader: the blocks of one layout people write OKRs in (a KR table,
 * KR bullets under a label, a graded outline…) turned into objectives, key
 * results and sections. Readers are listed in one registry (`readers/index.ts`),
 * in the order they are offered each block; the first that reads a block owns
 * it. Each has a page, `docs/formats/<id>.md`, whose examples are its tests.
 */
export interface Reader {
  /** The id, also the name of the reader's docs page. */
  id: string;
  /** What the layout is, in a few words (the docs page's title). */
  title: string;
  /** One line: what the reader recognises and what it makes of it. */
  summary: string;
  /** The kinds of block the reader looks at. */
  on: ReadonlyArray<Block['kind']>;
  /**
   * Runs before the walk with the whole document, for layouts recognised by
   * what the document holds as a whole (a graded outline, a cascade of
   * owner-prefixed goals). Store what it finds with `ctx.facts`.
   */
  prepare?(ctx: ReadContext): void;
  /**
   * For headings: true when the heading belongs under the objective that is
   * open (a KR heading, a Key Results heading), so reading it does not close it.
   */
  keepsOpen?(block: HeadingBlock, ctx: ReadContext): boolean;
  /**
   * For headings: reads the heading as the continuation of what came before
   * (the statement under a KR heading), before the heading closes anything.
   * Returns true when it did.
   */
  continues?(block: HeadingBlock, ctx: ReadContext): boolean;
  /** Reads the block and returns true, or returns false to let the next reader try. */
  read(block: Block, ctx: ReadContext): boolean;
}

/** Declares a reader whose `read` takes only the kinds of block it names. */
export function defineReader<K extends Block['kind']>(
  definition: Omit<Reader, 'on' | 'read'> & { on: readonly K[]; read(block: Extract<Block, { kind: K }>, ctx: ReadContext): boolean },
): Reader {
  // The walk only offers a reader the kinds it names, so the narrower parameter is safe.
  return definition as unknown as Reader;
}
