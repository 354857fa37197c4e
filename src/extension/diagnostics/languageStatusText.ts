// The words of the language status item for one document (no vscode import: unit-tested).
import type { DocumentStatus } from '../../core/lspProtocol';

/** "PyOps: 17 of 18 rules", "configured by configured/.pyops.yaml" (or "… by settings"). */
export function describeDocumentStatus(status: DocumentStatus, configLabel: (path: string) => string): { text: string; detail: string } {
  if (!status.diagnosticsEnabled) return { text: 'PyOps: off', detail: 'pyops.diagnostics.enable is off for this file' };
  if (status.excluded)
    return { text: 'PyOps: excluded', detail: `excluded by ${status.configFile ? configLabel(status.configFile) : 'the configuration'}` };
  const rules =
    status.enabledRules === status.totalRules ? `${status.totalRules} rules` : `${status.enabledRules} of ${status.totalRules} rules`;
  return { text: `PyOps: ${rules}`, detail: `configured by ${status.configFile ? configLabel(status.configFile) : 'settings'}` };
}
