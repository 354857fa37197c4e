// How large a text PyOps checks, and how it checks it; docs/limits.md lists these with what the
// user sees at each one.
import { MAX_PARSE_LENGTH } from '../python/segments';

/**
 * Longer texts are not checked (tree-sitter's wasm heap is finite): they get one OPS003 finding
 * saying so. Lengths are in UTF-16 code units, what LSP and JavaScript count as characters.
 */
export const MAX_CHECKED_LENGTH = MAX_PARSE_LENGTH;

/**
 * Longer open documents are checked when opened and saved, not as you type: every check reads
 * the whole document, which past this size takes longer than a keystroke should wait.
 */
export const CHECK_ON_SAVE_ABOVE = 1_000_000;

/**
 * Files larger than this many bytes are longer than MAX_CHECKED_LENGTH whatever they hold (UTF-8
 * takes at most 3 bytes per UTF-16 code unit), so they need not be read to be refused.
 */
export const MAX_CHECKED_BYTES = 3 * MAX_CHECKED_LENGTH;

const count = (n: number): string => n.toLocaleString('en-US');

/** Why a text of `length` characters is not checked. */
export function tooLargeReason(length: number): string {
  return `too large (${count(length)} characters; the limit is ${count(MAX_CHECKED_LENGTH)})`;
}

/** Why a file of `bytes` bytes is not read. */
export function tooLargeFileReason(bytes: number): string {
  return `too large (${count(bytes)} bytes; the limit is ${count(MAX_CHECKED_LENGTH)} characters)`;
}
