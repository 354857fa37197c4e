// The entry points that profile something other than the file in the editor: modules
// (python -m), launch configurations and tests. Registration only: nothing runs at activation.

import * as vscode from 'vscode';
import type { ProfilingController } from '../controller';
import { NOTICES_COMMAND, recentNotices } from '../notices';
import type { RunRecord } from '../runStore';
import { PROFILE_DEBUG_TYPE } from './launchConfig';
import { LAUNCH_JSON_SELECTOR, LaunchJsonLenses, PROFILE_LAUNCH_COMMAND } from './launchJsonLens';
import { LaunchTarget } from './launchTarget';
import { ModuleTarget } from './moduleTarget';
import { PROFILE_TEST_COMMAND, PROFILE_TEST_ITEM_COMMAND, TEST_FILE_SELECTOR, TestTarget } from './testTarget';

export function registerProfileTargets(context: vscode.ExtensionContext, controller: ProfilingController): void {
  const modules = new ModuleTarget(controller, context.workspaceState);
  const launches = new LaunchTarget(controller);
  const tests = new TestTarget(controller);

  controller.rerunTarget = async (record: RunRecord): Promise<void> => {
    const stored = record.target;
    if (stored?.kind === 'module') await modules.rerun(stored, record.args, record.memory);
    else if (stored?.kind === 'launch') await launches.rerun(stored);
    else if (stored?.kind === 'test') await tests.rerun(stored);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('pyops.profileModule', (uri: unknown) => modules.profileModule(uri)),
    vscode.commands.registerCommand(PROFILE_LAUNCH_COMMAND, (argument: unknown) => launches.profileLaunchConfiguration(argument)),
    vscode.commands.registerCommand(NOTICES_COMMAND, () => recentNotices()),
    vscode.debug.registerDebugConfigurationProvider(PROFILE_DEBUG_TYPE, launches),
    vscode.debug.registerDebugConfigurationProvider(
      PROFILE_DEBUG_TYPE,
      { provideDebugConfigurations: (folder) => launches.provideDynamicConfigurations(folder) },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.languages.registerCodeLensProvider(LAUNCH_JSON_SELECTOR, new LaunchJsonLenses()),
    tests,
    vscode.commands.registerCommand(PROFILE_TEST_COMMAND, (argument: unknown) => tests.profileTest(argument)),
    vscode.commands.registerCommand(PROFILE_TEST_ITEM_COMMAND, (item: unknown) => tests.profileTestItem(item)),
    vscode.languages.registerCodeLensProvider(TEST_FILE_SELECTOR, tests),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('pyops.profile.testCodeLens')) tests.refresh();
    }),
  );
}
