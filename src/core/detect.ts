import { matchesAny } from './config/glob';
import { splitFrontMatter } from './parse/frontmatter';

export type DetectionReason = 'file-name' | 'front-matter' | 'heading';

/**
 * Whether a Markdown file is an OKR document (SPEC §1): its name matches
 * `*okr*.md` (any case, which covers `*.okr.md`), its front matter says
 * `okr: true`, or its first H1 contains "OKR" or "Objectives and Key Results".
 * Returns the first reason that holds, or null.
 */
export function detectOkrDocument(path: string, text: string): DetectionReason | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  if (/okr/i.test(base) && /\.md$/i.test(base)) return 'file-name';
  const { frontMatter, body } = splitFrontMatter(text);
  if (frontMatter && /^(?:true|yes)$/i.test(frontMatter.data['okr'] ?? '')) return 'front-matter';
  const h1 = firstH1(body);
  if (h1 !== null && /\bOKR['’]?s?\b|objectives?\s+(?:and|&)\s+key\s+results?/i.test(h1)) return 'heading';
  return null;
}

/** A file (or an editor's document) to be tested with {@link isOkrDocument}. */
export interface OkrCandidate {
  /** Its path; detection reads the file name. */
  path: string;
  /**
   * Its path relative to the folder the `include` / `exclude` globs are
   * relative to (the workspace folder or the configuration's), `/`-separated;
   * null when it lies outside that folder or there is none: then no glob applies.
   */
  relative: string | null;
  /**
   * Whether it is Markdown. By default its name says so (`.md`, `.markdown`,
   * `.mdx`); an editor knows it from the document's language instead, which
   * also covers a new untitled document.
   */
  markdown?: boolean;
}

/**
 * Whether a file is an OKR document under a configuration: an `exclude` glob
 * rejects it, else an `include` glob accepts it (whatever its name or
 * content), else it must be Markdown and pass SPEC §1 detection
 * ({@link detectOkrDocument}) on its first lines. `head` gives those lines
 * (the first 64 KiB are enough), or null when they cannot be read; it is
 * called only when the globs do not decide.
 */
export function isOkrDocument(file: OkrCandidate, globs: { include: readonly string[]; exclude: readonly string[] }, head: () => string | null): boolean {
  if (file.relative !== null) {
    if (matchesAny(file.relative, globs.exclude)) return false;
    if (matchesAny(file.relative, globs.include)) return true;
  }
  if (!(file.markdown ?? isMarkdownPath(file.path))) return false;
  const text = head();
  return text !== null && detectOkrDocument(file.path, text) !== null;
}

/** True for file names OKR Lens reads as Markdown. */
export function isMarkdownPath(path: string): boolean {
  return /\.(?:md|markdown|mdx)$/i.test(path);
}

/** Text of the first level-1 heading (ATX or setext), outside fenced code. Cheap: no parse. */
export function firstH1(text: string): string | null {
  const lines = text.split(/\r?\n/, 2000);
  let fence: string | null = null;
  let prev: string | null = null;
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
      prev = null;
      continue;
    }
    if (f) {
      fence = f[1]!;
      prev = null;
      continue;
    }
    const atx = /^ {0,3}#(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) return atx[1] ?? '';
    if (prev !== null && /^ {0,3}=+[ \t]*$/.test(line)) return prev.trim();
    prev = line.trim() === '' || /^ {4}/.test(line) ? null : line;
  }
  return null;
}
