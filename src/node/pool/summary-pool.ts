import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { LensConfig } from '../../core/config/config';
import { summarize, type DocSummary } from '../../core/workspace/summary';
import { textHash, type SummaryCache } from './summary-cache';

/**
 * The cold index on several cores: the Markdown parse of every OKR document
 * of a workspace (about 4 ms each) done by worker threads, which post back
 * summaries (a few KB each, no syntax tree). Used by the editor's first scan
 * and by the CLI's workspace loading. The worker threads run in a host
 * process of their own (out/summary-host.js, forked like a language server)
 * that takes V8 flags for a short batch job; where it cannot start, they run
 * in this process; below a few dozen documents, or where no worker can start,
 * the summaries are made on the calling thread instead. The result is the
 * same either way.
 */

/** A message to a worker: documents to summarise; the first one also carries the configuration and date. */
export interface SummaryBatch {
  items: Array<{ key: string; text: string }>;
  config?: LensConfig;
  today: string;
}

export type SummaryResult = { ok: true; summary: DocSummary } | { ok: false; key: string; error: string };

/** To the host process: a batch for the worker of a slot (a serialised `SummaryBatch`), or the slot's end. */
export type HostDown = { slot: number; data: Uint8Array } | { slot: number; end: true };

/** From the host process: the answer of a slot's worker (a serialised `SummaryResult[]`), or the news that the worker is gone. */
export type HostUp = { slot: number; data: Uint8Array } | { slot: number; gone: true };

/**
 * V8 flags of the host process. A cold index is a short job that parses with
 * code V8 has not optimised yet, on every worker thread at once, and each
 * thread's isolate compiles the same parser again. With fewer inlined calls
 * TurboFan compiles far less; a function is optimised after four times as
 * much work as by default (Node 20's budget is 67,584), so fewer functions
 * are compiled that the short job would not have run long enough to repay;
 * and a garbage collector without helper threads leaves the cores to the
 * parse. On this 2-core machine the host with these flags takes about a
 * sixth off the cold index of 1,000 documents, its own start included
 * (bench/README.md). They are process-wide, so they go to a process of our
 * own: the editor's extension host is shared with other extensions. A V8 that
 * does not know one exits at once, and the pool runs its threads here.
 */
export const HOST_FLAGS: readonly string[] = ['--no-turbo-inlining', '--single-threaded-gc', '--interrupt-budget=270336'];

export interface PoolOptions {
  /** Worker threads to use; default `defaultThreads()`. */
  threads?: number;
  /** Fewer documents to parse (not in the cache) than this are summarised on the calling thread (starting a worker costs about 100 ms). */
  minDocuments?: number;
  /** The worker script; default out/summary-worker.js beside this bundle. */
  workerFile?: string;
  /** The host process script; default summary-host.js beside the worker script. */
  hostFile?: string;
  /** Run the worker threads in the host process (default), or in this one. */
  host?: boolean;
  /** Called with each summary as it arrives (in no particular order). */
  onSummary?: (summary: DocSummary) => void;
  /** How many worker threads did work (0: all on the calling thread), and how many of them in the host process, once all are done. */
  onThreads?: (threads: number, hosted: number) => void;
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

/**
 * Summaries of documents given one at a time as they are read, so that the
 * workers start, and parse, while the rest are still being read. Documents
 * unchanged since the cache was written come from it. Once `minDocuments`
 * documents need parsing, the worker threads start and are dealt batches as
 * more arrive; below that, `done()` summarises them on the calling thread. In
 * the order added.
 */
export class SummaryStream {
  /** `miss`: the text hash of a document the cache did not have, under which its summary is added to the cache. */
  private readonly items: Array<{ key: string; text: string; miss?: string }> = [];
  private readonly out: Array<DocSummary | undefined> = [];
  /** Documents to parse that no worker has been given yet, oldest first. */
  private readonly queue: number[] = [];
  private readonly workers: Array<{ fill: () => void }> = [];
  private readonly running: Array<Promise<void>> = [];
  private misses = 0;
  private answered = 0;
  private hosted = 0;
  private hostProcess: HostProcess | null = null;
  private closed = false;
  /** Whether the workers were started (or tried to start): from then on, documents go to them. */
  private pooled = false;

  constructor(
    private readonly config: LensConfig,
    private readonly today: Date,
    private readonly cache: SummaryCache | null,
    private readonly options: PoolOptions & {
      /** How many documents will need parsing, when known: no more threads start than can each be given their first batches. */
      expected?: number;
    } = {},
  ) {}

