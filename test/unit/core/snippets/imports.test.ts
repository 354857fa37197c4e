// Inserting a snippet into an existing script: imports join the file's import block without
// duplicates, the body goes at the cursor, and no snippet leaves a PyOps finding behind.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeText, createAnalyzer, DEFAULT_ENGINE_CONFIG } from '../../../../src/core/diagnostics';
import {
  expandSnippet,
  parseSnippet,
  planSnippetInsertion,
  splitSnippetImports,
  type SnippetInsertionPlan,
} from '../../../../src/core/snippets';
import { repoRoot } from '../../../helpers/repoRoot';
import { loadLibrary, SAMPLE_VARIABLES } from './library';

/** A script of the kind PyOps recommends; the cursor goes on the empty line between the functions. */
export const TYPICAL_SCRIPT = `#!/usr/bin/env python3
"""Nightly backup of the application database."""

import logging
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


def dump_database(target: Path) -> None:
    subprocess.run(["pg_dump", "--file", str(target), "app"], check=True, timeout=600)


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    dump_database(Path("/var/backups/app.sql"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
const CURSOR_LINE = 14;

/** Applies a plan the way the editor does: import lines first, then the body at the cursor. */
export function applyPlan(text: string, plan: SnippetInsertionPlan, cursorLine: number, expand: (body: string) => string): string {
  const lines = text.split('\n');
  let cursor = cursorLine;
  for (const insertion of [...plan.importInsertions].sort((a, b) => b.line - a.line)) {
    const added = insertion.text.replace(/\n$/, '').split('\n');
    lines.splice(insertion.line, 0, ...added);
    if (insertion.line <= cursor) cursor += added.length;
  }
  lines.splice(cursor, 1, ...expand(plan.body).replace(/\n$/, '').split('\n'));
  return lines.join('\n');
}

describe('snippet insertion into an existing file', () => {
  const body =
    'import logging\nimport shlex\nimport subprocess\nfrom typing import Sequence, Union\n\nlogger = logging.getLogger(__name__)\n\n\ndef f():\n    $0\n';

  it('splits the leading imports off a body, keeping whole scripts whole', () => {
    const split = splitSnippetImports(body);
    assert.deepEqual(
      split.imports.map((unit) => unit.text),
      ['import logging', 'import shlex', 'import subprocess', 'from typing import Sequence, Union'],
    );
    assert.ok(split.rest.startsWith('logger = '));
    assert.equal(splitSnippetImports('#!/usr/bin/env python3\nimport sys\n$0').imports.length, 0);
    const toml = splitSnippetImports(
      'import sys\n\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib\n\n\nX = 1\n',
    );
    assert.equal(toml.imports.length, 2);
    assert.match(toml.imports[1]?.text ?? '', /^if sys.version_info[\s\S]*tomli as tomllib$/);
  });

  it('adds only the missing imports after the import block, the body at the cursor without a second logger', () => {
    const plan = planSnippetInsertion(TYPICAL_SCRIPT, body, CURSOR_LINE);
    assert.deepEqual(plan.importInsertions, [{ line: 7, text: 'import shlex\nfrom typing import Sequence, Union\n' }]);
    assert.ok(plan.body.startsWith('\ndef f():') || plan.body.startsWith('def f():'), plan.body);
    assert.doesNotMatch(plan.body, /import|getLogger/);
  });

  it('adds only the missing names of a from-import', () => {
    const plan = planSnippetInsertion(
      'import os\nfrom typing import List\n\nX = 1\n\n',
      'from typing import Dict, List\n\n\ndef f():\n    $0\n',
      4,
    );
    assert.deepEqual(plan.importInsertions, [{ line: 2, text: 'from typing import Dict\n' }]);
  });

  it('puts imports after the docstring of a file without imports, and keeps them at a cursor above that', () => {
    const text = '"""Tool."""\nX = 1\n\n';
    assert.deepEqual(planSnippetInsertion(text, 'import os\n\n\ndef f():\n    $0\n', 2).importInsertions, [
      { line: 1, text: '\nimport os\n\n' },
    ]);
    const above = planSnippetInsertion('import sys\n', 'import os\n\n\ndef f():\n    $0\n', 0);
    assert.deepEqual(above.importInsertions, []);
    assert.ok(above.body.startsWith('import os\n'));
  });

  it('inserts the body unchanged into an empty file', () => {
    assert.deepEqual(planSnippetInsertion('\n', body, 0), { body, importInsertions: [] });
  });

  it('leaves no PyOps finding behind for any snippet inserted into a typical script', async function () {
    this.timeout(60_000);
    const analyzer = await createAnalyzer({ wasmDir: join(repoRoot, 'dist') });
    const findings = (text: string): string[] =>
      analyzeText(analyzer, text, DEFAULT_ENGINE_CONFIG, 'backup.py').map((f) => `${f.code}:${f.range.start.line + 1} ${f.message}`);
    assert.deepEqual(findings(TYPICAL_SCRIPT), []);
    const problems: string[] = [];
    for (const snippet of loadLibrary().families.flatMap((family) => family.snippets)) {
      const expand = (text: string): string => expandSnippet(parseSnippet(text), { variables: SAMPLE_VARIABLES });
      const whole = snippet.body.startsWith('#!');
      const base = whole ? '' : TYPICAL_SCRIPT;
      const plan = planSnippetInsertion(base, snippet.body, whole ? 0 : CURSOR_LINE);
      const result = whole ? expand(plan.body) : applyPlan(base, plan, CURSOR_LINE, expand);
      const imports = result.split('\n').filter((line) => /^(import|from) /.test(line));
      if (new Set(imports).size !== imports.length) problems.push(`${snippet.prefix}: duplicate import in\n${result}`);
      for (const finding of findings(result)) problems.push(`${snippet.prefix}: ${finding}`);
    }
    assert.deepEqual(problems, []);
  });
});
