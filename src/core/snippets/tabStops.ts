// What a parsed body says about each tab stop index, and the walk over nested nodes both the
// validator and the expander rely on.
import type { ChoiceNode, PlaceholderNode, SnippetNode, TabStopNode } from './syntax';

export type StopNode = TabStopNode | PlaceholderNode | ChoiceNode;

export interface TabStopInfo {
  index: number;
  /** Every node using this index, in body order (the first with content defines the value). */
  occurrences: StopNode[];
  /** The node that gives the value its mirrors copy, if any: the first choice or non-empty placeholder. */
  definition: PlaceholderNode | ChoiceNode | undefined;
}

/** Calls visit for every node, depth first, in body order (placeholder and variable defaults included). */
export function walkNodes(nodes: readonly SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    const children = childrenOf(node);
    if (children) walkNodes(children, visit);
  }
}

function childrenOf(node: SnippetNode): SnippetNode[] | undefined {
  if (node.kind === 'placeholder') return node.children;
  if (node.kind === 'variable') return node.children;
  return undefined;
}

/** Tab stops by index, ascending (so `$0` comes first). */
export function collectTabStops(nodes: readonly SnippetNode[]): TabStopInfo[] {
  const byIndex = new Map<number, TabStopInfo>();
  walkNodes(nodes, (node) => {
    if (node.kind !== 'tabstop' && node.kind !== 'placeholder' && node.kind !== 'choice') return;
    let info = byIndex.get(node.index);
    if (!info) {
      info = { index: node.index, occurrences: [], definition: undefined };
      byIndex.set(node.index, info);
    }
    info.occurrences.push(node);
    if (!info.definition && (node.kind === 'choice' || (node.kind === 'placeholder' && node.children.length > 0))) {
      info.definition = node;
    }
  });
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The choice stops of a body, each with its options. */
export function collectChoices(nodes: readonly SnippetNode[]): ChoiceNode[] {
  const choices: ChoiceNode[] = [];
  for (const info of collectTabStops(nodes)) {
    if (info.definition?.kind === 'choice') choices.push(info.definition);
  }
  return choices;
}

/** Names of the variables a body uses, in first-use order. */
export function collectVariables(nodes: readonly SnippetNode[]): string[] {
  const names: string[] = [];
  walkNodes(nodes, (node) => {
    if (node.kind === 'variable' && !names.includes(node.name)) names.push(node.name);
  });
  return names;
}