  /** Adds a document: from the cache when unchanged, else to be parsed (on a worker once they run). `sha1`: its text hash, when already known. */
  add(key: string, text: string, sha1?: string): void {
    if (this.closed) throw new Error('SummaryStream: add after done');
    const i = this.items.length;
    const item: { key: string; text: string; miss?: string } = { key, text };
    this.items.push(item);
    this.out.push(undefined);
    if (this.cache) {
      const hash = sha1 ?? textHash(text);
      const hit = this.cache.get(key, text, hash);
      if (hit) {
        this.out[i] = hit;
        this.options.onSummary?.(hit);
        return;
      }
      item.miss = hash;
    }
    this.queue.push(i);
    this.misses++;
    if (this.pooled) this.deal();
    else if (this.misses >= (this.options.minDocuments ?? 48)) this.startWorkers();
  }

  /** Every summary, in the order added (leaving out documents that could not be summarised), once all are made. The workers wait for documents until this is called. */
  async done(): Promise<DocSummary[]> {
    this.closed = true;
    if (this.pooled) {
      this.deal();
      await Promise.all(this.running);
      this.hostProcess?.stop();
    }
    this.options.onThreads?.(this.answered, this.hosted);
    // Everything no worker took (none started, or all failed) is done here.
    for (const i of this.queue.splice(0)) this.local(i);
    this.items.forEach((item, i) => {
      const summary = this.out[i];
      if (summary && item.miss !== undefined) this.cache?.put(summary, item.text, item.miss);
    });
    return this.out.filter((s): s is DocSummary => s !== undefined);
  }

  private local(i: number): void {
    const item = this.items[i]!;
    try {
      this.out[i] = summarize(item.key, item.text, this.config, this.today);
      this.options.onSummary?.(this.out[i]!);
    } catch (error) {
      this.options.onError?.(item.key, error instanceof Error ? error.message : String(error));
    }
  }

  /** The next batch for a worker: a full one, or what is left once no more documents will come. */
  private take(): number[] {
    if (this.queue.length < BATCH && !this.closed) return [];
    return this.queue.splice(0, BATCH);
  }

  /** Gives every worker with room the batches there are. */
  private deal(): void {
    for (const w of [...this.workers]) w.fill();
  }

  private startWorkers(): void {
    this.pooled = true;
    const file = this.options.workerFile ?? path.join(__dirname, 'summary-worker.js');
    const expected = this.options.expected;
    // No more threads than can each be given their first IN_FLIGHT batches (the first take them all at once).
    const threads = Math.min(this.options.threads ?? defaultThreads(), expected === undefined ? Infinity : Math.ceil(expected / (BATCH * IN_FLIGHT)));
    if (threads < 1 || !fs.existsSync(file)) return;
    const hostFile = this.options.hostFile ?? path.join(path.dirname(file), 'summary-host.js');
    this.hostProcess = this.options.host !== false && fs.existsSync(hostFile) ? HostProcess.start(hostFile, file) : null;
    for (let t = 0; t < threads; t++) this.running.push(this.run(file, this.hostProcess));
  }

