// "Profile with PyOps" above each Python launch configuration in a launch.json editor: one click
// profiles it. The file is parsed with jsonc-parser (comments and trailing commas, as VS Code
// allows them); only the document's own text is read, so a lens costs one parse of a small file.

// The ESM build: the UMD one (package main) loads its parts with require() calls esbuild cannot follow.
import { getNodeValue, parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';
import * as vscode from 'vscode';
import { isProfilableLaunch } from './launchConfig';

export const PROFILE_LAUNCH_COMMAND = 'pyops.profileLaunchConfiguration';

/** launch.json files of workspace folders. */
export const LAUNCH_JSON_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/.vscode/launch.json' }];

function property(node: Node, key: string): Node | undefined {
  if (node.type !== 'object') return undefined;
  for (const child of node.children ?? []) {
    if (child.type === 'property' && child.children?.[0]?.value === key) return child.children[1];
  }
  return undefined;
}

/** Offsets and names of the profilable configurations in launch.json text. */
export function profilableConfigurationsIn(text: string): Array<{ offset: number; name: string }> {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const list = root ? property(root, 'configurations') : undefined;
  if (!list || list.type !== 'array') return [];
  const found: Array<{ offset: number; name: string }> = [];
  for (const item of list.children ?? []) {
    const value: unknown = getNodeValue(item);
    if (isProfilableLaunch(value)) found.push({ offset: item.offset, name: String(value.name) });
  }
  return found;
}

export class LaunchJsonLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    return profilableConfigurationsIn(document.getText()).map(({ offset, name }) => {
      const position = document.positionAt(offset);
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: '$(flame) Profile with PyOps',
        tooltip: `Run "${name}" under the PyOps profiler (cProfile), with its program or module, args, cwd, env and interpreter`,
        command: PROFILE_LAUNCH_COMMAND,
        arguments: [{ name, ...(folder ? { folder: folder.uri.toString() } : {}) }],
      });
    });
  }
}
