/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/**
 * The only way this webview creates elements: document text reaches the DOM
 * through `textContent` and through `setAttribute` on `data-`, `aria-`,
 * `title` and a few fixed attributes, never as markup.
 */

const SAFE_ATTRIBUTE = /^(?:data-[a-z0-9-]+|aria-[a-z]+|title|role|id|tabindex|type|placeholder|for|value|hidden|lang|autocomplete|spellcheck)$/;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Sets attributes from a fixed allow-list; anything else is a programming error. */
export function attrs(e: Element, values: Record<string, string | number | boolean | null | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!SAFE_ATTRIBUTE.test(name)) throw new Error(`unexpected attribute ${name}`);
    if (value === null || value === undefined || value === false) e.removeAttribute(name);
    else e.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Text only screen readers read. */
export function hiddenText(text: string): HTMLSpanElement {
  return el('span', 'visually-hidden', text);
}
