// A rule's documentation page. The CLI ships next to docs/rules/ (dist/cli.js -> ../docs/rules),
// the same pages the language server links to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function rulePagePath(code: string): string {
  return join(__dirname, '..', 'docs', 'rules', `${code}.md`);
}

export function ruleDocsUrl(code: string): string {
  return pathToFileURL(rulePagePath(code)).href;
}

/** The page's markdown, or undefined when it is not installed. */
export function ruleDocsMarkdown(code: string): string | undefined {
  try {
    return readFileSync(rulePagePath(code), 'utf8');
  } catch {
    return undefined;
  }
}
