import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { findRule, type Finding } from '../core/diagnostics';

/** The client command that opens a rule's page in the Markdown preview (see extension.ts). */
export const SHOW_RULE_COMMAND = 'pyops.showRuleDocumentation';

function contains(finding: Finding, position: Position): boolean {
  const { start, end } = finding.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

/** A command link: trusted by the client for this one command only. */
function ruleLink(code: string): string {
  return `[rule page](command:${SHOW_RULE_COMMAND}?${encodeURIComponent(JSON.stringify([code]))} "Open the ${code} page")`;
}

/**
 * One line per rule found under the cursor: its code, name, what to do, and a link to its full page.
 * (VS Code shows each finding's message above it; the page itself opens on demand.)
 */
export function hoverFor(findings: Finding[], position: Position): Hover | null {
  const here = findings.filter((f) => contains(f, position));
  if (here.length === 0) return null;
  const codes = [...new Set(here.map((f) => f.code))];
  const lines = codes.map((code) => {
    const rule = findRule(code);
    const what = rule ? `\`${rule.name}\`: ${rule.summary}` : here.find((f) => f.code === code)!.message;
    return `**${code}** ${what} ${ruleLink(code)}`;
  });
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: here[0]!.range };
}
