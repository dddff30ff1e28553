import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import type { LensConfig } from '../../core/config/config';
import type { DocSummary } from '../../core/workspace/summary';

/**
 * Summaries of a workspace's OKR documents kept on disk between runs, so a
 * cold start parses only the documents whose text changed since the last one.
 * Entries are keyed by the document's index key and the SHA-1 of its text; the
 * file as a whole is valid only for the same OKR Lens build and the same
 * configuration (limits, confidence scale, RAG bands and everything else a
 * summary depends on). Summaries do not depend on the date. A cache that is
 * missing, unreadable, from another version or for another configuration is
 * an empty cache; it is written atomically (a temporary file renamed over it).
 */
interface CacheFile {
  format: 1;
  version: string;
  config: string;
  entries: Record<string, { sha1: string; summary: DocSummary }>;
}

/**
 * Which build wrote a cache: the version, and the size and time of the running
 * bundle, so a development build whose summaries changed shape never reads an
 * older build's entries.
 */
function buildStamp(): string {
  try {
    const stat = fs.statSync(__filename);
    return `${version}:${stat.size}:${Math.round(stat.mtimeMs)}`;
  } catch {
    return version;
  }
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export class SummaryCache {
  private readonly old: Map<string, { sha1: string; summary: DocSummary }>;
  private readonly next = new Map<string, { sha1: string; summary: DocSummary }>();
  private changed = false;
  /** Hits and misses of this run, for logs and the benchmark. */
  hits = 0;
  misses = 0;

  private constructor(
    readonly file: string,
    private readonly configKey: string,
    entries: CacheFile['entries'],
  ) {
    this.old = new Map(Object.entries(entries));
  }

  /** The cache at `file` for this configuration; an empty one when there is none that fits. */
  static load(file: string, config: LensConfig): SummaryCache {
    const configKey = textHash(JSON.stringify(config));
    let entries: CacheFile['entries'] = {};
    try {
      const read = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile> | null;
      if (read && read.format === 1 && read.version === buildStamp() && read.config === configKey && read.entries && typeof read.entries === 'object')
        entries = read.entries;
    } catch {
      // Missing or unreadable: start empty.
    }
    return new SummaryCache(file, configKey, entries);
  }

  /** Whether `get` would find the document whose text has this hash (counted as neither a hit nor a miss). */
  has(key: string, sha1: string): boolean {
    const entry = this.old.get(key);
    return entry !== undefined && entry.sha1 === sha1 && entry.summary.key === key;
  }

  /** The cached summary of a document whose text is `text`, or undefined. */
  get(key: string, text: string, sha1 = textHash(text)): DocSummary | undefined {
    if (!this.has(key, sha1)) {
      this.misses++;
      return undefined;
    }
    const entry = this.old.get(key)!;
    this.hits++;
    this.next.set(key, entry);
    return entry.summary;
  }

  put(summary: DocSummary, text: string, sha1 = textHash(text)): void {
    this.next.set(summary.key, { sha1, summary });
    this.changed = true;
  }

  /**
   * Writes the entries used or added in this run (documents gone since are
   * dropped). Returns the error message when it could not be written; the
   * cache is only an optimisation, so callers log it and go on.
   */
  save(): string | null {
    if (!this.changed && this.next.size === this.old.size) return null;
    const data: CacheFile = { format: 1, version: buildStamp(), config: this.configKey, entries: Object.fromEntries(this.next) };
    const tmp = `${this.file}.${process.pid}-${Date.now()}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, this.file);
      return null;
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      return error instanceof Error ? error.message : String(error);
    }
  }
}
