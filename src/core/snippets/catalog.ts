// Reads the compiled snippet file back into families, for the "Insert DevOps Snippet" picker.
// The family is the word after the lead-in of the prefix; its title is the part of the entry's key
// before the separator (see snippetKey). A damaged file gives a clear error, not a half-empty list.
import { familyOfPrefix, KEY_SEPARATOR, PREFIX_LEAD } from './naming';

export interface CatalogSnippet {
  prefix: string;
  /** The snippet's own name, without the family title. */
  name: string;
  description: string;
  /** The body as one string in snippet syntax, ready for a SnippetString. */
  body: string;
}

export interface CatalogFamily {
  id: string;
  title: string;
  snippets: CatalogSnippet[];
}

export class SnippetCatalogError extends Error {
  override name = 'SnippetCatalogError';
}

/** Parses the JSON text of a `.code-snippets` file written by the build; families in file order. */
export function readSnippetCatalog(jsonText: string): CatalogFamily[] {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (err) {
    throw new SnippetCatalogError(`the snippet file is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SnippetCatalogError('the snippet file must hold an object of named snippets');
  }

  const families = new Map<string, CatalogFamily>();
  for (const [key, value] of Object.entries(data)) {
    const entry = asEntry(key, value);
    const familyId = familyOfPrefix(entry.prefix);
    const separator = key.indexOf(KEY_SEPARATOR);
    const title = separator > 0 ? key.slice(0, separator) : familyId;
    const name = separator > 0 ? key.slice(separator + KEY_SEPARATOR.length) : key;
    let family = families.get(familyId);
    if (!family) {
      family = { id: familyId, title, snippets: [] };
      families.set(familyId, family);
    }
    family.snippets.push({ prefix: entry.prefix, name, description: entry.description, body: entry.body });
  }
  return [...families.values()];
}

function asEntry(key: string, value: unknown): { prefix: string; description: string; body: string } {
  if (typeof value !== 'object' || value === null) throw new SnippetCatalogError(`snippet "${key}" is not an object`);
  const { prefix, description, body } = value as Record<string, unknown>;
  if (typeof prefix !== 'string' || !prefix.startsWith(PREFIX_LEAD)) {
    throw new SnippetCatalogError(`snippet "${key}" has no "${PREFIX_LEAD}…" prefix`);
  }
  const lines = typeof body === 'string' ? [body] : body;
  if (!Array.isArray(lines) || !lines.every((line): line is string => typeof line === 'string')) {
    throw new SnippetCatalogError(`snippet "${key}" has no body (a string or a list of lines)`);
  }
  return { prefix, description: typeof description === 'string' ? description : '', body: lines.join('\n') };
}

/** The snippet with this exact prefix, if any. */
export function findSnippet(families: readonly CatalogFamily[], prefix: string): CatalogSnippet | undefined {
  for (const family of families) {
    const found = family.snippets.find((snippet) => snippet.prefix === prefix);
    if (found) return found;
  }
  return undefined;
}
