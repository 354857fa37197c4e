// Expands a parsed snippet to the text VS Code would insert if the user accepted every default,
// or picked a given option at some choice stops. Mirrors (`$1` after `${1:name}`) repeat the value.
import { collectTabStops, type TabStopInfo } from './tabStops';
import type { SnippetNode } from './syntax';

export interface ExpandOptions {
  /** The option to select per choice index; unlisted choices take their first option. */
  choices?: ReadonlyMap<number, string>;
  /** Variable values, e.g. { TM_FILENAME_BASE: 'backup' }; a missing one takes its default or ''. */
  variables?: Readonly<Record<string, string>>;
  /** Text typed at a tab stop (index 0 included), replacing its default everywhere it appears. */
  typed?: ReadonlyMap<number, string>;
}

export function expandSnippet(nodes: readonly SnippetNode[], options: ExpandOptions = {}): string {
  const stops = new Map<number, TabStopInfo>(collectTabStops(nodes).map((info) => [info.index, info]));
  for (const [index, value] of options.choices ?? []) {
    const definition = stops.get(index)?.definition;
    if (definition?.kind !== 'choice') throw new Error(`tab stop ${index} is not a choice`);
    if (!definition.options.includes(value)) {
      throw new Error(`"${value}" is not an option of choice ${index} (${definition.options.join(', ')})`);
    }
  }

  const expanding = new Set<number>();
  const valueOf = (index: number): string => {
    const typed = options.typed?.get(index);
    if (typed !== undefined) return typed;
    const definition = stops.get(index)?.definition;
    if (!definition) return '';
    if (definition.kind === 'choice') return options.choices?.get(index) ?? definition.options[0] ?? '';
    // A placeholder whose default mirrors itself would never end; the validator rejects it too.
    if (expanding.has(index)) throw new Error(`placeholder ${index} contains its own mirror`);
    expanding.add(index);
    try {
      return render(definition.children);
    } finally {
      expanding.delete(index);
    }
  };

  const render = (list: readonly SnippetNode[]): string =>
    list
      .map((node) => {
        switch (node.kind) {
          case 'text':
            return node.value;
          case 'tabstop':
          case 'placeholder':
          case 'choice':
            return valueOf(node.index);
          case 'variable':
            return options.variables?.[node.name] ?? (node.children ? render(node.children) : '');
        }
      })
      .join('');

  return render(nodes);
}
