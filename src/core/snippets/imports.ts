// Inserting a snippet into a file that already has code: the snippet's imports join the file's
// import block (without duplicating what it imports already), its body goes at the cursor, and a
// module logger the file already defines is not defined again. Line-based: only the top of the
// file and column-0 statements are read, so it stays cheap on every insertion.

/** One top-level import statement of a snippet (a line, or an if/try block of imports). */
interface ImportUnit {
  text: string;
  /** "import a", "from m import x" atoms; undefined for a compound block (matched by its text). */
  atoms: string[] | undefined;
  /** Third-party group (after a blank line in the snippet's imports). */
  thirdParty: boolean;
}

export interface SnippetSplit {
  imports: ImportUnit[];
  /** The body without its import units and without leading blank lines (snippet syntax). */
  rest: string;
}

export interface LineInsertion {
  /** Zero-based line before which `text` goes (text ends with a newline). */
  line: number;
  text: string;
}

export interface SnippetInsertionPlan {
  /** What to insert at the cursor, in snippet syntax. */
  body: string;
  /** Import lines to add to the file's import block (empty when none are missing). */
  importInsertions: LineInsertion[];
}

const IMPORT_LINE = /^(?:import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*|from\s+[\w.]+\s+import\s+.+)\s*(?:#.*)?$/;
const MODULE_LOGGER = /^logger\s*=\s*logging\.getLogger\(__name__\)\s*$/;

function atomsOf(statement: string): string[] {
  const code = statement
    .replace(/#.*$/, '')
    .replace(/[()\\\n]/g, ' ')
    .trim();
  const from = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(code);
  if (from) {
    return (from[2] ?? '')
      .split(',')
      .map((name) => name.trim().replace(/\s+/g, ' '))
      .filter(Boolean)
      .map((name) => `from ${from[1]} import ${name}`);
  }
  const plain = /^import\s+(.+)$/.exec(code);
  return plain ? (plain[1] ?? '').split(',').map((name) => `import ${name.trim().replace(/\s+/g, ' ')}`) : [];
}

/** Splits the leading imports off a snippet body; whole scripts (a #! line) are not split. */
export function splitSnippetImports(body: string): SnippetSplit {
  if (body.startsWith('#!')) return { imports: [], rest: body };
  const lines = body.split('\n');
  const imports: ImportUnit[] = [];
  let i = 0;
  let sawBlankAfterImports = false;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      if (imports.length > 0) sawBlankAfterImports = true;
      i += 1;
      continue;
    }
    if (IMPORT_LINE.test(line)) {
      imports.push({ text: line, atoms: atomsOf(line), thirdParty: sawBlankAfterImports });
      i += 1;
      continue;
    }
    // `if sys.version_info >= ...:` / `try:` blocks whose bodies are only imports.
    if (/^(if\s.*|try):\s*$/.test(line)) {
      let j = i + 1;
      while (j < lines.length && (/^\s+(import|from)\s/.test(lines[j] ?? '') || /^(else|elif\s.*|except.*):\s*$/.test(lines[j] ?? '')))
        j += 1;
      if (j > i + 1) {
        imports.push({ text: lines.slice(i, j).join('\n'), atoms: undefined, thirdParty: sawBlankAfterImports });
        i = j;
        continue;
      }
    }
    break;
  }
  return { imports, rest: lines.slice(i).join('\n') };
}

interface DocumentImports {
  atoms: Set<string>;
  /** Every column-0 line, for matching compound blocks and the module logger. */
  topLines: Set<string>;
  /** Zero-based line after the leading import block, or after the header when there is none. */
  insertAt: number;
  hasImports: boolean;
}

