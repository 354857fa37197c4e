import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The rule pages shipped in docs/rules/, linked from diagnostics. */
export class RuleDocs {
  /**
   * @param linkPages whether diagnostics link to the pages on disk: in VS Code they open in the
   * editor; other clients (`pyops server`) get no file:// links, which only work on this machine.
   */
  constructor(
    private readonly extensionPath: string,
    private readonly linkPages = true,
  ) {}

  /** Link target of a diagnostic's code: the rule's page in the installed extension, or none. */
  href(code: string): string | undefined {
    return this.linkPages ? pathToFileURL(join(this.extensionPath, 'docs', 'rules', `${code}.md`)).href : undefined;
  }
}
