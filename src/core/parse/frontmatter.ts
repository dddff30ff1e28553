/**
 * YAML front matter. remark-parse alone would read `---` fences as a thematic
 * break and a setext heading, so the block is found here, read as simple
 * `key: value` pairs, and blanked (every character but line endings becomes a
 * space) so that offsets, lines and columns of the rest stay exact.
 */
export interface FrontMatter {
  /** Scalar values by lower-cased key; lists and nested maps are skipped. */
  data: Record<string, string>;
  /** 1-based last line of the block (the closing fence). */
  endLine: number;
}

export interface FrontMatterSplit {
  frontMatter: FrontMatter | null;
  /** The text with the front matter blanked, same length as the input. */
  body: string;
}

const OPEN = /^---[ \t]*\r?\n/;

export function splitFrontMatter(text: string): FrontMatterSplit {
  const open = OPEN.exec(text);
  if (!open) return { frontMatter: null, body: text };
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return { frontMatter: null, body: text };
  const end = open[0].length + m.index + m[0].length;
  const block = text.slice(0, end);
  const data: Record<string, string> = {};
  for (const raw of rest.slice(0, m.index).split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w .-]*?)\s*:\s*(.*?)\s*$/.exec(raw);
    if (!kv || kv[2] === '') continue;
    data[kv[1]!.toLowerCase()] = unquote(kv[2]!);
  }
  const body = block.replace(/[^\r\n]/g, ' ') + text.slice(end);
  const endLine = block.split('\n').length;
  return { frontMatter: { data, endLine }, body };
}

function unquote(v: string): string {
  const m = /^(['"])(.*)\1$/.exec(v);
  return m ? m[2]! : v.replace(/\s+#.*$/, '');
}
