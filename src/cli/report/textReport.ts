// Human-readable output in ruff's concise style: `path:row:col: CODE [*] message`, then a summary.
import { SourceColumns } from '../sourceColumns';
import { displayPath } from './paths';
import { countFindings, countFixed, type ReportInput } from './reportInput';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function textReport(input: ReportInput): string {
  const lines: string[] = [];
  let safeFixable = 0;
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.text);
    const shown = displayPath(file.path, input.cwd);
    for (const finding of file.findings) {
      const { row, column } = columns.toRowColumn(finding.range.start);
      const mark = finding.fix?.safe ? ' [*]' : '';
      if (finding.fix?.safe) safeFixable++;
      lines.push(`${shown}:${row}:${column}: ${finding.code}${mark} ${finding.message}`);
    }
  }
  if (!input.quiet) {
    const remaining = countFindings(input.run);
    const fixed = countFixed(input.run);
    if (input.fix && fixed > 0) lines.push(`Found ${plural(fixed + remaining, 'problem')} (${fixed} fixed, ${remaining} remaining).`);
    else if (remaining > 0) lines.push(`Found ${plural(remaining, 'problem')}.`);
    else if (input.run.failed.length === 0) lines.push('All checks passed!');
    if (safeFixable > 0 && !input.fix) lines.push(`[*] ${safeFixable} fixable with the \`--fix\` option.`);
    const failed = input.run.failed.length;
    if (failed > 0) lines.push(`The check is incomplete: ${plural(failed, 'error')} (see above).`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
