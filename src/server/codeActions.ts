import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { applyFixes, suppressionEdit, UNUSED_SUPPRESSION_RULE, type Finding, type Fix, type Range } from '../core/diagnostics';
import { SELECT_RANGE_COMMAND } from '../core/lspProtocol';
import { DIAGNOSTIC_SOURCE, sameFinding } from './convert';
import type { OpenDocument } from './documents';
import { minimalEdit } from './textEdits';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pyops`;

/** The code action kinds the server offers, as advertised in its capabilities. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND];

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(requested + '.'));
}

/** "Fix all": every safe fix, as one minimal edit. Unsafe fixes are never applied in bulk. */
export function fixAllAction(doc: OpenDocument, findings: Finding[], kind: string): CodeAction | undefined {
  const { text, applied } = applyFixes(doc.text, findings, { safeOnly: true });
  if (applied === 0) return undefined;
  const edit = minimalEdit(doc.python, text);
  if (!edit) return undefined;
  return {
    title: 'Fix all safe PyOps issues',
    kind,
    edit: { changes: { [doc.uri]: [edit] } },
  };
}

/**
 * Where a fix's placeholder lands once the fix is applied: inside its first edit, whose start
 * position does not move (the other edits of such fixes come later in the file).
 */
export function placeholderRange(fix: Fix): Range | undefined {
  const edit = fix.edits[0];
  if (fix.placeholder === undefined || !edit) return undefined;
  const offset = edit.newText.lastIndexOf(fix.placeholder);
  if (offset < 0) return undefined;
  const before = edit.newText.slice(0, offset).split('\n');
  const line = edit.range.start.line + before.length - 1;
  const character = (before.length === 1 ? edit.range.start.character : 0) + before[before.length - 1]!.length;
  return { start: { line, character }, end: { line, character: character + fix.placeholder.length } };
}

function quickFixesFor(doc: OpenDocument, diagnostic: Diagnostic, finding: Finding): CodeAction[] {
  const actions: CodeAction[] = [];
  if (finding.fix) {
    const selection = placeholderRange(finding.fix);
    actions.push({
      title: `${finding.fix.title} (${finding.code})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: finding.fix.safe,
      edit: { changes: { [doc.uri]: finding.fix.edits } },
      // Take the user to the guessed value (e.g. the timeout's seconds) so it gets adjusted.
      ...(selection
        ? { command: { title: 'Select the value to adjust', command: SELECT_RANGE_COMMAND, arguments: [doc.uri, selection] } }
        : {}),
    });
  }
  // An unused suppression is removed, not silenced by another suppression.
  if (finding.code !== UNUSED_SUPPRESSION_RULE.code) {
    actions.push({
      title: `Ignore ${finding.code} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [doc.uri]: [suppressionEdit(doc.text, finding.range.start.line, finding.code)] } },
    });
  }
  actions.push({
    title: `Show documentation for ${finding.code}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${finding.code}`, command: 'pyops.showRuleDocumentation', arguments: [finding.code] },
  });
  return actions;
}

export function codeActions(doc: OpenDocument, findings: Finding[], params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findings.find((f) => sameFinding(diagnostic, f));
      if (finding) actions.push(...quickFixesFor(doc, diagnostic, finding));
    }
    // Offer fix-all from the light bulb too once there is more than one safe fix.
    if (actions.length > 0 && findings.filter((f) => f.fix?.safe).length > 1) {
      const all = fixAllAction(doc, findings, CodeActionKind.QuickFix);
      if (all) actions.push(all);
    }
  }
  if (only && (wants(only, FIX_ALL_KIND) || only.includes(CodeActionKind.SourceFixAll))) {
    const all = fixAllAction(doc, findings, FIX_ALL_KIND);
    if (all) actions.push(all);
  }
  return actions;
}
