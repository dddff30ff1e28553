import { deserialize, serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { LensConfig } from '../../core/config/config';
import { summarize } from '../../core/workspace/summary';
import type { SummaryBatch, SummaryResult } from './summary-pool';

/**
 * A worker thread of the summary pool (out/summary-worker.js): summarises each
 * batch of documents it is sent, with the configuration and date of the first
 * message, and posts the summaries back in order. Both ways the message is
 * the V8 serialisation of the value (`SummaryBatch` in, `SummaryResult[]`
 * out), so that the pool's host process relays bytes without decoding them.
 */
let config: LensConfig | null = null;
let today = new Date();

parentPort?.on('message', (bytes: Uint8Array) => {
  const batch = deserialize(bytes) as SummaryBatch;
  if (batch.config) {
    config = batch.config;
    today = new Date(batch.today);
  }
  const results: SummaryResult[] = batch.items.map(({ key, text }) => {
    try {
      return { ok: true, summary: summarize(key, text, config!, today) };
    } catch (error) {
      return { ok: false, key, error: error instanceof Error ? error.message : String(error) };
    }
  });
  parentPort!.postMessage(serialize(results));
});
