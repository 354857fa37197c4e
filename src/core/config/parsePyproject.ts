// Reads the `[tool.pyops]` table of `pyproject.toml`: the same options as `.pyops.yaml`, with
// problems located at their line. TOML is parsed by toml-eslint-parser, which keeps every key's
// and value's position. Never throws.
import { parseTOML, type AST } from 'toml-eslint-parser';
import type { ConfigEntry, ConfigNode, Where } from './configNode';
import { readOptions } from './options';
import { TextPositions } from './textPositions';
import type { ConfigProblem, KnownRule, ParsedConfigFile } from './types';

export const PYPROJECT_FILE_NAME = 'pyproject.toml';

/** A table being assembled: TOML defines one through headers, dotted keys and inline tables. */
interface TableBuilder {
  kind: 'table';
  entries: Map<string, { keyWhere: Where; value: Built }>;
  where: Where;
}

interface TableListBuilder {
  kind: 'tables';
  items: TableBuilder[];
  where: Where;
}

type Built = TableBuilder | TableListBuilder | ConfigNode;

export interface ParsedPyproject extends ParsedConfigFile {
  /** Whether the file has a `[tool.pyops]` table (a pyproject.toml without one is not a PyOps config). */
  hasTable: boolean;
}

class TomlToConfigNode {
  readonly root: TableBuilder;

  constructor(private readonly positions: TextPositions) {
    this.root = { kind: 'table', entries: new Map(), where: this.where([0, 0]) };
  }

  where(range: AST.Range): Where {
    return { range: this.positions.rangeOf(range[0], range[1]) };
  }

  /** The table at `keys` below `table`, created as needed; for an array of tables, its last element. */
  private tableAt(table: TableBuilder, keys: (AST.TOMLBare | AST.TOMLQuoted)[]): TableBuilder {
    let current = table;
    for (const key of keys) {
      const name = keyName(key);
      const existing = current.entries.get(name)?.value;
      if (existing?.kind === 'table') current = existing;
      else if (existing?.kind === 'tables' && existing.items.length > 0) current = existing.items[existing.items.length - 1];
      else {
        // The parser refuses a key redefined as another type, so nothing is overwritten here.
        const created: TableBuilder = { kind: 'table', entries: new Map(), where: this.where(key.range) };
        current.entries.set(name, { keyWhere: this.where(key.range), value: created });
        current = created;
      }
    }
    return current;
  }

  addTable(table: AST.TOMLTable): void {
    const keys = table.key.keys;
    if (table.kind === 'standard') {
      const target = this.tableAt(this.root, keys);
      target.where = this.where(table.range);
      for (const pair of table.body) this.addPair(target, pair);
      return;
    }
    const parent = this.tableAt(this.root, keys.slice(0, -1));
    const last = keys[keys.length - 1];
    const name = keyName(last);
    let list = parent.entries.get(name)?.value;
    if (list?.kind !== 'tables') {
      list = { kind: 'tables', items: [], where: this.where(table.range) };
      parent.entries.set(name, { keyWhere: this.where(last.range), value: list });
    }
    const item: TableBuilder = { kind: 'table', entries: new Map(), where: this.where(table.range) };
    list.items.push(item);
    for (const pair of table.body) this.addPair(item, pair);
  }

  addPair(table: TableBuilder, pair: AST.TOMLKeyValue): void {
    const keys = pair.key.keys;
    const target = this.tableAt(table, keys.slice(0, -1));
    const last = keys[keys.length - 1];
    target.entries.set(keyName(last), { keyWhere: this.where(last.range), value: this.content(pair.value) });
  }

  private content(node: AST.TOMLContentNode): ConfigNode {
    const where = this.where(node.range);
    if (node.type === 'TOMLArray') return { kind: 'list', items: node.elements.map((e) => this.content(e)), where };
    if (node.type === 'TOMLInlineTable') {
      const table: TableBuilder = { kind: 'table', entries: new Map(), where };
      for (const pair of node.body) this.addPair(table, pair);
      return toConfigNode(table);
    }
    if (node.kind === 'string' || node.kind === 'integer' || node.kind === 'float' || node.kind === 'boolean')
      return { kind: 'scalar', value: node.value, where };
    return { kind: 'scalar', value: node.datetime, where };
  }
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

function toConfigNode(built: Built): ConfigNode {
  if (built.kind === 'table') {
    const entries: ConfigEntry[] = [...built.entries].map(([key, { keyWhere, value }]) => ({ key, keyWhere, value: toConfigNode(value) }));
    return { kind: 'map', entries, where: built.where };
  }
  if (built.kind === 'tables') return { kind: 'list', items: built.items.map(toConfigNode), where: built.where };
  return built;
}

function tableAtPath(root: TableBuilder, path: string[]): Built | undefined {
  let current: Built | undefined = root;
  for (const name of path) {
    if (current?.kind !== 'table') return undefined;
    current = current.entries.get(name)?.value;
  }
  return current;
}

/** Parses `pyproject.toml` and reads its `[tool.pyops]` table, if any. */
export function parsePyproject(text: string, rules: readonly KnownRule[]): ParsedPyproject {
  const positions = new TextPositions(text);
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (error) {
    const index = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : 0;
    const message = error instanceof Error ? error.message.replace(/[.\s]+$/, '') : String(error);
    // A broken file that mentions PyOps is taken as its config, so the error is shown rather than the file silently skipped.
    const problems: ConfigProblem[] = [
      {
        message: `TOML syntax error: ${message}. The file is ignored until this is fixed.`,
        range: positions.rangeOf(index, index + 1),
        severity: 'error',
      },
    ];
    return { config: {}, problems, hasTable: /\bpyops\b/.test(text) };
  }
  const converter = new TomlToConfigNode(positions);
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLTable') converter.addTable(item);
    else converter.addPair(converter.root, item);
  }
  const table = tableAtPath(converter.root, ['tool', 'pyops']);
  if (table === undefined) return { config: {}, problems: [], hasTable: false };
  const { config, problems } = readOptions(toConfigNode(table), 'file', rules);
  return {
    config,
    hasTable: true,
    problems: problems.map((p) => ({ message: p.message, severity: p.severity, range: p.where.range ?? positions.rangeOf(0, 0) })),
  };
}
