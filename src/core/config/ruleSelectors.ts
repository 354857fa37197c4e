// Resolves what users write to name rules (a code, a code prefix, a kebab-case name, or ALL)
// into exact codes, so the engine only ever sees codes it knows.
import type { KnownRule } from './types';
import { didYouMean } from './suggest';

export const ALL_RULES_SELECTOR = 'ALL';

/** Exact codes the selector stands for, or undefined when it names no rule. */
export function expandSelector(raw: string, rules: readonly KnownRule[]): string[] | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const upper = text.toUpperCase();
  // ALL and prefixes leave out the rules that run whatever they say (OPS001): only their own name turns them off.
  const groupable = rules.filter((r) => !r.alwaysSelected);
  if (upper === ALL_RULES_SELECTOR) return groupable.map((r) => r.code);
  const exact = rules.find((r) => r.code.toUpperCase() === upper || r.name.toLowerCase() === text.toLowerCase());
  if (exact) return [exact.code];
  // Prefixes are letters then digits ("OPS", "OPS1"), never part of a name.
  if (!/^[A-Z]+[0-9]*$/.test(upper)) return undefined;
  const matching = groupable.filter((r) => r.code.toUpperCase().startsWith(upper)).map((r) => r.code);
  return matching.length > 0 ? matching : undefined;
}

/** Exactly one rule, by code or name (no prefixes): what a severity entry must name. */
export function findKnownRule(raw: string, rules: readonly KnownRule[]): KnownRule | undefined {
  const text = raw.trim();
  return rules.find((r) => r.code.toUpperCase() === text.toUpperCase() || r.name.toLowerCase() === text.toLowerCase());
}

export function unknownRuleMessage(raw: string, rules: readonly KnownRule[]): string {
  const candidates = [...rules.map((r) => r.code), ...rules.map((r) => r.name)];
  return `Unknown rule '${raw}'.${didYouMean(raw, candidates)}`;
}
