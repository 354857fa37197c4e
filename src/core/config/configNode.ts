// A source-neutral view of a config value. The YAML reader and the settings reader both build it,
// so one validator serves both and problems can still point at a line (YAML) or a setting name.
import type { Range } from '../text';

/** Where a value came from: a range in `.pyops.yaml`, or a setting name. */
export interface Where {
  range?: Range;
  setting?: string;
}

export type ConfigNode =
  | { kind: 'map'; entries: ConfigEntry[]; where: Where }
  | { kind: 'list'; items: ConfigNode[]; where: Where }
  | { kind: 'scalar'; value: string | number | boolean | null; where: Where };

export interface ConfigEntry {
  key: string;
  keyWhere: Where;
  value: ConfigNode;
}

/** Builds a node from a plain JSON-like value (VS Code settings). */
export function nodeFromPlainValue(value: unknown, setting: string): ConfigNode {
  const where: Where = { setting };
  if (Array.isArray(value)) {
    return { kind: 'list', items: value.map((item) => nodeFromPlainValue(item, setting)), where };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
      key,
      keyWhere: where,
      value: nodeFromPlainValue(v, setting),
    }));
    return { kind: 'map', entries, where };
  }
  if (value === undefined || value === null) return { kind: 'scalar', value: null, where };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'scalar', value, where };
  }
  // Functions, symbols, bigints cannot come from settings.json; show them as text so they are reported, not crashed on.
  return { kind: 'scalar', value: String(value), where };
}

export function describeNode(node: ConfigNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'list') return 'a list';
  if (node.value === null) return 'nothing';
  if (typeof node.value === 'string') return `the text '${node.value}'`;
  return `${typeof node.value} ${String(node.value)}`;
}
