// Human-readable output in ruff's concise style: `path:row:col: CODE [*] message`, then a summary.
import { SourceColumns } from '../sourceColumns';
import { displayPath } from './paths';
import { countFindings, countFixed, type ReportInput } from './reportInput';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : /(s|x|sh|ch)$/.test(word) ? 'es' : 's'}`;
}

export function textReport(input: ReportInput): string {
  const lines: string[] = [];
  const paint = input.palette ?? { bold: (t: string) => t, code: (t: string) => t, fixable: (t: string) => t, dim: (t: string) => t };
  let fixable = 0;
  let hiddenUnsafe = 0;
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.lines);
    const shown = paint.bold(displayPath(file.path, input.cwd));
    for (const finding of file.findings) {
      const { row, column } = columns.toRowColumn(finding.range.start);
      const applies = finding.fix !== undefined && (finding.fix.safe || input.unsafeFixes === true);
      if (applies) fixable++;
      else if (finding.fix) hiddenUnsafe++;
      const mark = applies ? ` ${paint.fixable('[*]')}` : '';
      lines.push(
        `${shown}${paint.dim(':')}${row}${paint.dim(':')}${column}${paint.dim(':')} ${paint.code(finding.code)}${mark} ${finding.message}`,
      );
    }
  }
  if (!input.quiet) {
    const remaining = countFindings(input.run);
    const fixed = countFixed(input.run);
    if (input.fix && fixed > 0) lines.push(`Found ${plural(fixed + remaining, 'problem')} (${fixed} fixed, ${remaining} remaining).`);
    else if (remaining > 0) lines.push(`Found ${plural(remaining, 'problem')}.`);
    else if (input.run.failed.length === 0) lines.push('All checks passed!');
    const unsafeFlag = input.unsafeFixes ? ' --unsafe-fixes' : '';
    // As ruff: mention the fixes --unsafe-fixes would add, since nothing else shows them.
    const hidden = hiddenUnsafe > 0 ? ` (${plural(hiddenUnsafe, 'hidden fix')} can be enabled with the \`--unsafe-fixes\` option)` : '';
    if (fixable > 0 && !input.fix)
      lines.push(`${paint.fixable('[*]')} ${fixable} fixable with the \`--fix${unsafeFlag}\` option${hidden ? hidden : ''}.`);
    else if (hidden && !input.fix) lines.push(`No fixes available${hidden}.`);
    const failed = input.run.failed.length;
    if (failed > 0) lines.push(`The check is incomplete: ${plural(failed, 'error')} (see above).`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
