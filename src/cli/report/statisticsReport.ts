// `--statistics`: how often each rule fired, most frequent first, as ruff prints it.
import type { OutputFormat } from '../checkArgs';
import type { ReportInput } from './reportInput';

export interface RuleCount {
  code: string;
  name: string;
  count: number;
  /** How many of them a fix applied by --fix (with --unsafe-fixes, unsafe ones too) would handle. */
  fixable: boolean;
}

export function ruleCounts(input: ReportInput): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const file of input.run.checked) {
    for (const finding of file.findings) {
      let entry = counts.get(finding.code);
      if (!entry) counts.set(finding.code, (entry = { code: finding.code, name: finding.name, count: 0, fixable: false }));
      entry.count++;
      if (finding.fix && (finding.fix.safe || input.unsafeFixes)) entry.fixable = true;
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function statisticsReport(input: ReportInput, format: OutputFormat): string {
  const counts = ruleCounts(input);
  if (format === 'json') return JSON.stringify(counts, null, 2) + '\n';
  if (counts.length === 0) return input.quiet ? '' : 'All checks passed!\n';
  const width = String(counts[0].count).length;
  const codeWidth = Math.max(...counts.map((c) => c.code.length));
  const paint = input.palette;
  return counts
    .map((c) => {
      const mark = c.fixable ? (paint ? paint.fixable('[*]') : '[*]') : '[ ]';
      const code = paint ? paint.code(c.code.padEnd(codeWidth)) : c.code.padEnd(codeWidth);
      return `${String(c.count).padStart(width)}\t${code}\t${mark} ${c.name}\n`;
    })
    .join('');
}
