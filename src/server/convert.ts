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

/**
 * Diagnostics made from findings: the engine reports a finding that did not change as the same
 * object again (see FindingWithLazyFix), so a file with thousands of findings converts only the new ones.
 */
const converted = new WeakMap<Finding, { docs: RuleDocs; diagnostic: Diagnostic }>();

export function toDiagnostic(finding: Finding, docs: RuleDocs): Diagnostic {
  const known = converted.get(finding);
  if (known?.docs === docs) return known.diagnostic;
  const diagnostic = makeDiagnostic(finding, docs);
  converted.set(finding, { docs, diagnostic });
  return diagnostic;
}

function makeDiagnostic(finding: Finding, docs: RuleDocs): Diagnostic {
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

/** Whether two finding lists make the same diagnostics (what toDiagnostic reads: code, severity, message, range). */
export function sameDiagnostics(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message) return false;
    const r = x.range;
    const q = y.range;
    if (
      r.start.line !== q.start.line ||
      r.start.character !== q.start.character ||
      r.end.line !== q.end.line ||
      r.end.character !== q.end.character
    )
      return false;
  }
  return true;
}
