import { Worker } from 'node:worker_threads';
import type { HostDown, HostUp } from './summary-pool';

/**
 * The summary pool's host process (out/summary-host.js): a Node process the
 * pool forks, like a language server, to run its worker threads under V8
 * flags suited to a short batch job (see `HOST_FLAGS`), which the calling
 * process must not take itself: the editor's extension host is shared with
 * other extensions. It only relays bytes: each slot's batches go to a worker
 * thread of its own (`process.argv[2]`, out/summary-worker.js), and the
 * worker's answers go back. It exits when the pool disconnects, so it never
 * outlives the process that started it.
 */
const workerFile = process.argv[2];
const workers = new Map<number, Worker>();

function send(message: HostUp): void {
  if (process.connected) process.send!(message);
}

function gone(slot: number): void {
  if (workers.delete(slot)) send({ slot, gone: true });
}

process.on('message', (message: HostDown) => {
  const { slot } = message;
  let worker = workers.get(slot);
  if ('end' in message) {
    workers.delete(slot);
    void worker?.terminate();
    return;
  }
  if (!worker) {
    try {
      worker = new Worker(workerFile!);
    } catch {
      send({ slot, gone: true });
      return;
    }
    workers.set(slot, worker);
    worker.on('message', (data: Uint8Array) => send({ slot, data }));
    worker.on('error', () => gone(slot));
    worker.on('exit', () => gone(slot));
  }
  worker.postMessage(message.data);
});

process.on('disconnect', () => process.exit(0));
