import type { List, RootContent } from 'mdast';
import { rangeOf, type Block, type ReadContext } from './context';
import type { Reader } from './reader';
import type { SectionKind } from './vocabulary';

/**
 * Walks a document's blocks in order and offers each to the readers that look
 * at its kind, in registry order, until one reads it. Headings first go to the
 * readers that continue what came before, then close what they end (unless a
 * reader says the heading belongs under the open objective), then go to the rest.
 */
export class Walker {
  private readonly byKind = new Map<Block['kind'], Reader[]>();
  private readonly continuing: Reader[];
  private readonly keeping: Reader[];

  constructor(private readonly readers: readonly Reader[]) {
    for (const r of readers) {
      for (const kind of r.on) {
        let list = this.byKind.get(kind);
        if (!list) this.byKind.set(kind, (list = []));
        list.push(r);
      }
    }
    this.continuing = readers.filter((r) => r.continues !== undefined);
    this.keeping = readers.filter((r) => r.keepsOpen !== undefined);
  }

  run(ctx: ReadContext): void {
    for (const r of this.readers) {
      if (r.prepare) {
        ctx.reader = r.id;
        r.prepare(ctx);
      }
    }
    ctx.walker = this;
    for (const node of ctx.root.children) {
      this.block(node, ctx);
      if (node.position) ctx.lastLine = Math.max(ctx.lastLine, node.position.end.line);
    }
    ctx.closeObjective();
  }

  /** Offers a top-level block (or a block inside a container) to the readers. */
  block(node: RootContent, ctx: ReadContext): void {
    if (ctx.statementSlot && node.type !== 'heading') ctx.statementSlot = null;
    switch (node.type) {
      case 'heading': {
        const block = ctx.headingBlock(node);
        ctx.lastLabel = block.text;
        for (const r of this.continuing) if (this.offerWith(r, ctx, () => r.continues!(block, ctx))) return;
        const keeps = this.keeping.some((r) => r.keepsOpen!(block, ctx));
        ctx.closeForHeading(block.depth, keeps);
        this.dispatch(block, ctx);
        return;
      }
      case 'paragraph':
        this.dispatch(ctx.paragraphBlock(node), ctx);
        return;
      case 'list': {
        const kind = ctx.pendingList ?? ctx.section?.kind ?? null;
        ctx.pendingList = null;
        this.list(node, kind, 0, ctx);
        return;
      }
      case 'table':
        this.dispatch(ctx.tableBlock(node), ctx);
        return;
      case 'code':
        this.dispatch({ kind: 'code', node }, ctx);
        return;
      case 'html':
        this.dispatch({ kind: 'html', node, value: node.value, range: rangeOf(node, ctx.lines) }, ctx);
        return;
      case 'blockquote':
        // A quoted banner or note: its paragraphs may say the document looks back, nothing more.
        for (const child of node.children) if (child.type === 'paragraph') ctx.noteBanner(ctx.paragraphBlock(child));
        return;
      default:
        return;
    }
  }

  /** Offers a list to the list readers, and otherwise reads its items one by one. */
  list(node: List, kind: SectionKind | null, level: number, ctx: ReadContext): void {
    if (this.dispatch({ kind: 'list', node, section: kind, level }, ctx)) return;
    this.items(node, kind, level, ctx);
  }

  /** Reads a list's items one by one with the item readers. */
  items(node: List, kind: SectionKind | null, level: number, ctx: ReadContext): void {
    const items = node.children;
    items.forEach((item, index) => {
      const block = ctx.itemBlock(item, kind, index === items.length - 1, level, node);
      if (!block.first || block.text === '') {
        // An item that starts with something other than a paragraph: its nested lists still count.
        if (!block.first) for (const n of block.nested) this.list(n, kind, level + 1, ctx);
        return;
      }
      this.dispatch(block, ctx);
    });
  }

  /** Offers a block a reader made (an HTML table as a table) to the readers of its kind. */
  offerBlock(block: Block, ctx: ReadContext): boolean {
    return this.dispatch(block, ctx);
  }

  private dispatch(block: Block, ctx: ReadContext): boolean {
    const readers = this.byKind.get(block.kind);
    if (!readers) return false;
    for (const r of readers) if (this.offer(r, block, ctx)) return true;
    return false;
  }

  private offer(r: Reader, block: Block, ctx: ReadContext): boolean {
    return this.offerWith(r, ctx, () => r.read(block, ctx));
  }

  private offerWith(r: Reader, ctx: ReadContext, read: () => boolean): boolean {
    const before = ctx.reader;
    ctx.reader = r.id;
    try {
      return read();
    } finally {
      ctx.reader = before;
    }
  }
}
