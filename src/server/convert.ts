import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/diagnostics';
import type { RuleDocs } from './ruleDocs';

export const DIAGNOSTIC_SOURCE = 'PyOps';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity];
}

export function toDiagnostic(finding: Finding, docs: RuleDocs): Diagnostic {
  const href = docs.href(finding.code);
  return {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    ...(href !== undefined ? { codeDescription: { href } } : {}),
    message: finding.message,
  };
}

/** Whether an LSP diagnostic (as the client echoes it back) is the one made from this finding. */
export function sameFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  const a = diagnostic.range;
  const b = finding.range;
  return (
    diagnostic.code === finding.code &&
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
