// Splits the module into units (top-level statements; members of large classes) and reuses the
// model of every unit whose text did not change, so re-analysis after an edit only walks the edited
// unit. A unit with a syntax error that swallowed later top-level code is re-parsed piecewise so
// the rest of the file still gets findings.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { extractUnit, WALK_TYPES, type UnitContext } from './extract';
import type { UnitRef } from './facts';
import type { UnitModel } from './model';
import type { TopStatement } from './rule';

/** Classes longer than this are analysed member by member, so editing one method reuses the rest. */
const CLASS_SPLIT_CHARS = 2000;
/** With more changed units than this, one walk of the whole tree beats one walk per unit. */
const PER_UNIT_WALK_LIMIT = 16;
const STRING_NODES = new Set(['string_content', 'string_start', 'string_end', 'string', 'escape_sequence']);
const CONTINUATION_KEYWORD = /^(?:else|elif|except|finally)\b/;

export interface DocumentModel {
  units: UnitRef[];
  top: TopStatement[];
}

interface ChunkUnit {
  rel: number;
  model: UnitModel;
}

/** A unit of a split class: offset from the class start, its own cache key (null for the header). */
interface SplitMember {
  rel: number;
  key: string | null;
  model: UnitModel;
}

export class UnitCache {
  private units = new Map<string, UnitModel>();
  private chunks = new Map<string, ChunkUnit[]>();
  private splits = new Map<string, SplitMember[]>();

  constructor(private readonly parser: Parser) {}

  build(tree: Tree, text: string): DocumentModel {
    const builder = new Builder(text, this.parser, this.units, this.chunks, this.splits);
    const top: TopStatement[] = [];
    const root = tree.rootNode;
    for (const child of root.children) {
      if (!child || child.type === 'comment') continue;
      const s = child.startIndex;
      const e = child.endIndex;
      top.push({ type: child.type, s, e });
      builder.unit(child, 'module', s, e, true);
    }
    builder.extractPending(root);
    this.units = builder.nextUnits;
    this.chunks = builder.nextChunks;
    this.splits = builder.nextSplits;
    return { units: builder.out, top };
  }
}

interface PendingUnit {
  node: Node;
  context: UnitContext;
  s: number;
  e: number;
  key: string;
  slot: number;
}

class Builder {
  readonly out: UnitRef[] = [];
  /** Cache key of each `out` entry (null for entries that are not cached on their own). */
  private readonly outKeys: (string | null)[] = [];
  private readonly pending: PendingUnit[] = [];
  private readonly newSplits: { key: string; s: number; from: number; to: number }[] = [];
  readonly nextUnits = new Map<string, UnitModel>();
  readonly nextChunks = new Map<string, ChunkUnit[]>();
  readonly nextSplits = new Map<string, SplitMember[]>();

  constructor(
    private readonly text: string,
    private readonly parser: Parser,
    private readonly prevUnits: Map<string, UnitModel>,
    private readonly prevChunks: Map<string, ChunkUnit[]>,
    private readonly prevSplits: Map<string, SplitMember[]>,
  ) {}

  private push(base: number, model: UnitModel, key: string | null): void {
    this.out.push({ base, model });
    this.outKeys.push(key);
  }

  /** Reuses the unit's model when its text is unchanged, else queues it for extraction. */
  unit(node: Node, context: UnitContext, s: number, e: number, recoverable: boolean): void {
    const key = `${context}\u0000${this.text.slice(s, e)}`;
    const model = this.prevUnits.get(key) ?? this.nextUnits.get(key);
    if (model) {
      this.nextUnits.set(key, model);
      this.push(s, model, key);
      return;
    }
    if (e - s > CLASS_SPLIT_CHARS) {
      const split = this.prevSplits.get(key) ?? this.nextSplits.get(key);
      if (split) {
        this.nextSplits.set(key, split);
        for (const m of split) {
          if (m.key !== null) this.nextUnits.set(m.key, m.model);
          this.push(s + m.rel, m.model, m.key);
        }
        return;
      }
      const cls = classOf(node);
      if (cls) {
        const from = this.out.length;
        this.splitClass(cls, context, s);
        this.newSplits.push({ key, s, from, to: this.out.length });
        return;
      }
    }
    if (recoverable && node.hasError && this.recover(node, s, e)) return;
    this.pending.push({ node, context, s, e, key, slot: this.out.length });
    this.push(s, EMPTY, key);
  }

