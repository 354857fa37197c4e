// Test helpers: the repository's snippet library, loaded from its YAML source, and every text a
// snippet can expand to (all defaults, then each option of each choice with the rest default).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  collectChoices,
  expandSnippet,
  loadSnippetSources,
  parseSnippet,
  type LoadedSnippets,
  type SnippetSource,
} from '../../../../src/core/snippets';
import { repoRoot } from '../../../helpers/repoRoot';

export function loadLibrary(): LoadedSnippets {
  const dir = join(repoRoot, 'snippets');
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: `snippets/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
  return loadSnippetSources(files);
}

/** Values for the variables our bodies may use, as VS Code would fill them for a file deploy_backup.py. */
export const SAMPLE_VARIABLES: Readonly<Record<string, string>> = {
  TM_FILENAME: 'deploy_backup.py',
  TM_FILENAME_BASE: 'deploy_backup',
};

export interface Expansion {
  /** e.g. "ops-sub-run (defaults)" or "ops-sub-run ($2 = debug)". */
  label: string;
  code: string;
}

export function expansionsOf(snippet: SnippetSource): Expansion[] {
  const nodes = parseSnippet(snippet.body);
  const variables = SAMPLE_VARIABLES;
  const result: Expansion[] = [{ label: `${snippet.prefix} (defaults)`, code: expandSnippet(nodes, { variables }) }];
  for (const choice of collectChoices(nodes)) {
    for (const option of choice.options.slice(1)) {
      result.push({
        label: `${snippet.prefix} ($${choice.index} = ${option})`,
        code: expandSnippet(nodes, { variables, choices: new Map([[choice.index, option]]) }),
      });
    }
  }
  return result;
}
