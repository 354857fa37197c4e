// GitLab's Code Quality report (a JSON array; artifacts:reports:codequality), shown in merge
// requests. Fields as GitLab documents them and ruff fills them.
import { createHash } from 'node:crypto';
import type { Severity } from '../../core/diagnostics/types';
import { SourceColumns } from '../sourceColumns';
import { portablePath } from './paths';
import type { ReportInput } from './reportInput';

const SEVERITY: Record<Severity, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = {
  error: 'major',
  warning: 'minor',
  information: 'info',
  hint: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

export function gitlabReport(input: ReportInput): string {
  const issues: CodeQualityIssue[] = [];
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.lines);
    const path = portablePath(file.path, input.cwd);
    // The fingerprint identifies an issue across pipelines: file, rule, message and which occurrence
    // of them it is, not the line, so unrelated edits above it do not make it look new.
    const seen = new Map<string, number>();
    for (const finding of file.findings) {
      const key = `${path}\0${finding.code}\0${finding.message}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        description: `${finding.code} ${finding.message}`,
        check_name: finding.code,
        fingerprint: createHash('md5').update(`${key}\0${occurrence}`).digest('hex'),
        severity: SEVERITY[finding.severity],
        location: { path, lines: { begin: columns.toRowColumn(finding.range.start).row } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
