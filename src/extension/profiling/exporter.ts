// Saving a profile elsewhere: speedscope JSON and collapsed stacks (the core's exporters, built
// from the full call tree), or a copy of the run's .prof file.

import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import { buildCallTree } from '../../core/profile/callTree';
import { toCollapsedStacks, toSpeedscope } from '../../core/profile/exports';
import type { Profile } from '../../core/profile/model';
import type { ExportFormat } from '../../shared/viewerProtocol';

interface FormatInfo {
  suffix: string;
  label: string;
  filters: Record<string, string[]>;
}

const formats: Record<ExportFormat, FormatInfo> = {
  speedscope: { suffix: '.speedscope.json', label: 'speedscope JSON', filters: { 'speedscope JSON': ['json'] } },
  collapsed: { suffix: '.collapsed.txt', label: 'collapsed stacks', filters: { 'Collapsed stacks': ['txt', 'folded', 'collapsed'] } },
  prof: { suffix: '.prof', label: 'pstats file', filters: { 'pstats profile': ['prof', 'pstats', 'pstat'] } },
};

function defaultTarget(profile: Profile, format: ExportFormat): vscode.Uri {
  const source = profile.run.script ?? profile.run.profFile ?? 'profile';
  const stem = basename(source, extname(source)) || 'profile';
  const folder =
    (profile.run.script && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(profile.run.script))?.uri.fsPath) ??
    vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ??
    (profile.run.script ? dirname(profile.run.script) : undefined);
  const name = stem + formats[format].suffix;
  return vscode.Uri.file(folder ? join(folder, name) : name);
}

/** The exported bytes, or undefined for `prof` when the run kept no .prof file. */
export async function exportBytes(profile: Profile, format: ExportFormat): Promise<Uint8Array | undefined> {
  if (format === 'prof') {
    if (!profile.run.profFile) return undefined;
    return vscode.workspace.fs.readFile(vscode.Uri.file(profile.run.profFile));
  }
  const tree = buildCallTree(profile);
  const text = format === 'speedscope' ? JSON.stringify(toSpeedscope(profile, tree)) : toCollapsedStacks(profile, tree);
  return new TextEncoder().encode(text);
}

/** Asks where to save, writes, and offers to reveal the file. Returns the written URI. */
export async function exportProfile(profile: Profile, format: ExportFormat): Promise<vscode.Uri | undefined> {
  const info = formats[format];
  const target = await vscode.window.showSaveDialog({
    title: `Export profile as ${info.label}`,
    defaultUri: defaultTarget(profile, format),
    filters: info.filters,
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  const bytes = await exportBytes(profile, format);
  if (!bytes) {
    void vscode.window.showWarningMessage('This profile has no .prof file to save (it was not kept). Run the profile again to get one.');
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  const note = format === 'prof' ? '' : ' Frames whose time PyOps had to estimate (pstats keeps no stacks) are marked [apportioned].';
  void vscode.window.showInformationMessage(`Saved ${info.label} to ${target.fsPath}.${note}`);
  return target;
}
