import assert from 'node:assert/strict';
import { parsePyproject } from '../../../../src/core/config/parsePyproject';
import { TEST_RULES } from './knownRules';

/** Problems as [zero-based line, message start]. */
function problemsAt(text: string): [number, string][] {
  return parsePyproject(text, TEST_RULES).problems.map((p) => [p.range.start.line, p.message.slice(0, 40)]);
}

describe('[tool.pyops] in pyproject.toml', () => {
  it('reads the same options as .pyops.yaml, from headers, sub-tables, dotted keys and inline tables', () => {
    const text = [
      '[project]',
      'name = "jobs"',
      '',
      '[tool.pyops]',
      'select = ["OPS1", "OPS201"]',
      'ignore = ["OPS102"]',
      'loggers = ["log"]',
      'extend-exclude = ["migrations"]',
      'force-exclude = true',
      'severity = { OPS101 = "error" }',
      '',
      '[tool.pyops.per-path-ignores]',
      '"tests/**" = ["ALL"]',
      '',
      '[tool.ruff]',
      'line-length = 100',
    ].join('\n');
    const parsed = parsePyproject(text, TEST_RULES);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.hasTable, true);
    assert.deepEqual(parsed.config.ignore, ['OPS102']);
    assert.deepEqual(parsed.config.severity, { OPS101: 'error' });
    assert.deepEqual(
      parsed.config.perPathIgnores?.map((p) => p.glob),
      ['tests/**'],
    );
    assert.deepEqual(parsed.config.wrappers, { loggers: ['log'] });
    assert.deepEqual(parsed.config.files, { extendExclude: ['migrations'], forceExclude: true });
    assert.ok(parsed.config.select?.includes('OPS101') && parsed.config.select.includes('OPS201'));
    const dotted = parsePyproject('[tool]\npyops.ignore = ["OPS101"]\n', TEST_RULES);
    assert.deepEqual(dotted.config, { ignore: ['OPS101'] });
  });

  it('reports each mistake at its line, and keeps the rest', () => {
    const text = [
      '[tool.pyops]',
      'ignore = ["OPS101"]',
      'selct = ["OPS1"]',
      'loggers = "log"',
      '',
      '[tool.pyops.severity]',
      'OPS999 = "error"',
      'OPS102 = "loud"',
    ].join('\n');
    const parsed = parsePyproject(text, TEST_RULES);
    assert.deepEqual(parsed.config.ignore, ['OPS101']);
    const lines = parsed.problems.map((p) => p.range.start.line);
    assert.deepEqual(lines, [2, 3, 6, 7], parsed.problems.map((p) => p.message).join('\n'));
    assert.match(parsed.problems[0].message, /Unknown option 'selct'.*Did you mean 'select'/);
  });

  it('reports a TOML syntax error at its line and uses nothing from the file', () => {
    const problems = problemsAt('[tool.pyops]\nignore = ["OPS101"\nselect = []\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0][1], /^TOML syntax error/);
    assert.ok(problems[0][0] >= 1 && problems[0][0] <= 2, `line ${problems[0][0]}`);
    assert.deepEqual(parsePyproject('[tool.pyops]\nignore = ["OPS101"\n', TEST_RULES).config, {});
  });

  it('is no PyOps config without a [tool.pyops] table', () => {
    const parsed = parsePyproject('[tool.ruff]\nselect = ["E"]\n', TEST_RULES);
    assert.equal(parsed.hasTable, false);
    assert.deepEqual(parsed, { config: {}, problems: [], hasTable: false });
    assert.equal(parsePyproject('[tool.pyops]\n', TEST_RULES).hasTable, true);
  });
});