  /** Extracts the queued units: each on its own when few changed, else from one walk of the tree. */
  extractPending(root: Node): void {
    this.extractUnits(root);
    // Remember split classes as a whole, so an unchanged class is reused without splitting it again.
    for (const sp of this.newSplits) {
      const members: SplitMember[] = [];
      for (let i = sp.from; i < sp.to; i++) members.push({ rel: this.out[i].base - sp.s, key: this.outKeys[i], model: this.out[i].model });
      this.nextSplits.set(sp.key, members);
    }
  }

  private extractUnits(root: Node): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    let lists: (Node | null)[][] | null = null;
    if (pending.length > PER_UNIT_WALK_LIMIT) {
      lists = pending.map(() => []);
      let j = 0;
      for (const node of root.descendantsOfType(WALK_TYPES)) {
        if (!node) continue;
        const at = node.startIndex;
        while (j < pending.length && at >= pending[j].e) j++;
        if (j === pending.length) break;
        if (at >= pending[j].s) lists[j].push(node);
      }
    }
    pending.forEach((p, i) => {
      const model = extractUnit(p.node, this.text, p.context, lists ? lists[i] : undefined);
      this.nextUnits.set(p.key, model);
      this.out[p.slot] = { base: p.s, model };
    });
  }

  private splitClass(cls: Node, context: UnitContext, s: number): void {
    const m = /^class\s+([^\s(:]+)/.exec(this.text.slice(cls.startIndex, cls.startIndex + 200));
    // The class name itself is a module-level definition (it shadows imports of the same name).
    if (context === 'module' && m) this.push(s, { ...EMPTY, moduleDefs: [m[1]] }, null);
    const body = cls.childForFieldName('body');
    if (!body) return;
    for (const member of body.children) {
      if (!member || member.type === 'comment') continue;
      this.unit(member, 'class', member.startIndex, member.endIndex, false);
    }
  }

  /**
   * A unit with a syntax error that spans later lines starting at column 0 (which Python would read as
   * new top-level statements) is cut at those lines and each piece parsed on its own.
   */
  private recover(node: Node, s: number, e: number): boolean {
    const cuts = this.topLevelLineStarts(node, s, e);
    if (cuts.length === 0) return false;
    const bounds = [s, ...cuts, e];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const from = bounds[i];
      const pieceText = this.text.slice(from, bounds[i + 1]);
      const key = `chunk\u0000${pieceText}`;
      let units = this.prevChunks.get(key) ?? this.nextChunks.get(key);
      if (!units) {
        units = [];
        const tree = this.parser.parse(pieceText);
        if (tree) {
          for (const child of tree.rootNode.children) {
            if (!child || child.type === 'comment') continue;
            units.push({ rel: child.startIndex, model: extractUnit(child, pieceText, 'module') });
          }
          tree.delete();
        }
      }
      this.nextChunks.set(key, units);
      for (const u of units) this.push(from + u.rel, u.model, null);
    }
    return true;
  }

  private topLevelLineStarts(node: Node, s: number, e: number): number[] {
    const text = this.text;
    const cuts: number[] = [];
    let prevLine = text.slice(text.lastIndexOf('\n', s - 1) + 1, text.indexOf('\n', s) === -1 ? e : text.indexOf('\n', s));
    for (let nl = text.indexOf('\n', s); nl !== -1 && nl + 1 < e; nl = text.indexOf('\n', nl + 1)) {
      const ls = nl + 1;
      const end = text.indexOf('\n', ls);
      const line = text.slice(ls, end === -1 || end > e ? e : end);
      const first = line[0];
      if (line.trim() === '') continue;
      const startsStatement =
        first !== undefined && !/[\s#)\]}]/.test(first) && !CONTINUATION_KEYWORD.test(line) && !prevLine.startsWith('@') && !/\\\s*$/.test(prevLine);
      if (startsStatement) {
        const leaf = node.descendantForIndex(ls);
        if (!leaf || !STRING_NODES.has(leaf.type)) cuts.push(ls);
      }
      if (!line.trimStart().startsWith('#')) prevLine = line;
    }
    return cuts;
  }
}

const EMPTY: UnitModel = { calls: [], handlers: [], raises: [], assigns: [], imports: [], moduleDefs: [], main: null, errorSpans: [] };

function classOf(node: Node): Node | null {
  if (node.type === 'class_definition') return node;
  if (node.type === 'decorated_definition') {
    const def = node.childForFieldName('definition');
    return def?.type === 'class_definition' ? def : null;
  }
  return null;
}
