import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LensConfig } from '../core/config/config';
import { summarize, type DocSummary } from '../core/workspace/summary';
import { textHash, type SummaryCache } from './summary-cache';

/**
 * The cold index on several cores: the Markdown parse of every OKR document
 * of a workspace (about 4 ms each) done by worker threads, which post back
 * summaries (a few KB each, no syntax tree). Used by the editor's first scan
 * and by the CLI's workspace loading; below a few dozen documents, or where a
 * worker cannot start, the summaries are made on the calling thread instead,
 * with the same result.
 */

/** A message to a worker: documents to summarise; the first one also carries the configuration and date. */
export interface SummaryBatch {
  items: Array<{ key: string; text: string }>;
  config?: LensConfig;
  today: string;
}

export type SummaryResult = { ok: true; summary: DocSummary } | { ok: false; key: string; error: string };

export interface PoolOptions {
  /** Worker threads to use; default `defaultThreads()`. */
  threads?: number;
  /** Fewer documents than this are summarised on the calling thread (starting a worker costs about 100 ms). */
  minDocuments?: number;
  /** The worker script; default out/summary-worker.js beside this bundle. */
  workerFile?: string;
  /** Called with each summary as it arrives (in no particular order). */
  onSummary?: (summary: DocSummary) => void;
  /** How many worker threads did work (0: all on the calling thread), once all are done. */
  onThreads?: (threads: number) => void;
  /** A document that could not be summarised, and why (it is left out). */
  onError?: (key: string, error: string) => void;
}

/** Documents per message: enough to keep messaging cheap, few enough to balance the threads. */
const BATCH = 8;

/** Batches a worker holds at once: the one it works on and the next, so it never waits for the calling thread. */
const IN_FLIGHT = 2;

/** One per core, at most 4; `OKR_LENS_THREADS` sets it (0: parse on the calling thread only). */
export function defaultThreads(): number {
  const asked = Number.parseInt(process.env['OKR_LENS_THREADS'] ?? '', 10);
  if (Number.isInteger(asked) && asked >= 0) return Math.min(asked, 16);
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** Summaries of `items`, made by worker threads when there are enough of them; in the order given. */
export async function summarizeMany(items: ReadonlyArray<{ key: string; text: string }>, config: LensConfig, today: Date, options: PoolOptions = {}): Promise<DocSummary[]> {
  const out = new Array<DocSummary | undefined>(items.length);
  const local = (i: number): void => {
    try {
      out[i] = summarize(items[i]!.key, items[i]!.text, config, today);
      options.onSummary?.(out[i]!);
    } catch (error) {
      options.onError?.(items[i]!.key, error instanceof Error ? error.message : String(error));
    }
  };
  // No more threads than can each be given their first IN_FLIGHT batches (the first take them all at once).
  const threads = Math.min(options.threads ?? defaultThreads(), Math.ceil(items.length / (BATCH * IN_FLIGHT)));
  const file = options.workerFile ?? path.join(__dirname, 'summary-worker.js');
  if (items.length < (options.minDocuments ?? 48) || threads < 1 || !fs.existsSync(file)) {
    options.onThreads?.(0);
    for (let i = 0; i < items.length; i++) local(i);
    return out.filter((s): s is DocSummary => s !== undefined);
  }

  // Batches are dealt out as workers answer, so a slow thread gets fewer. Each worker holds
  // up to IN_FLIGHT batches: it starts on the next one while the calling thread takes in the
  // summaries of the last, instead of waiting for that round trip after every batch.
  let next = 0;
  const take = (): number[] => {
    const batch: number[] = [];
    while (batch.length < BATCH && next < items.length) batch.push(next++);
    return batch;
  };
  let started = 0;
  const run = (): Promise<void> =>
    new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(file);
      } catch {
        resolve();
        return;
      }
      // Counted when it answers: a worker whose script fails may still come online first.
      worker.once('message', () => started++);
      // The batches sent and not yet answered, oldest first (a worker answers in order).
      const inFlight: number[][] = [];
      let first = true;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        // Whatever this worker held and did not answer is done on the calling thread.
        for (const batch of inFlight.splice(0)) for (const i of batch) if (out[i] === undefined) local(i);
        void worker.terminate();
        resolve();
      };
      const fill = (): void => {
        while (inFlight.length < IN_FLIGHT) {
          const batch = take();
          if (batch.length === 0) break;
          inFlight.push(batch);
          const message: SummaryBatch = { items: batch.map((i) => items[i]!), today: today.toISOString(), ...(first ? { config } : {}) };
          first = false;
          worker.postMessage(message);
        }
        if (inFlight.length === 0) finish();
      };
      worker.on('message', (results: SummaryResult[]) => {
        const batch = inFlight.shift() ?? [];
        results.forEach((r, n) => {
          const i = batch[n]!;
          if (r.ok) {
            out[i] = r.summary;
            options.onSummary?.(r.summary);
          } else {
            options.onError?.(r.key, r.error);
          }
        });
        fill();
      });
      worker.on('error', finish);
      worker.on('exit', finish);
      fill();
    });
  await Promise.all(Array.from({ length: threads }, run));
  options.onThreads?.(started);
  // Anything no worker took (every worker failed to start) is done here.
  for (let i = next; i < items.length; i++) local(i);
  return out.filter((s): s is DocSummary => s !== undefined);
}

/**
 * `summarizeMany` behind a summary cache: documents whose text is unchanged
 * since the cache was written are taken from it; the others are summarised
 * (on worker threads when there are many) and added to it. In the order given.
 */
export async function summarizeCached(items: ReadonlyArray<{ key: string; text: string }>, config: LensConfig, today: Date, cache: SummaryCache | null, options: PoolOptions = {}): Promise<DocSummary[]> {
  if (!cache) return summarizeMany(items, config, today, options);
  const out = new Array<DocSummary | undefined>(items.length);
  const missing: Array<{ key: string; text: string; i: number; sha1: string }> = [];
  items.forEach((item, i) => {
    const sha1 = textHash(item.text);
    const hit = cache.get(item.key, item.text, sha1);
    if (hit) {
      out[i] = hit;
      options.onSummary?.(hit);
    } else missing.push({ ...item, i, sha1 });
  });
  const made = await summarizeMany(missing, config, today, options);
  // summarizeMany leaves out a document it could not summarise: match by key.
  const byKey = new Map(made.map((s) => [s.key, s]));
  for (const m of missing) {
    const summary = byKey.get(m.key);
    if (!summary) continue;
    out[m.i] = summary;
    cache.put(summary, m.text, m.sha1);
  }
  return out.filter((s): s is DocSummary => s !== undefined);
}