/** Reads the file's top: shebang, comments, docstring, then the leading import block. */
function readDocumentImports(text: string): DocumentImports {
  const lines = text.split(/\r?\n/);
  const atoms = new Set<string>();
  const topLines = new Set<string>();
  for (const line of lines) if (/^\S/.test(line)) topLines.add(line.trimEnd());

  let i = 0;
  let headerEnd = 0;
  let lastImportEnd = -1;
  let docstringSeen = false;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i += 1;
      if (lastImportEnd < 0) headerEnd = trimmed === '' ? headerEnd : i;
      continue;
    }
    const quote = /^[rRuU]?("""|''')/.exec(line);
    if (quote && !docstringSeen && lastImportEnd < 0) {
      docstringSeen = true;
      const delimiter = quote[1] ?? '"""';
      let end = i;
      const rest = line.slice(line.indexOf(delimiter) + 3);
      if (!rest.includes(delimiter)) {
        end = i + 1;
        while (end < lines.length && !(lines[end] ?? '').includes(delimiter)) end += 1;
      }
      i = end + 1;
      headerEnd = i;
      continue;
    }
    if (/^(import|from)\s/.test(line)) {
      // A statement may continue over parentheses or backslashes.
      let statement = line;
      let end = i;
      let open = (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length;
      while ((open > 0 || /\\\s*$/.test(lines[end] ?? '')) && end + 1 < lines.length) {
        end += 1;
        statement += `\n${lines[end] ?? ''}`;
        open += ((lines[end] ?? '').match(/\(/g) ?? []).length - ((lines[end] ?? '').match(/\)/g) ?? []).length;
      }
      for (const atom of atomsOf(statement)) atoms.add(atom);
      i = end + 1;
      lastImportEnd = i;
      continue;
    }
    break;
  }
  // Imports placed later in the file (after sys.path tweaks, say) count as present too.
  for (const line of lines) if (/^(import|from)\s/.test(line) && IMPORT_LINE.test(line)) for (const atom of atomsOf(line)) atoms.add(atom);
  return { atoms, topLines, insertAt: lastImportEnd >= 0 ? lastImportEnd : headerEnd, hasImports: lastImportEnd >= 0 };
}

/** The import statements of `missing` atoms, grouped back by module ("from m import a, b"). */
function statementsFor(unit: ImportUnit, present: Set<string>): string | undefined {
  if (!unit.atoms) return undefined;
  const missing = unit.atoms.filter((atom) => !present.has(atom) && !coveredByPackageImport(atom, present));
  if (missing.length === 0) return undefined;
  if (missing.length === unit.atoms.length) return unit.text;
  const from = /^from\s+([\w.]+)\s+import\s/.exec(missing[0] ?? '');
  if (from) return `from ${from[1]} import ${missing.map((atom) => atom.slice(atom.indexOf(' import ') + 8)).join(', ')}`;
  return missing.join('\n');
}

/** `import logging` is satisfied by an existing `import logging.config`, which binds `logging`. */
function coveredByPackageImport(atom: string, present: Set<string>): boolean {
  const plain = /^import ([\w]+)$/.exec(atom);
  return plain !== null && [...present].some((have) => have.startsWith(`import ${plain[1]}.`) && !have.includes(' as '));
}

/**
 * Plans inserting `body` at zero-based `cursorLine` of `documentText`: the imports the file lacks
 * go into its import block (or, when the cursor is above where they would go, stay at the cursor),
 * the rest at the cursor. A blank document gets the body as it is.
 */
export function planSnippetInsertion(documentText: string, body: string, cursorLine: number): SnippetInsertionPlan {
  if (documentText.trim() === '') return { body, importInsertions: [] };
  const split = splitSnippetImports(body);
  if (split.imports.length === 0) return { body, importInsertions: [] };
  const doc = readDocumentImports(documentText);

  const needed: { text: string; thirdParty: boolean }[] = [];
  for (const unit of split.imports) {
    if (unit.atoms === undefined) {
      const first = unit.text.split('\n')[0] ?? '';
      if (!doc.topLines.has(first.trimEnd())) needed.push({ text: unit.text, thirdParty: unit.thirdParty });
      continue;
    }
    const text = statementsFor(unit, doc.atoms);
    if (text !== undefined) needed.push({ text, thirdParty: unit.thirdParty });
  }

  let rest = split.rest;
  // The file's own module logger serves the snippet too.
  if (doc.topLines.has('logger = logging.getLogger(__name__)')) {
    rest = rest.split('\n').some((line) => MODULE_LOGGER.test(line))
      ? rest.replace(/^logger\s*=\s*logging\.getLogger\(__name__\)\n+/m, '')
      : rest;
  }

  const grouped = [...needed.filter((n) => !n.thirdParty), ...needed.filter((n) => n.thirdParty)].map((n) => n.text);
  if (grouped.length === 0) return { body: rest, importInsertions: [] };
  if (cursorLine < doc.insertAt) {
    // The cursor is above the import block: keep the (missing) imports with the body.
    return { body: `${grouped.join('\n')}\n\n${rest}`, importInsertions: [] };
  }
  const lines = documentText.split(/\r?\n/);
  const nextIsBlank = (lines[doc.insertAt] ?? '').trim() === '';
  const before = !doc.hasImports && doc.insertAt > 0 ? '\n' : '';
  const after = !doc.hasImports && !nextIsBlank ? '\n' : '';
  return { body: rest, importInsertions: [{ line: doc.insertAt, text: `${before}${grouped.join('\n')}\n${after}` }] };
}
