// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
import type { Severity } from '../../core/diagnostics/types';
import { SourceColumns } from '../sourceColumns';
import { portablePath } from './paths';
import type { ReportInput } from './reportInput';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Escaping required by the workflow command syntax: data escapes %, CR, LF; properties also : and ,. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReport(input: ReportInput): string {
  const lines: string[] = [];
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.lines);
    const path = escapeProperty(portablePath(file.path, input.cwd));
    for (const finding of file.findings) {
      const start = columns.toRowColumn(finding.range.start);
      const end = columns.toRowColumn(finding.range.end);
      const title = escapeProperty(`PyOps ${finding.code} (${finding.name})`);
      lines.push(
        `::${COMMAND[finding.severity]} file=${path},line=${start.row},col=${start.column},endLine=${end.row},endColumn=${end.column},title=${title}::${escapeData(`${finding.code} ${finding.message}`)}`,
      );
    }
  }
  for (const failure of input.run.failed) {
    lines.push(
      `::error file=${escapeProperty(portablePath(failure.path, input.cwd))},title=PyOps::${escapeData(`Not checked: ${failure.reason.split('\n')[0]}`)}`,
    );
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
