/** The runtime of the web worker extension host (vscode.dev, github.dev): core, and services that need no Node. */
export * from './runtime';
export { webServices as services } from './services-web';
