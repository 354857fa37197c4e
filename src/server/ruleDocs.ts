import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The rule pages shipped in docs/rules/, linked from diagnostics. */
export class RuleDocs {
  constructor(private readonly extensionPath: string) {}

  /** Link target of a diagnostic's code: the rule's page in the installed extension. */
  href(code: string): string {
    return pathToFileURL(join(this.extensionPath, 'docs', 'rules', `${code}.md`)).href;
  }
}
