import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The rule pages shipped in docs/rules/, linked from diagnostics. */
export class RuleDocs {
  /** Links by code: every diagnostic carries one, and building a file URL is not free. */
  private readonly links = new Map<string, string>();

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
    if (!this.linkPages) return undefined;
    let link = this.links.get(code);
    if (link === undefined) this.links.set(code, (link = pathToFileURL(join(this.extensionPath, 'docs', 'rules', `${code}.md`)).href));
    return link;
  }
}
