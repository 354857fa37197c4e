// Tiny DOM helpers for the viewer: build elements without innerHTML (profile text comes from the
// profiled program, so it is only ever set as text).

type Attributes = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

/** A column heading: its text, its alignment and (optionally) a tooltip explaining it. */
export type Heading = readonly [text: string, align: 'left' | 'right', title?: string];

/** A table's head: one row of headings. */
export function tableHead(...headings: Heading[]): HTMLTableSectionElement {
  return h('thead', {}, h('tr', {}, ...headings.map(([text, align, title]) => h('th', { className: `align-${align}`, title }, text))));
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** A button that runs `action` on click; `title` doubles as its accessible description. */
export function button(label: string, title: string, action: () => void, className = 'button'): HTMLButtonElement {
  const element = h('button', { type: 'button', className, title }, label);
  element.addEventListener('click', action);
  return element;
}

/** A link-looking button (keyboard reachable, no navigation). */
export function linkButton(label: string, title: string, action: () => void): HTMLButtonElement {
  return button(label, title, action, 'link');
}

/** Reads a theme colour variable (e.g. `--vscode-charts-orange`), with a fallback. */
export function themeColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}
