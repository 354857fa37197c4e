// "PyOps: Profile Module…": runs `python -m MODULE ARGS` under the profiler in a workspace folder
// (the working directory, so sys.path[0]), with the user's interpreter and environment.

import * as vscode from 'vscode';
import { moduleNameFor } from '../../../core/targets/moduleName';
import { joinArgs } from '../argv';
import type { ProfilingController } from '../controller';
import type { RunTarget } from '../runTarget';
import { TargetError } from '../target';
import { moduleRequestArgument, parseModuleInput } from './moduleInput';
import { folderFor, storedFolder, targetScript } from './workspaceFolder';

const LAST_INPUT_KEY = 'pyops.profile.module:';

export class ModuleTarget {
  constructor(
    private readonly controller: ProfilingController,
    private readonly state: vscode.Memento,
  ) {}

  /**
   * The command: asks for the module and its arguments (remembered per folder), then profiles it.
   * A keybinding can pass `{ module, args }` instead; a menu passes the file or folder clicked.
   */
  profileModule(argument: unknown): Promise<void> {
    return this.controller.guarded(async () => {
      if (!(await this.controller.ensureTrusted())) return;
      const uri = argument instanceof vscode.Uri ? argument : undefined;
      const folder = await folderFor(uri, 'profile a module');
      if (!folder) return;
      const given = moduleRequestArgument(argument);
      if (given) {
        if ('error' in given) throw new TargetError(given.error);
        await this.run(folder, given.module, given.args, false);
        return;
      }
      const key = LAST_INPUT_KEY + folder.uri.toString();
      const from = uri ?? vscode.window.activeTextEditor?.document.uri;
      const guess = from?.scheme === 'file' ? moduleNameFor(from.fsPath, folder.uri.fsPath) : undefined;
      // The last input in this folder, unless the file at hand is another module.
      const remembered = this.state.get<string>(key);
      const value = guess === undefined || guess === remembered?.split(' ')[0] ? (remembered ?? guess ?? '') : guess;
      const text = await vscode.window.showInputBox({
        title: `Profile Module in ${folder.name}`,
        prompt: `python -m … (run in ${folder.uri.fsPath}, which is sys.path[0]): the module, then its arguments; quote arguments that contain spaces.`,
        placeHolder: 'e.g. tools.deploy --env staging',
        value,
        valueSelection: [0, value.split(' ')[0]!.length],
        ignoreFocusOut: true,
        validateInput: (input) => {
          const parsed = parseModuleInput(input);
          return 'error' in parsed ? parsed.error : undefined;
        },
      });
      if (text === undefined) return;
      const parsed = parseModuleInput(text);
      if ('error' in parsed) throw new TargetError(parsed.error);
      await this.state.update(
        key,
        [parsed.module, ...parsed.args].length > 1 ? `${parsed.module} ${joinArgs(parsed.args)}` : parsed.module,
      );
      await this.run(folder, parsed.module, parsed.args, false);
    });
  }

  /** Profiles `module` with `args` in `folder` (Rerun comes here too). */
  async run(folder: vscode.WorkspaceFolder, module: string, args: string[], memory: boolean): Promise<void> {
    const target: RunTarget = {
      resource: folder.uri,
      module,
      description: `python -m ${module}`,
      stored: { kind: 'module', module, folder: folder.uri.toString() },
    };
    const active = vscode.window.activeTextEditor?.document.uri;
    const filePath = active?.scheme === 'file' ? active.fsPath : folder.uri.fsPath;
    await this.controller.runPrepared(targetScript('module', module, folder, module, filePath), args, memory, target);
  }

  async rerun(stored: { module: string; folder: string | null }, args: string[], memory: boolean): Promise<void> {
    const folder = storedFolder(stored.folder);
    if (!folder) throw new TargetError(`The folder python -m ${stored.module} ran in is no longer open. Use "PyOps: Profile Module…".`);
    await this.run(folder, stored.module, args, memory);
  }
}
