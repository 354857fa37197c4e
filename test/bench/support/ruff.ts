// The ruff peer: @astral-sh/ruff-wasm-nodejs with exactly the rule codes PyOps lists as its ruff
// equivalents (RuleMeta.equivalents "ruff:CODE"). Preview is on because some of those rules are
// preview-only in ruff (PLW1514); in preview mode the wasm build reports rule NAMES instead of
// codes, so names are mapped back to codes by asking single-rule workspaces.
import { PositionEncoding, Workspace, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import type { RuleMeta } from '../../../src/core/diagnostics';

export type { Diagnostic };

/** What ruff reports instead of lint findings when a file does not parse (older builds: code null). */
export function isSyntaxError(diagnostic: Diagnostic): boolean {
  return diagnostic.code === null || diagnostic.code === 'invalid-syntax';
}

export function ruffVersion(): string {
  return Workspace.version();
}

/** ruff code -> the PyOps rule codes naming it, in RULES order. */
export function ruffEquivalents(rules: readonly RuleMeta[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const rule of rules) {
    for (const equivalent of rule.equivalents) {
      if (!equivalent.startsWith('ruff:')) continue;
      const code = equivalent.slice('ruff:'.length);
      map.set(code, [...(map.get(code) ?? []), rule.code]);
    }
  }
  return map;
}

function workspace(codes: readonly string[]): Workspace {
  return new Workspace({ lint: { select: [...codes], preview: true } }, PositionEncoding.Utf16);
}

export interface RuffSetup {
  workspace: Workspace;
  /** Codes this ruff version knows (unknown ones would make the whole selection fail). */
  codes: string[];
  unknown: string[];
}

export function ruffWorkspace(codes: readonly string[]): RuffSetup {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const code of codes) {
    try {
      workspace([code]).free();
      known.push(code);
    } catch {
      unknown.push(code);
    }
  }
  return { workspace: workspace(known), codes: known, unknown };
}

/**
 * Maps the identifiers ruff reported (names in preview mode, codes otherwise) to codes: for each
 * identifier, one source where it was reported is checked again with one rule selected at a time.
 */
export function resolveRuleIds(reported: Map<string, string>, codes: readonly string[]): Map<string, string> {
  const resolved = new Map<string, string>();
  const single = new Map<string, Workspace>();
  try {
    for (const [id, sampleText] of reported) {
      if (codes.includes(id)) {
        resolved.set(id, id);
        continue;
      }
      for (const code of codes) {
        let ws = single.get(code);
        if (!ws) single.set(code, (ws = workspace([code])));
        const found = (ws.check(sampleText) as Diagnostic[]).some((d) => d.code === id);
        if (found) {
          resolved.set(id, code);
          break;
        }
      }
    }
  } finally {
    for (const ws of single.values()) ws.free();
  }
  return resolved;
}
