// Registers every profiling feature. Activation does no work here: no interpreter lookup, no
// file read; the controller builds what it needs on first use.

import * as vscode from 'vscode';
import { PYTHON_DOCUMENTS } from '../pythonDocuments';
import { ProfilingController } from './controller';
import { REVEAL_COMMAND } from './hints';
import { disposeProfileOutput } from './output';
import { PROFILE_EDITOR_VIEW_TYPE, ProfileEditorProvider } from './profileEditor';
import { registerProfileTargets } from './targets/index';
import { editTimeSelectionSetup, timeSelection } from './timeSelection';
import { TimeSetupStore } from './timeSetup';
import { viewerRenderReports } from './viewerHost';

/** Not in the palette: lets tests and the benchmark see that (and how fast) a viewer rendered. */
export const RENDER_REPORTS_COMMAND = 'pyops.internal.profileViewerRenders';

export function registerProfiling(context: vscode.ExtensionContext): void {
  const controller = new ProfilingController(context);
  const command = (id: string, run: (...args: unknown[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, run);
  const timeSetups = new TimeSetupStore(context.storageUri ?? context.globalStorageUri);

  context.subscriptions.push(
    controller,
    { dispose: disposeProfileOutput },
    command('pyops.profileFile', (uri) => controller.profileFile(uri, { memory: false, askArgs: false })),
    command('pyops.profileFileWithArgs', (uri) => controller.profileFile(uri, { memory: false, askArgs: true })),
    command('pyops.profileFileWithMemory', (uri) => controller.profileFile(uri, { memory: true, askArgs: false })),
    command('pyops.profileFileSamplingOnly', (uri) => controller.profileFile(uri, { memory: false, askArgs: false, samplingOnly: true })),
    command('pyops.rerunProfile', () => controller.rerun()),
    command('pyops.openProfile', () => controller.openProfile()),
    command('pyops.compareWithPrevious', () => controller.compareWithPrevious()),
    command('pyops.clearProfileHints', () => controller.clearHints()),
    command('pyops.timeSelection', async () => {
      // Timing runs the selected code: same trust rule and message as profiling.
      return (await controller.ensureTrusted()) ? timeSelection(() => controller.helperDir(), timeSetups) : undefined;
    }),
    command('pyops.editTimeSelectionSetup', (uri) => editTimeSelectionSetup(timeSetups, uri instanceof vscode.Uri ? uri : undefined)),
    command(REVEAL_COMMAND, (runId, functionId) => controller.revealInProfile(runId, functionId)),
    command(RENDER_REPORTS_COMMAND, () => viewerRenderReports()),
    vscode.languages.registerCodeLensProvider(PYTHON_DOCUMENTS, controller.hints()),
    vscode.window.registerCustomEditorProvider(
      PROFILE_EDITOR_VIEW_TYPE,
      new ProfileEditorProvider(context.extensionUri, () => controller.helperDir()),
      { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } },
    ),
  );
  registerProfileTargets(context, controller);
}
