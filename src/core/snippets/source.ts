// Loads the snippet library's YAML source (one file per family) and checks it, reporting every
// problem by file, line and column so a broken snippet fails the build with a message that points
// at it.
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';
import { KEY_SEPARATOR, PREFIX_LEAD } from './naming';
import { validateSnippetBody } from './validateBody';

export interface SnippetSource {
  prefix: string;
  /** Short title, unique within its family, e.g. "Run a command (check, capture, timeout)". */
  name: string;
  description: string;
  /** The oldest Python it runs on, e.g. "3.8" or "3.8 (tomli), 3.11"; "3.8" when not given. */
  python: string;
  /** Where it runs: "any" (Linux, macOS, Windows) or "unix"; "any" when not given. */
  platforms: 'any' | 'unix';
  /** The body in VS Code snippet syntax, ending with a newline. */
  body: string;
  /** Where the snippet's entry starts, for messages (one-based line and column). */
  file: string;
  line: number;
  column: number;
}

export interface SnippetFamily {
  /** The word after the lead-in in every prefix of the family, e.g. "sub". */
  id: string;
  title: string;
  file: string;
  snippets: SnippetSource[];
}

export interface SourceFile {
  /** Path shown in messages, e.g. "snippets/subprocess.yaml". */
  path: string;
  text: string;
}

export interface SourceProblem {
  file: string;
  /** One-based, as editors and compilers print them. */
  line: number;
  column: number;
  message: string;
}

export interface LoadedSnippets {
  families: SnippetFamily[];
  problems: SourceProblem[];
}

export function formatProblem(problem: SourceProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

const FAMILY_ID = /^[a-z][a-z0-9]*$/;
const PREFIX_TAIL = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FAMILY_KEYS = new Set(['family', 'title', 'snippets']);
const SNIPPET_KEYS = new Set(['prefix', 'name', 'description', 'body', 'python', 'platforms']);

/** Loads the families in the order given and checks them, alone and together. */
export function loadSnippetSources(files: readonly SourceFile[]): LoadedSnippets {
  const families: SnippetFamily[] = [];
  const problems: SourceProblem[] = [];
  for (const file of files) {
    const family = loadFamily(file, problems);
    if (family) families.push(family);
  }
  problems.push(...crossFamilyProblems(families));
  return { families, problems };
}

function loadFamily(file: SourceFile, problems: SourceProblem[]): SnippetFamily | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined, message: string): void => {
    const pos = lineCounter.linePos(offset ?? 0);
    problems.push({ file: file.path, line: pos.line, column: pos.col, message });
  };
  for (const error of doc.errors) at(error.pos[0], error.message.split('\n')[0] ?? error.message);
  if (doc.errors.length > 0) return undefined;

  const top = doc.contents;
  if (!isMap(top)) {
    at(top?.range?.[0], 'expected a mapping with "family", "title" and "snippets"');
    return undefined;
  }
  reportUnknownKeys(top, FAMILY_KEYS, at);
  const id = requiredString(top, 'family', at);
  const title = requiredString(top, 'title', at);
  if (id !== undefined && !FAMILY_ID.test(id)) {
    at(top.get('family', true)?.range?.[0], `family id "${id}" must be lower-case letters and digits`);
  }
  const list = top.get('snippets', true);
  if (!isSeq(list) || list.items.length === 0) {
    at(list?.range?.[0] ?? top.range?.[0], '"snippets" must be a non-empty list');
    return undefined;
  }
  if (id === undefined || title === undefined) return undefined;

  const family: SnippetFamily = { id, title, file: file.path, snippets: [] };
  for (const item of list.items) {
    const snippet = loadSnippet(item, family, file, lineCounter, at, problems);
    if (snippet) family.snippets.push(snippet);
  }
  return family;
}

type Reporter = (offset: number | undefined, message: string) => void;

