// Turns the loaded families into what ships: VS Code's snippet file (JSON) and the Markdown table
// of prefixes for the README.
import { snippetKey } from './naming';
import type { SnippetFamily } from './source';

/** One entry of a `.code-snippets` file, as VS Code reads it. */
export interface VsCodeSnippet {
  prefix: string;
  description: string;
  body: string[];
  scope: string;
}

export type VsCodeSnippetFile = Record<string, VsCodeSnippet>;

/** A block scalar body ends with one newline; VS Code's body lines carry none. */
export function bodyLines(body: string): string[] {
  return body.replace(/\n$/, '').split('\n');
}

export function compileSnippets(families: readonly SnippetFamily[]): VsCodeSnippetFile {
  const file: VsCodeSnippetFile = {};
  for (const family of families) {
    for (const snippet of family.snippets) {
      file[snippetKey(family.title, snippet.name)] = {
        prefix: snippet.prefix,
        description: snippet.description.trim(),
        body: bodyLines(snippet.body),
        scope: 'python',
      };
    }
  }
  return file;
}

export const TABLE_START = '<!-- snippets:start -->';
export const TABLE_END = '<!-- snippets:end -->';

/** Markdown listing every snippet by family: prefix and description. */
export function renderSnippetTable(families: readonly SnippetFamily[]): string {
  // Descriptions are plain text (VS Code shows them as such): escape what Markdown would format.
  const cell = (text: string): string =>
    text
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
  const count = families.reduce((sum, family) => sum + family.snippets.length, 0);
  const lines = [
    `<!-- Generated from snippets/*.yaml by \`node scripts/build-snippets.mjs --readme\`; edit the YAML, not this table. -->`,
    `${count} snippets in ${families.length} ${families.length === 1 ? 'family' : 'families'}.`,
    '',
    '| Prefix | Python | Platforms | Description |',
    '| --- | --- | --- | --- |',
  ];
  const platforms = { any: 'Linux, macOS, Windows', unix: 'Linux, macOS' };
  for (const family of families) {
    lines.push(`| **${cell(family.title)}** | | | |`);
    for (const snippet of family.snippets) {
      lines.push(`| \`${snippet.prefix}\` | ${cell(snippet.python)}+ | ${platforms[snippet.platforms]} | ${cell(snippet.description)} |`);
    }
  }
  return lines.join('\n');
}

/** Replaces what lies between the table markers; undefined when the text lacks them. */
export function replaceSnippetTable(text: string, table: string): string | undefined {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + TABLE_START.length)}\n${table}\n${text.slice(end)}`;
}
