import assert from 'node:assert/strict';
import { parseConfigFile } from '../../../../src/core/config/parseConfigFile';
import type { ConfigProblem } from '../../../../src/core/config/types';
import { ALL_TEST_CODES, TEST_RULES } from './knownRules';

function problemOnLine(problems: ConfigProblem[], line: number): ConfigProblem {
  const found = problems.find((p) => p.range.start.line === line);
  assert.ok(found, `expected a problem on line ${line + 1}; got ${JSON.stringify(problems)}`);
  return found;
}

describe('parseConfigFile (.pyops.yaml)', () => {
  it('reads every option of a valid file without problems', () => {
    const text = [
      '# PyOps settings for this repository',
      'select: [OPS1, bare-except]',
      'ignore:',
      '  - OPS103',
      'severity:',
      '  OPS101: error',
      '  subprocess-no-timeout: warn',
      '  OPS201: info',
      '  OPS301: off',
      'per-path-ignores:',
      '  "tests/**": [OPS101, OPS102]',
      '  ./scripts/legacy_*.py: [ALL]',
      'loggers: [log, self.logger]',
      'logging-functions: [utils.report_error]',
      'checked-subprocess-helpers: [utils.run_checked, sh]',
      '',
    ].join('\n');
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      select: ['OPS101', 'OPS102', 'OPS103', 'OPS201'],
      ignore: ['OPS103'],
      severity: { OPS101: 'error', OPS102: 'warning', OPS201: 'information', OPS301: 'off' },
      perPathIgnores: [
        { glob: 'tests/**', codes: ['OPS101', 'OPS102'] },
        { glob: 'scripts/legacy_*.py', codes: ALL_TEST_CODES },
      ],
      wrappers: {
        loggers: ['log', 'self.logger'],
        loggingFunctions: ['utils.report_error'],
        checkedSubprocessHelpers: ['utils.run_checked', 'sh'],
      },
    });
  });

  it('treats an empty or comment-only file as setting nothing', () => {
    for (const text of ['', '\n\n', '# nothing yet\n', '---\n']) {
      assert.deepEqual(parseConfigFile(text, TEST_RULES), { config: {}, problems: [] }, JSON.stringify(text));
    }
  });

  it('reports a YAML syntax error at its line and ignores the whole file', () => {
    const text = 'select: [OPS101]\nignore: [OPS102\nseverity:\n  OPS101: error\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(config, {});
    assert.ok(problems.length > 0);
    assert.ok(problems.every((p) => p.severity === 'error'));
    assert.match(problems[0].message, /YAML syntax error/);
    // The unclosed flow sequence starts on line 2; the error points there or just after it.
    assert.ok(problems[0].range.start.line >= 1, JSON.stringify(problems[0].range));
  });

  it('reports bad indentation with the line it is on', () => {
    const text = 'select:\n  - OPS101\n\t- OPS102\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(config, {});
    problemOnLine(problems, 2);
  });

  it('reports a duplicate key at the second occurrence', () => {
    const text = 'select: [OPS101]\nignore: []\nselect: [OPS102]\n';
    const { problems } = parseConfigFile(text, TEST_RULES);
    assert.match(problemOnLine(problems, 2).message, /unique|duplicate/i);
  });

  it('warns about an unknown key at its line, suggests the near miss, and keeps the rest', () => {
    const text = 'select: [OPS101]\nignroe: [OPS102]\nloggers: [log]\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.equal(problems.length, 1);
    const problem = problemOnLine(problems, 1);
    assert.equal(problem.severity, 'warning');
    assert.match(problem.message, /Unknown option 'ignroe'.*Did you mean 'ignore'/);
    assert.deepEqual(problem.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
    assert.deepEqual(config, { select: ['OPS101'], wrappers: { loggers: ['log'] } });
  });

  it('reports a wrong type at the value, drops that option and keeps the others', () => {
    const text = 'select: OPS101\nignore: [OPS102]\nseverity: [OPS101]\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(config, { ignore: ['OPS102'] });
    const select = problemOnLine(problems, 0);
    assert.equal(select.severity, 'error');
    assert.match(select.message, /'select' must be a list/);
    assert.equal(select.range.start.character, 'select: '.length);
    assert.match(problemOnLine(problems, 2).message, /'severity' must be a mapping/);
  });

  it('drops unknown rule codes with a warning on the exact item and keeps the known ones', () => {
    const text = 'select:\n  - OPS101\n  - OPS999\n  - subprocess-uncheked\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(config, { select: ['OPS101'] });
    assert.equal(problems.length, 2);
    const unknownCode = problemOnLine(problems, 2);
    assert.deepEqual(unknownCode.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } });
    assert.match(unknownCode.message, /Unknown rule 'OPS999'/);
    assert.match(problemOnLine(problems, 3).message, /Did you mean 'subprocess-unchecked'/);
  });

  it('falls back to the lower layer when every entry of select is unknown', () => {
    const { config, problems } = parseConfigFile('select: [OPS999, nonsense]\n', TEST_RULES);
    assert.equal(config.select, undefined, 'an all-wrong select must not mean "no rules" or "all rules"');
    assert.equal(problems.length, 2);
  });

  it('rejects bad severities at their line and keeps the good ones', () => {
    const text = 'severity:\n  OPS101: eror\n  OPS102: hint\n  OPS103: 3\n  OPS777: error\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(config.severity, { OPS102: 'hint' });
    const typo = problemOnLine(problems, 1);
    assert.equal(typo.severity, 'error');
    assert.match(typo.message, /found 'eror'.*Did you mean 'error'/);
    assert.match(problemOnLine(problems, 3).message, /Severity must be one of/);
    assert.match(problemOnLine(problems, 4).message, /Unknown rule 'OPS777'/);
  });

  it('lets an exact code beat a prefix in severity, whatever the order', () => {
    const { config } = parseConfigFile('severity:\n  OPS101: error\n  OPS1: hint\n', TEST_RULES);
    assert.deepEqual(config.severity, { OPS101: 'error', OPS102: 'hint', OPS103: 'hint' });
  });

  it('refuses per-path globs that leave the config folder', () => {
    const text = 'per-path-ignores:\n  "../other/**": [OPS101]\n  "/abs/*.py": [OPS101]\n  "ok/*.py": [OPS101]\n';
    const { config, problems } = parseConfigFile(text, TEST_RULES);
    assert.deepEqual(config.perPathIgnores, [{ glob: 'ok/*.py', codes: ['OPS101'] }]);
    problemOnLine(problems, 1);
    problemOnLine(problems, 2);
  });

  it('reports a per-path entry whose value is not a list', () => {
    const { config, problems } = parseConfigFile('per-path-ignores:\n  "tests/**": OPS101\n', TEST_RULES);
    assert.deepEqual(config.perPathIgnores, []);
    assert.match(problemOnLine(problems, 1).message, /'tests\/\*\*' must be a list/);
  });

  it('rejects wrapper names that are not Python names', () => {
    const { config, problems } = parseConfigFile('loggers: [log, "my logger", 3, self.logger]\n', TEST_RULES);
    assert.deepEqual(config.wrappers, { loggers: ['log', 'self.logger'] });
    assert.equal(problems.length, 2);
    assert.ok(problems.every((p) => p.range.start.line === 0));
  });

  it('rejects a top-level value that is not a mapping', () => {
    const { config, problems } = parseConfigFile('- select\n- ignore\n', TEST_RULES);
    assert.deepEqual(config, {});
    assert.match(problemOnLine(problems, 0).message, /must be a mapping/);
  });

  it('treats an empty option value as an empty list', () => {
    const { config, problems } = parseConfigFile('ignore:\nloggers:\n', TEST_RULES);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, { ignore: [], wrappers: { loggers: [] } });
  });

  it('counts lines correctly with CRLF line endings', () => {
    const { problems } = parseConfigFile('select: [OPS101]\r\nbogus: 1\r\n', TEST_RULES);
    assert.deepEqual(problemOnLine(problems, 1).range.start, { line: 1, character: 0 });
  });

  it('resolves aliases and survives an alias bomb', () => {
    const shared = parseConfigFile('x-common: &codes [OPS101]\nselect: *codes\n', TEST_RULES);
    assert.deepEqual(shared.config.select, ['OPS101']);
    const levels = ['a: &a [OPS101, OPS101, OPS101, OPS101, OPS101, OPS101, OPS101, OPS101, OPS101]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    levels.push('select: *l11');
    const bomb = parseConfigFile(levels.join('\n') + '\n', TEST_RULES);
    assert.ok(bomb.problems.length > 0, 'the expansion is reported rather than followed');
  });

  it('never throws, whatever the input', () => {
    const inputs = [
      '\u0000\u0001\u0002',
      '{{{{',
      ']]]: [',
      'select: !!binary AAAA',
      '? [a, b]\n: c\n',
      'a: b: c',
      '\uFEFFselect: []',
      '%YAML 9.9\n---\nselect: []',
      'select: [\u{1F600}]',
    ];
    for (let i = 0; i < 200; i++)
      inputs.push(Array.from({ length: 40 }, (_, j) => String.fromCharCode(((i * 31 + j * 17) % 95) + 32)).join(''));
    for (const text of inputs) {
      const result = parseConfigFile(text, TEST_RULES);
      for (const p of result.problems) assert.ok(p.range.start.line >= 0 && p.message.length > 0);
    }
  });
});
