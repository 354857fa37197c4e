// The Python grammar's field ids, looked up once per language. `childForFieldName` searches the
// grammar's field names on every call, and `lastChild` asks wasm twice (the count, then the child):
// `childForFieldId` asks once. Used by the units (segments) and the walk (diagnostics).
import type { Language, Node } from 'web-tree-sitter';

/** Ids of the fields the walk and the rules read; -1 for a field the grammar lacks (never found). */
export interface FieldIds {
  readonly arguments: number;
  readonly body: number;
  readonly value: number;
}

let known: { language: Language; ids: FieldIds } | null = null;

/** The field ids of the grammar `node` was parsed with. */
export function fieldIds(node: Node): FieldIds {
  const language = node.tree.language;
  if (known?.language !== language) {
    const id = (name: string) => language.fieldIdForName(name) ?? -1;
    known = { language, ids: { arguments: id('arguments'), body: id('body'), value: id('value') } };
  }
  return known.ids;
}

/** A node's child in field `id` (see fieldIds), or null. */
export function childInField(node: Node, id: number): Node | null {
  return id === -1 ? null : node.childForFieldId(id);
}
