// Reads `.pyops.yaml` text into a partial config plus problems located at their lines. Never throws.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigEntry, ConfigNode, Where } from './configNode';
import { readOptions } from './options';
import { TextPositions } from './textPositions';
import type { ConfigProblem, KnownRule, ParsedConfigFile } from './types';

export const CONFIG_FILE_NAME = '.pyops.yaml';

/** Aliases can build cycles or exponential expansions ("billion laughs"); no real config comes near these. */
const MAX_DEPTH = 64;
const MAX_NODES = 20_000;

class YamlToConfigNode {
  private visited = 0;
  /** Set when the document is too deep or expands to too many values; then none of it is used. */
  tooLarge = false;

  constructor(
    private readonly doc: Document,
    private readonly positions: TextPositions,
  ) {}

  whereOf(node: Node | null | undefined, fallbackOffset: number): Where {
    const range = node?.range;
    if (!range) return { range: this.positions.rangeOf(fallbackOffset, fallbackOffset) };
    return { range: this.positions.rangeOf(range[0], range[1]) };
  }

  convert(value: unknown, fallbackOffset: number, depth: number): ConfigNode {
    let node = value as Node | null | undefined;
    if (isAlias(node)) node = node.resolve(this.doc) ?? null;
    const where = this.whereOf(node, fallbackOffset);
    if (depth > MAX_DEPTH || ++this.visited > MAX_NODES) {
      this.tooLarge = true;
      return { kind: 'scalar', value: null, where };
    }
    if (isMap(node)) {
      const entries: ConfigEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyWhere = this.whereOf(keyNode, where.range ? this.offsetOf(node) : fallbackOffset);
        const keyValue = isScalar(keyNode) ? keyNode.value : null;
        const key = keyValue === null || keyValue === undefined ? '' : String(keyValue);
        const valueFallback = keyNode?.range ? keyNode.range[1] : fallbackOffset;
        entries.push({ key, keyWhere, value: this.convert(pair.value, valueFallback, depth + 1) });
      }
      return { kind: 'map', entries, where };
    }
    if (isSeq(node)) {
      return { kind: 'list', items: node.items.map((item) => this.convert(item, this.offsetOf(node), depth + 1)), where };
    }
    if (isScalar(node)) {
      const v = node.value;
      const scalar =
        v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? (v ?? null) : String(v);
      return { kind: 'scalar', value: scalar, where };
    }
    return { kind: 'scalar', value: null, where };
  }

  private offsetOf(node: Node): number {
    return node.range ? node.range[0] : 0;
  }
}

/**
 * Parses `.pyops.yaml`. A YAML syntax error makes the whole file unusable (a half-parsed file could
 * mean something the user did not write), so then nothing from it is used; any other bad part is
 * reported and only that part is dropped.
 */
export function parseConfigFile(text: string, rules: readonly KnownRule[]): ParsedConfigFile {
  const positions = new TextPositions(text);
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The parser reports problems in doc.errors; this is only for the unexpected.
    const message = error instanceof Error ? error.message : String(error);
    return {
      config: {},
      problems: [{ message: `Cannot read the config: ${message}. Defaults are used.`, range: positions.rangeOf(0, 0), severity: 'error' }],
    };
  }
  if (doc.errors.length > 0) {
    // One mistake often cascades into several errors on the same line; the first one says it best.
    const problems: ConfigProblem[] = [];
    for (const e of doc.errors) {
      const range = positions.rangeOf(e.pos[0], Math.max(e.pos[1], tokenEnd(text, e.pos[0])));
      if (problems.some((p) => p.range.start.line === range.start.line)) continue;
      problems.push({
        message: `YAML syntax error: ${firstLine(e.message)}. The file is ignored until this is fixed.`,
        range,
        severity: 'error',
      });
    }
    return { config: {}, problems };
  }
  const converter = new YamlToConfigNode(doc, positions);
  const root = converter.convert(doc.contents, 0, 0);
  if (converter.tooLarge) {
    const message = `The config has more than ${MAX_NODES.toLocaleString('en-US')} values or is nested more than ${MAX_DEPTH} levels deep (an alias counts each time it is used). The file is ignored.`;
    return { config: {}, problems: [{ message, range: positions.rangeOf(0, 0), severity: 'error' }] };
  }
  const { config, problems } = readOptions(root, 'file', rules);
  return {
    config,
    problems: problems.map((p) => ({
      message: p.message,
      severity: p.severity,
      range: p.where.range ?? positions.rangeOf(0, 0),
    })),
  };
}

/** End of the word at `offset`, so a one-character error position underlines something visible. */
function tokenEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && !/[\s:,[\]{}]/.test(text[end])) end++;
  return end;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/[.:]\s*$/, '');
}
