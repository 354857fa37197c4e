// Turning an editor selection into code timeit can run. Pure (no vscode import).

/** Removes the indentation common to all non-blank lines (a selection inside a function). */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0]);
  if (indents.length === 0) return '';
  let common = indents[0]!;
  for (const indent of indents) {
    let i = 0;
    while (i < common.length && i < indent.length && common[i] === indent[i]) i++;
    common = common.slice(0, i);
  }
  return lines
    .map((line) => (line.trim() === '' ? '' : line.slice(common.length)))
    .join('\n')
    .replace(/^\n+|\s+$/g, '');
}

/**
 * The file's top-level `import x` / `from x import y` statements (parenthesised continuations
 * included), skipping the selected lines: run once as timeit's setup.
 */
export function topLevelImports(source: string, skipFrom = -1, skipTo = -1): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i >= skipFrom && i <= skipTo) continue;
    if (!/^(import|from)\s+[\w.]+/.test(line)) continue;
    if (/^from\s+__future__\s/.test(line)) continue;
    out.push(line);
    // `from x import (a,\n b)` and backslash continuations span lines.
    let open = (line.match(/\(/g)?.length ?? 0) - (line.match(/\)/g)?.length ?? 0);
    let continued = line.trimEnd().endsWith('\\');
    while ((open > 0 || continued) && i + 1 < lines.length) {
      i++;
      const next = lines[i]!;
      out.push(next);
      open += (next.match(/\(/g)?.length ?? 0) - (next.match(/\)/g)?.length ?? 0);
      continued = next.trimEnd().endsWith('\\');
    }
  }
  return out.join('\n');
}
