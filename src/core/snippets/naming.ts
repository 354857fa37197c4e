// How snippets are named, shared by the source checks, the compiler and the picker's reader
// (kept free of the YAML parser so the extension bundle does not carry it).

/** Every prefix starts with this, then the family id and a dash: `ops-sub-run`. */
export const PREFIX_LEAD = 'ops-';

/** Separates the family title from the snippet's name in a compiled entry's key. */
export const KEY_SEPARATOR = ': ';

/** The compiled entry's key, e.g. "Subprocess: run a command"; VS Code shows it beside the prefix. */
export function snippetKey(familyTitle: string, snippetName: string): string {
  return `${familyTitle}${KEY_SEPARATOR}${snippetName}`;
}

/** The family id of a prefix: the word after the lead-in (`ops-sub-run` -> `sub`). */
export function familyOfPrefix(prefix: string): string {
  return prefix.startsWith(PREFIX_LEAD) ? (prefix.slice(PREFIX_LEAD.length).split('-')[0] ?? '') : '';
}
