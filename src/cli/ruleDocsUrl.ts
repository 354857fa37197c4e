// A rule's documentation: an https link built from the `docs-url` option (or the package's
// homepage, when it has one), never a file:// path into the machine that ran the check; and the
// page itself (docs/rules/, shipped beside dist/cli.js) for formats that carry it (SARIF).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import packageJson from '../../package.json';

/** The link of a rule's page under `base`: `{code}` and `{name}` are filled in, else `<base>/<CODE>.md`. */
export function ruleDocsUrl(code: string, name: string, base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  if (base.includes('{code}') || base.includes('{name}')) return base.replace(/\{code\}/g, code).replace(/\{name\}/g, name);
  return `${base.replace(/\/+$/, '')}/${code}.md`;
}

/** `docs/rules/` under the package's homepage, when package.json names one. */
export function defaultDocsBase(): string | undefined {
  const homepage = (packageJson as { homepage?: unknown }).homepage;
  if (typeof homepage !== 'string' || !/^https:\/\//.test(homepage)) return undefined;
  return new URL('docs/rules/', homepage.replace(/#.*$/, '').replace(/\/?$/, '/')).href;
}

/** The page's markdown, or undefined when it is not installed. */
export function ruleDocsMarkdown(code: string): string | undefined {
  try {
    return readFileSync(join(__dirname, '..', 'docs', 'rules', `${code}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
