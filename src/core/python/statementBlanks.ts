// What separates the tokens of a statement that is read from its text, without a tree
// (plainImports.ts, plainStringAssignment.ts).

function codeAt(text: string, at: number, end: number): number {
  return at < end ? text.charCodeAt(at) : -1;
}

/**
 * The offset past the blanks at `i` in text[.., end): spaces, tabs, form feeds and line
 * continuations, and inside brackets line breaks and comments too. -1 where a backslash does not
 * end its line, or the line after it does not go on with the statement.
 */
export function skipBlanks(text: string, i: number, end: number, inBrackets: boolean): number {
  for (;;) {
    const c = codeAt(text, i, end);
    if (c === 32 || c === 9 || c === 12) i++;
    else if (c === 92) {
      // A backslash must end its line, and the next line must go on with the statement.
      const n = codeAt(text, i + 1, end);
      if (n === 10) i += 2;
      else if (n === 13) i += codeAt(text, i + 2, end) === 10 ? 3 : 2;
      else return -1;
      let k = i;
      while (codeAt(text, k, end) === 32 || codeAt(text, k, end) === 9 || codeAt(text, k, end) === 12) k++;
      const next = codeAt(text, k, end);
      if (next === -1 || next === 10 || next === 13 || next === 35 || next === 92) return -1;
    } else if (inBrackets && (c === 10 || c === 13)) i++;
    else if (inBrackets && c === 35) i = commentEnd(text, i, end);
    else return i;
  }
}

/** The end of the comment at `i` (its line break, or `end`). */
export function commentEnd(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return i;
}
