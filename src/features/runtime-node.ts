/** The runtime of the Node extension host (out/runtime.js): core, and services that use Node (fs, worker threads, git). */
export * from './runtime';
export { nodeServices as services } from './services-node';