  /**
   * One worker, until the stream is closed and nothing is left for it. Batches
   * are dealt out as workers answer, so a slow thread gets fewer. Each worker
   * holds up to IN_FLIGHT batches: it starts on the next one while the calling
   * thread takes in the summaries of the last, instead of waiting for that
   * round trip after every batch. A worker in the host process that is gone
   * before its first answer (the host could not start) is started again in
   * this process, with what it held.
   */
  private run(file: string, host: HostProcess | null): Promise<void> {
    return new Promise((resolve) => {
      // The batches sent and not yet answered, oldest first (a worker answers in order).
      const inFlight: number[][] = [];
      let channel: Channel | null = null;
      let first = true;
      let answered = false;
      let settled = false;
      const post = (batch: number[]): void => {
        const message: SummaryBatch = {
          items: batch.map((i) => ({ key: this.items[i]!.key, text: this.items[i]!.text })),
          today: this.today.toISOString(),
          ...(first ? { config: this.config } : {}),
        };
        first = false;
        channel!.post(serialize(message));
      };
      const slot = {
        fill: (): void => {
          while (!settled && inFlight.length < IN_FLIGHT) {
            const batch = this.take();
            if (batch.length === 0) break;
            inFlight.push(batch);
            post(batch);
          }
          if (inFlight.length === 0 && this.closed && this.queue.length === 0) finish();
        },
      };
      const finish = (): void => {
        if (settled) return;
        settled = true;
        this.workers.splice(this.workers.indexOf(slot), 1);
        channel?.close();
        // Whatever this worker held and did not answer is done on the calling thread.
        for (const batch of inFlight.splice(0)) for (const i of batch) if (this.out[i] === undefined) this.local(i);
        resolve();
      };
      const connect = (hosted: boolean): boolean => {
        const listener: Listener = {
          message: (data) => {
            // Counted when it answers: a worker whose script fails may still come online first.
            if (!answered) {
              answered = true;
              this.answered++;
              if (hosted) this.hosted++;
            }
            const results = deserialize(data) as SummaryResult[];
            const batch = inFlight.shift() ?? [];
            results.forEach((r, n) => {
              const i = batch[n]!;
              if (r.ok) {
                this.out[i] = r.summary;
                this.options.onSummary?.(r.summary);
              } else {
                this.options.onError?.(r.key, r.error);
              }
            });
            slot.fill();
          },
          gone: () => {
            if (hosted && !answered && connect(false)) {
              first = true;
              for (const batch of inFlight) post(batch);
              return;
            }
            finish();
          },
        };
        channel = hosted ? host!.open(listener) : threadChannel(file, listener);
        return channel !== null;
      };
      this.workers.push(slot);
      if (!(host !== null && connect(true)) && !connect(false)) {
        finish();
        return;
      }
      slot.fill();
    });
  }
}

/** A worker's end of the pool: batches go in; answers, or the news that it is gone, come back to its `Listener`. */
interface Channel {
  post(data: Uint8Array): void;
  close(): void;
}

/** Neither is called once the worker is gone or its channel closed. */
interface Listener {
  message(data: Uint8Array): void;
  /** The worker failed or exited: called at most once. */
  gone(): void;
}

/** A worker thread of this process, or null when it cannot be created. */
function threadChannel(file: string, listener: Listener): Channel | null {
  let worker: Worker;
  try {
    worker = new Worker(file);
  } catch {
    return null;
  }
  let open = true;
  const gone = (): void => {
    if (!open) return;
    open = false;
    listener.gone();
  };
  worker.on('message', (data: Uint8Array) => open && listener.message(data));
  worker.on('error', gone);
  worker.on('exit', gone);
  return {
    post: (data) => worker.postMessage(data),
    close: () => {
      open = false;
      void worker.terminate();
    },
  };
}

/**
 * The host process (out/summary-host.js) and the slots open in it, one worker
 * thread each. If it cannot start, or dies, every open slot hears `gone`.
 */
class HostProcess {
  private readonly slots = new Map<number, Listener>();
  private next = 0;
  private dead = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: HostUp) => {
      const listener = this.slots.get(message.slot);
      if (!listener) return;
      if ('gone' in message) {
        this.slots.delete(message.slot);
        listener.gone();
      } else {
        listener.message(message.data);
      }
    });
    const die = (): void => {
      this.dead = true;
      const open = [...this.slots.values()];
      this.slots.clear();
      for (const listener of open) listener.gone();
    };
    child.on('error', die);
    child.on('exit', die);
  }

  static start(hostFile: string, workerFile: string): HostProcess | null {
    try {
      // As language clients start their servers: in VS Code the executable is Electron's, run as Node.
      const child = fork(hostFile, [workerFile], {
        execArgv: [...HOST_FLAGS],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      return new HostProcess(child);
    } catch {
      return null;
    }
  }

  open(listener: Listener): Channel | null {
    if (this.dead) return null;
    const slot = this.next++;
    this.slots.set(slot, listener);
    return {
      post: (data) => this.send({ slot, data }),
      close: () => {
        if (this.slots.delete(slot)) this.send({ slot, end: true });
      },
    };
  }

  /** Ends the host: it exits once disconnected. */
  stop(): void {
    this.dead = true;
    if (this.child.connected) this.child.disconnect();
  }

  private send(message: HostDown): void {
    if (!this.dead && this.child.connected) this.child.send(message);
  }
}

/** Summaries of `items`, made by worker threads when there are enough of them; in the order given. */
export function summarizeMany(
  items: ReadonlyArray<{ key: string; text: string }>,
  config: LensConfig,
  today: Date,
  options: PoolOptions = {},
): Promise<DocSummary[]> {
  return summarizeCached(items, config, today, null, options);
}

/**
 * `summarizeMany` behind a summary cache: documents whose text is unchanged
 * since the cache was written are taken from it; the others are summarised
 * (on worker threads when there are many) and added to it. In the order given.
 */
export function summarizeCached(
  items: ReadonlyArray<{ key: string; text: string }>,
  config: LensConfig,
  today: Date,
  cache: SummaryCache | null,
  options: PoolOptions = {},
): Promise<DocSummary[]> {
  const hashes = cache ? items.map((item) => textHash(item.text)) : null;
  const expected = hashes ? items.filter((item, i) => !cache!.has(item.key, hashes[i]!)).length : items.length;
  const stream = new SummaryStream(config, today, cache, { ...options, expected });
  items.forEach((item, i) => stream.add(item.key, item.text, hashes?.[i]));
  return stream.done();
}
