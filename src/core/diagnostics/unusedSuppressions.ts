// The opt-in report of `# pyops: ignore[...]` and `# pyops: ignore-file[...]` comments that no
// longer silence anything (like ruff's RUF100), each with a safe fix that removes what is unused.
import type { LineIndex } from '../python/lineIndex';
import { IGNORE_FILE, suppressionNames, type CommentAt } from './suppressionComments';
import type { Finding, RuleMeta, TextEdit } from './types';

export const UNUSED_SUPPRESSION_RULE: RuleMeta = {
  code: 'OPS002',
  name: 'unused-suppression',
  category: 'robustness',
  summary: 'A # pyops: ignore or ignore-file comment that silences nothing: the finding it was for is gone, so it would hide the next one.',
  defaultSeverity: 'warning',
  equivalents: ['ruff:RUF100'],
  fixable: 'safe',
};

/** `# pyops: ignore` or `# pyops: ignore[...]` anywhere in a comment (not `ignore-file`). */
const IGNORE_LINE = /#\s*pyops\s*:\s*ignore(?![\w-])(?:\[([^\]]*)\])?/i;

/** Which rules each suppression silenced during one analysis. */
export class SuppressionUsage {
  readonly byLine = new Map<number, Set<string>>();
  readonly file = new Set<string>();

  line(line: number, code: string): void {
    let codes = this.byLine.get(line);
    if (!codes) this.byLine.set(line, (codes = new Set()));
    codes.add(code);
  }
}

interface Directive {
  comment: CommentAt;
  /** Offsets of the directive (`# pyops: ignore[...]`) in the text. */
  s: number;
  e: number;
  /** Undefined for the bare form, which silences every rule. */
  names: string[] | undefined;
  fileLevel: boolean;
}

function directives(comments: readonly CommentAt[]): Directive[] {
  const out: Directive[] = [];
  for (const comment of comments) {
    const fileMatch = comment.ownLine ? IGNORE_FILE.exec(comment.text) : null;
    const match = fileMatch ?? IGNORE_LINE.exec(comment.text);
    if (!match) continue;
    const s = comment.start + match.index;
    out.push({
      comment,
      s,
      e: s + match[0].length,
      names: match[1] === undefined ? undefined : suppressionNames(match[1]),
      fileLevel: fileMatch !== null,
    });
  }
  return out;
}

/** The rules a name in a suppression list stands for: a code, a rule name, or an equivalent code (E722). */
function rulesNamed(name: string, rules: readonly RuleMeta[]): RuleMeta[] {
  const exact = rules.filter((r) => r.code === name || r.name === name);
  if (exact.length > 0) return exact;
  return rules.filter((r) => r.equivalents.some((e) => !e.startsWith('bandit:') && e.slice(e.indexOf(':') + 1).toUpperCase() === name));
}

/**
 * Findings for unused suppressions. `allRules` resolves names; a name whose rules are all off for
 * this file (select, ignore, per-path ignores) is left alone, since the comment may matter where
 * they run.
 */
export function unusedSuppressions(
  text: string,
  lines: LineIndex,
  comments: readonly CommentAt[],
  usage: SuppressionUsage,
  allRules: readonly RuleMeta[],
  activeCodes: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const directive of directives(comments)) {
    const used = directive.fileLevel ? usage.file : (usage.byLine.get(directive.comment.line) ?? new Set<string>());
    const where = directive.fileLevel ? 'in this file' : 'on this line';
    let unused: string[];
    let message: string;
    if (directive.names === undefined) {
      if (used.size > 0) continue;
      unused = [];
      message = `Unused suppression: \`${text.slice(directive.s, directive.e)}\` silences nothing ${where}.`;
    } else {
      const unknown: string[] = [];
      unused = [];
      for (const name of directive.names) {
        const rules = rulesNamed(name, allRules);
        if (rules.length === 0) unknown.push(name);
        else if (rules.some((r) => activeCodes.has(r.code)) && !rules.some((r) => used.has(r.code))) unused.push(name);
      }
      if (unknown.length + unused.length === 0) continue;
      const parts: string[] = [];
      if (unused.length > 0) parts.push(`${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} not reported ${where}`);
      if (unknown.length > 0) parts.push(`no PyOps rule is named ${unknown.join(', ')}`);
      message = `Unused suppression: ${parts.join('; ')}.`;
      unused.push(...unknown);
    }
    const edit = removal(text, lines, directive, unused);
    findings.push({
      code: UNUSED_SUPPRESSION_RULE.code,
      name: UNUSED_SUPPRESSION_RULE.name,
      message,
      range: { start: lines.positionAt(directive.s), end: lines.positionAt(directive.e) },
      severity: UNUSED_SUPPRESSION_RULE.defaultSeverity,
      fix: { title: 'Remove the unused suppression', safe: true, edits: [edit] },
    });
  }
  return findings;
}

/** The edit that drops the unused names, or the whole directive when nothing in it is used. */
function removal(text: string, lines: LineIndex, directive: Directive, unused: readonly string[]): TextEdit {
  const at = (offset: number) => lines.positionAt(offset);
  const kept = directive.names?.filter((name) => !unused.includes(name)) ?? [];
  if (kept.length > 0) {
    const open = text.indexOf('[', directive.s);
    return { range: { start: at(open + 1), end: at(directive.e - 1) }, newText: kept.join(', ') };
  }
  const { comment } = directive;
  const lineStart = text.lastIndexOf('\n', comment.start - 1) + 1;
  const rest = text.slice(directive.e, comment.end);
  if (directive.s === comment.start && rest.trim() === '') {
    // The comment is only this directive: remove it, and its line when the line holds nothing else.
    if (comment.ownLine) {
      const next = text.indexOf('\n', comment.end);
      return { range: { start: at(lineStart), end: at(next === -1 ? comment.end : next + 1) }, newText: '' };
    }
    let start = comment.start;
    while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    return { range: { start: at(start), end: at(comment.end) }, newText: '' };
  }
  // Other text shares the comment (`# pyops: ignore  # why`, `# noqa: E501  # pyops: ignore`): remove the directive and the spaces after it.
  let end = directive.e;
  while (end < comment.end && (text[end] === ' ' || text[end] === '\t')) end++;
  let start = directive.s;
  if (end === comment.end) while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  // What stays must still be a comment: `# pyops: ignore because flaky` keeps `# because flaky`.
  const keepsHash = directive.s !== comment.start || text[end] === '#';
  return { range: { start: at(start), end: at(end) }, newText: keepsHash ? '' : '# ' };
}
