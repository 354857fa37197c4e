// File-level suppression (`# pyops: ignore-file`, `# pyops: ignore-file[CODE, name]`) and the
// `# pyops: ...` comments of a file, found with string literals skipped so a `#` inside a string
// (even a triple-quoted one spanning lines) is never taken for a comment.

export interface CommentAt {
  /** Zero-based line. */
  line: number;
  /** Offsets of the `#` and of the end of the line (the comment's end). */
  start: number;
  end: number;
  text: string;
  /** Nothing but whitespace before the `#` on its line. */
  ownLine: boolean;
}

/** Whether text[from, to) holds `pyops` in any case (a text that does not has no pyops comment). */
export function mentionsPyops(text: string, from = 0, to = text.length): boolean {
  return /pyops/i.test(from <= 0 && to >= text.length ? text : text.slice(Math.max(0, from), to));
}

/** Comments that mention `pyops` (case-insensitive); `[]` at once for a text that never does. */
export function pyopsComments(text: string): CommentAt[] {
  if (!mentionsPyops(text)) return [];
  const out: CommentAt[] = [];
  let line = 0;
  let lineStart = 0;
  let quote = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      // A single-quoted string cannot span lines (an unterminated one ends here, as for Python's tokenizer).
      if (quote.length === 1) quote = '';
      i++;
      continue;
    }
    if (quote !== '') {
      if (c === '\\') i += 2;
      else if (text.startsWith(quote, i)) {
        i += quote.length;
        quote = '';
      } else i++;
      continue;
    }
    if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      const comment = text.slice(i, end).replace(/\r$/, '');
      if (/pyops/i.test(comment))
        out.push({ line, start: i, end: i + comment.length, text: comment, ownLine: text.slice(lineStart, i).trim() === '' });
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      continue;
    }
    i++;
  }
  return out;
}

/** `# pyops: ignore-file` or `# pyops: ignore-file[OPS101, subprocess-no-timeout]`, on a line of its own. */
export const IGNORE_FILE = /^#\s*pyops\s*:\s*ignore-file(?![\w-])(?:\[([^\]]*)\])?/i;

export interface FileSuppression {
  /** Every rule, in the whole file. */
  all: boolean;
  /** Upper-cased codes and lower-cased names, as for a line's `# pyops: ignore[...]`. */
  names: Set<string>;
  /** Where each comment is, for the unused-suppression report. */
  comments: CommentAt[];
}

export function suppressionNames(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((n) => (/^[A-Za-z]+[0-9]+$/.test(n) ? n.toUpperCase() : n.toLowerCase()));
}

/** The file-level suppressions in `comments` (from pyopsComments), or null when there are none. */
export function fileSuppression(comments: readonly CommentAt[]): FileSuppression | null {
  const found: FileSuppression = { all: false, names: new Set(), comments: [] };
  for (const comment of comments) {
    if (!comment.ownLine) continue;
    const match = IGNORE_FILE.exec(comment.text);
    if (!match) continue;
    found.comments.push(comment);
    if (match[1] === undefined) found.all = true;
    else for (const name of suppressionNames(match[1])) found.names.add(name);
  }
  return found.comments.length > 0 ? found : null;
}
