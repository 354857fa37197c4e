import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The rule pages shipped in docs/rules/, read lazily for hovers and linked from diagnostics. */
export class RuleDocs {
  private readonly pages = new Map<string, string | undefined>();

  constructor(private readonly extensionPath: string) {}

  /** Link target of a diagnostic's code: the rule's page in the installed extension. */
  href(code: string): string {
    return pathToFileURL(join(this.extensionPath, 'docs', 'rules', `${code}.md`)).href;
  }

  /** The page's markdown, or undefined if it cannot be read. */
  page(code: string): string | undefined {
    if (!this.pages.has(code)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(this.extensionPath, 'docs', 'rules', `${code}.md`), 'utf8');
      } catch {
        text = undefined;
      }
      this.pages.set(code, text);
    }
    return this.pages.get(code);
  }
}
