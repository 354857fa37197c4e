import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Finding } from '../core/diagnostics';
import type { RuleDocs } from './ruleDocs';

function contains(finding: Finding, position: Position): boolean {
  const { start, end } = finding.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

/** The rule page of each finding under the cursor, so the "why" is one hover away. */
export function hoverFor(findings: Finding[], position: Position, docs: RuleDocs): Hover | null {
  const here = findings.filter((f) => contains(f, position));
  if (here.length === 0) return null;
  const codes = [...new Set(here.map((f) => f.code))];
  const sections = codes.map((code) => {
    const page = docs.page(code);
    const link = `[Open the ${code} page](${docs.href(code)})`;
    return page ? `${page.trim()}\n\n${link}` : `**${code}**: ${here.find((f) => f.code === code)!.message}\n\n${link}`;
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0]!.range };
}
