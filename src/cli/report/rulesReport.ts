// `pyops rules`: the rule catalog as a table or JSON.
import type { RuleMeta } from '../../core/diagnostics/types';
import { ruleDocsUrl } from '../ruleDocsUrl';

export function rulesJson(rules: readonly RuleMeta[], docsUrl: string | undefined): string {
  const entries = rules.map((rule) => ({ ...rule, url: ruleDocsUrl(rule.code, rule.name, docsUrl) ?? null }));
  return JSON.stringify(entries, null, 2) + '\n';
}

export function rulesText(rules: readonly RuleMeta[]): string {
  const rows = rules.map((rule) => [
    rule.code,
    rule.name,
    rule.defaultSeverity,
    rule.fixable === 'safe' ? '[*]' : rule.fixable === 'unsafe' ? '[ ]' : '',
    rule.summary,
  ]);
  const header = ['CODE', 'NAME', 'SEVERITY', 'FIX', 'SUMMARY'];
  const table = [header, ...rows];
  // Pad every column but the last (free text) so the columns line up.
  const widths = header.map((_, col) => Math.max(...table.map((row) => row[col].length)));
  const format = (row: string[]): string =>
    row
      .map((cell, col) => (col < row.length - 1 ? cell.padEnd(widths[col]) : cell))
      .join('  ')
      .trimEnd();
  const lines = [format(header)];
  const indent = ' '.repeat(widths[0] + 2);
  rules.forEach((rule, i) => {
    lines.push(format(rows[i]));
    // Equivalents vary a lot in length; on their own line they do not push the summary off screen.
    if (rule.equivalents.length > 0) lines.push(`${indent}equivalents: ${rule.equivalents.join(', ')}`);
  });
  lines.push('', '[*] safe fix (applied by --fix)   [ ] fix offered in the editor only');
  return lines.join('\n') + '\n';
}
