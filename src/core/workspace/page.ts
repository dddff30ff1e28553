import type { TreeMessage } from './protocol';

/**
 * The HTML page of the alignment tree, for both hosts of the same front end
 * (media/tree.js, built from src/webview/): the VS Code webview, which loads
 * the script and stylesheet from webview URIs, and the CLI's self-contained
 * `rollup --format html` page, which inlines them with the tree message as
 * JSON. Either way a strict CSP allows only the nonce'd script.
 */
export interface TreePageOptions {
  title: string;
  /** A fresh random nonce, made by the caller for each page. */
  nonce: string;
  /** Webview mode: the webview's CSP source and the URIs of media/tree.js and media/tree.css (from `webview.asWebviewUri`). */
  webview?: { cspSource: string; scriptUri: string; styleUri: string };
  /** Static mode: the script and stylesheet inlined, and the tree message to embed. */
  inline?: { script: string; style: string; data: TreeMessage };
}

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes an attribute value in double quotes, keeping single quotes readable (the CSP's `'none'`). */
function escapeAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe as the content of `<script type="application/json">`:
 * `<`, `>`, `&` and the line separators U+2028/2029 are written as `\uXXXX`
 * escapes (they can only occur inside JSON strings), so no `</script>` or
 * `<!--` can end or confuse the element. `JSON.parse` reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Keeps inlined code from closing its element early (`\/` reads as `/` in JS strings, regular expressions and CSS). */
function inlineText(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

/** The whole page, for a webview (`webview`) or as a self-contained file (`inline`). */
export function treePageHtml(options: TreePageOptions): string {
  const { webview, inline } = options;
  if ((webview === undefined) === (inline === undefined)) throw new Error('treePageHtml: pass exactly one of webview and inline');
  const nonce = escapeHtml(options.nonce);
  const title = escapeHtml(options.title);
  let csp: string;
  let head: string;
  let body: string;
  if (webview) {
    const source = webview.cspSource;
    csp = `default-src 'none'; style-src ${source}; script-src 'nonce-${options.nonce}'; img-src ${source} data:; font-src ${source};`;
    head = `<link rel="stylesheet" href="${escapeHtml(webview.styleUri)}">`;
    body = `<script nonce="${nonce}" src="${escapeHtml(webview.scriptUri)}"></script>`;
  } else {
    csp = `default-src 'none'; style-src 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}';`;
    head = `<style nonce="${nonce}">\n${inlineText(inline!.style, 'style')}\n</style>`;
    body = [
      `<script type="application/json" id="okr-lens-data">${jsonForScript(inline!.data)}</script>`,
      `<script nonce="${nonce}">\n${inlineText(inline!.script, 'script')}\n</script>`,
    ].join('\n');
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    head,
    '</head>',
    `<body class="${inline ? 'okr-lens-page' : 'okr-lens-webview'}">`,
    inline ? `<h1 class="page-title">${title}</h1>` : '',
    '<noscript><p class="noscript">The OKR alignment tree needs JavaScript to show.</p></noscript>',
    '<div id="okr-lens-root" class="okr-lens"></div>',
    body,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