function loadSnippet(
  item: unknown,
  family: SnippetFamily,
  file: SourceFile,
  lineCounter: LineCounter,
  at: Reporter,
  problems: SourceProblem[],
): SnippetSource | undefined {
  if (!isMap(item)) {
    at(isNode(item) ? item.range?.[0] : undefined, 'each snippet must be a mapping with prefix, name, description and body');
    return undefined;
  }
  reportUnknownKeys(item, SNIPPET_KEYS, at);
  // Every field is checked even when another is missing, so one build lists all problems.
  const prefix = requiredString(item, 'prefix', at);
  const name = requiredString(item, 'name', at);
  const description = requiredString(item, 'description', at);
  const body = requiredString(item, 'body', at);
  const python = item.has('python') ? requiredString(item, 'python', at) : '3.8';
  const platformsText = item.has('platforms') ? requiredString(item, 'platforms', at) : 'any';
  if (platformsText !== undefined && platformsText !== 'any' && platformsText !== 'unix') {
    at(item.get('platforms', true)?.range?.[0], `platforms must be "any" or "unix", not "${platformsText}"`);
  }
  const platforms = platformsText === 'unix' ? 'unix' : 'any';

  const lead = `${PREFIX_LEAD}${family.id}-`;
  if (prefix !== undefined && (!prefix.startsWith(lead) || !PREFIX_TAIL.test(prefix.slice(lead.length)))) {
    at(item.get('prefix', true)?.range?.[0], `prefix "${prefix}" must be "${lead}" followed by lower-case words joined by "-"`);
  }
  if (name?.includes(KEY_SEPARATOR)) {
    at(item.get('name', true)?.range?.[0], `name must not contain "${KEY_SEPARATOR}" (it separates the family title in the compiled file)`);
  }
  if (body !== undefined) {
    const bodyNode = item.get('body', true) as Scalar;
    const bodyProblems = validateSnippetBody(body);
    const tab = body.indexOf('\t');
    if (tab >= 0) {
      const before = body.slice(0, tab);
      const line = before.split('\n').length - 1;
      bodyProblems.unshift({
        message: 'body contains a tab character; indent with spaces',
        line,
        column: tab - before.lastIndexOf('\n') - 1,
      });
    }
    for (const problem of bodyProblems) {
      const pos = bodyPosition(bodyNode, file.text, lineCounter, problem.line, problem.column);
      const label = prefix ?? 'snippet';
      problems.push({ file: file.path, line: pos.line, column: pos.column, message: `${label}: ${problem.message}` });
    }
  }
  if (prefix === undefined || name === undefined || description === undefined || body === undefined) return undefined;
  const start = lineCounter.linePos(item.range?.[0] ?? 0);
  return { prefix, name, description, body, python: python ?? '3.8', platforms, file: file.path, line: start.line, column: start.col };
}

/** Maps a position inside a body to the YAML file: exact for block scalars, the body's start otherwise. */
function bodyPosition(
  node: Scalar,
  text: string,
  lineCounter: LineCounter,
  bodyLine: number | undefined,
  bodyColumn: number | undefined,
): { line: number; column: number } {
  const start = lineCounter.linePos(node.range?.[0] ?? 0);
  const isBlock = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (!isBlock || bodyLine === undefined) return { line: start.line, column: start.col };
  // A block scalar's content starts on the line after its indicator, indented uniformly.
  const firstContentLine = start.line + 1;
  const lineText = text.split('\n')[firstContentLine - 1] ?? '';
  const indent = lineText.length - lineText.trimStart().length;
  return { line: firstContentLine + bodyLine, column: indent + (bodyColumn ?? 0) + 1 };
}

function requiredString(map: YAMLMap, key: string, at: Reporter): string | undefined {
  const node = map.get(key, true);
  if (node === undefined) {
    at(map.range?.[0], `missing "${key}"`);
    return undefined;
  }
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    at((node as Node).range?.[0], `"${key}" must be a non-empty string`);
    return undefined;
  }
  return node.value;
}

function reportUnknownKeys(map: YAMLMap, allowed: ReadonlySet<string>, at: Reporter): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!allowed.has(key)) {
      const range = isScalar(pair.key) ? pair.key.range : undefined;
      at(range?.[0], `unknown key "${key}" (expected ${[...allowed].join(', ')})`);
    }
  }
}

/** Remembers the first value under `key`, and returns it when a later one comes. */
function firstSeen<V>(seen: Map<string, V>, key: string, value: V): V | undefined {
  const first = seen.get(key);
  if (first === undefined) seen.set(key, value);
  return first;
}

function crossFamilyProblems(families: readonly SnippetFamily[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const firstFamily = new Map<string, SnippetFamily>();
  const firstTitle = new Map<string, SnippetFamily>();
  const firstPrefix = new Map<string, SnippetSource>();
  for (const family of families) {
    const atFamily = (message: string): number => problems.push({ file: family.file, line: 1, column: 1, message });
    const sameId = firstSeen(firstFamily, family.id, family);
    if (sameId) atFamily(`family "${family.id}" is also defined in ${sameId.file}`);
    const sameTitle = firstSeen(firstTitle, family.title, family);
    if (sameTitle) atFamily(`title "${family.title}" is also used in ${sameTitle.file}`);

    const names = new Map<string, SnippetSource>();
    for (const snippet of family.snippets) {
      const atSnippet = (message: string): number =>
        problems.push({ file: snippet.file, line: snippet.line, column: snippet.column, message });
      const samePrefix = firstSeen(firstPrefix, snippet.prefix, snippet);
      if (samePrefix) atSnippet(`duplicate prefix "${snippet.prefix}" (first defined at ${samePrefix.file}:${samePrefix.line})`);
      const sameName = firstSeen(names, snippet.name, snippet);
      if (sameName) atSnippet(`duplicate name "${snippet.name}" in family "${family.id}" (first at line ${sameName.line})`);
    }
  }
  return problems;
}
