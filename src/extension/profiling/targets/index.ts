// The entry points that profile something other than the file in the editor: modules
// (python -m), launch configurations and tests. Registration only: nothing runs at activation.

import * as vscode from 'vscode';
import type { ProfilingController } from '../controller';
import type { RunRecord } from '../runStore';
import { ModuleTarget } from './moduleTarget';

export function registerProfileTargets(context: vscode.ExtensionContext, controller: ProfilingController): void {
  const modules = new ModuleTarget(controller, context.workspaceState);

  controller.rerunTarget = async (record: RunRecord): Promise<void> => {
    const stored = record.target;
    if (stored?.kind === 'module') await modules.rerun(stored, record.args, record.memory);
  };

  context.subscriptions.push(vscode.commands.registerCommand('pyops.profileModule', (uri: unknown) => modules.profileModule(uri)));
}
