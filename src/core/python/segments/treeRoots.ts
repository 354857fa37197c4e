// A tree's root node and whether it has errors, read once per tree. Each read of `tree.rootNode`
// makes a new Node object through web-tree-sitter's glue (a call into wasm and an object with its
// own element: thousands of instructions), and a segment's tree is read by the parse (is it
// broken?), the unit builder and the syntax-error finder in turn.
import type { Node, Tree } from 'web-tree-sitter';

/** What is read of a tree's root. */
export interface TreeRoot {
  readonly node: Node;
  /** Whether the tree has an ERROR or MISSING node anywhere (none of its nodes has one if not). */
  readonly broken: boolean;
}

const roots = new WeakMap<Tree, TreeRoot>();

/**
 * The root of `tree`, read once. Not for a tree after its Tree.edit(): a segment's tree is edited
 * only to be reparsed incrementally, and deleted then (its root's offsets would be stale).
 */
export function rootOf(tree: Tree): TreeRoot {
  let root = roots.get(tree);
  if (!root) {
    const node = tree.rootNode;
    root = { node, broken: node.hasError };
    roots.set(tree, root);
  }
  return root;
}
