// .env files read as the Python Debugger and the Python extension read them, and the way they
// combine a file, a launch configuration's env and the process environment.
import assert from 'node:assert/strict';
import { describeEnvFileProblems, parseEnvFile } from '../../../../src/core/env/envFile';
import { envFileOverProcess, launchEnvironment } from '../../../../src/core/env/mergeEnvironment';

describe('.env files (the Python extension\u2019s rules)', () => {
  it('reads NAME=VALUE lines, strips matching quotes and turns \\n into newlines in both quotes', () => {
    const text = [
      '# deployment settings',
      'REGION = eu-west-1',
      'TITLE="Nightly backup"',
      "GREETING='one\\ntwo'",
      'MESSAGE="line one\\nline two"',
      '_PRIVATE=1',
      'EMPTY=',
      'MISMATCHED="open\'',
    ].join('\n');
    assert.deepEqual(parseEnvFile(text).variables, {
      REGION: 'eu-west-1',
      TITLE: 'Nightly backup',
      GREETING: 'one\ntwo',
      MESSAGE: 'line one\nline two',
      _PRIVATE: '1',
      EMPTY: '',
      MISMATCHED: '"open\'',
    });
  });

  it('keeps a # after a value and ignores `export` lines, as the Python extension does, and says which lines set nothing', () => {
    const result = parseEnvFile('URL=http://host/#anchor # note\nexport TOKEN=abc\n1BAD=x\nkey.dotted=1\nOK=1\n');
    assert.deepEqual(result.variables, { URL: 'http://host/#anchor # note', OK: '1' });
    assert.deepEqual(result.ignoredLines, [2, 3, 4]);
    assert.match(describeEnvFileProblems('/w/.env', result)[0]!, /lines 2, 3, 4 set nothing/);
  });

  it('replaces ${NAME} from earlier lines, then the base variables, else with nothing; \\$ escapes', () => {
    const text = [
      'ROOT=/srv/app',
      'LOGS=${ROOT}/logs',
      'HOME_COPY=${HOME}',
      "QUOTED='${ROOT}'",
      'MISSING=[${NOPE}]',
      'LITERAL=\\${ROOT}',
      'PRICE=5\\$',
    ].join('\n');
    assert.deepEqual(parseEnvFile(text, { HOME: '/home/ops', ROOT: '/ignored' }).variables, {
      ROOT: '/srv/app',
      LOGS: '/srv/app/logs',
      HOME_COPY: '/home/ops',
      QUOTED: '/srv/app',
      MISSING: '[]',
      LITERAL: '${ROOT}',
      PRICE: '5$',
    });
  });

  it('leaves every reference of a value with a malformed one as written', () => {
    assert.deepEqual(parseEnvFile('A=1\nB=${A} ${A:-fallback}\nC=${}', {}).variables, { A: '1', B: '${A} ${A:-fallback}', C: '${}' });
  });

  it('continues a quoted value on the next lines (the Python Debugger\u2019s reading) and numbers lines as written', () => {
    const result = parseEnvFile('KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nnot a pair\nNEXT=2\n');
    assert.deepEqual(result.variables, { KEY: '-----BEGIN KEY-----\nabc\n-----END KEY-----', NEXT: '2' });
    assert.deepEqual(result.ignoredLines, [4]);
  });

  it('reports a quote that is never closed instead of silently losing the lines after it', () => {
    const result = parseEnvFile("A=1\nNOTE=it's fine\nB=2\n");
    assert.equal(result.unclosedQuoteLine, 2);
    assert.equal(result.variables.B, undefined);
    assert.match(describeEnvFileProblems('/w/.env', result).join(' '), /line 2 is never closed/);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    assert.deepEqual(parseEnvFile('\uFEFFA=1\r\nB="two"\r\n').variables, { A: '1', B: 'two' });
  });
});

describe('environment merging', () => {
  const processEnv = { PATH: '/usr/bin', PYTHONPATH: '/opt/lib', HOME: '/home/ops' };

  it('python.envFile: the file wins, except PATH and PYTHONPATH, which keep the process value after the file\u2019s', () => {
    const vars = envFileOverProcess({ HOME: '/tmp/h', PYTHONPATH: 'src', STAGE: 'dev' }, { processEnv, platform: 'linux' });
    assert.deepEqual(vars, { HOME: '/tmp/h', PYTHONPATH: 'src:/opt/lib', STAGE: 'dev' });
  });

  it('launch configuration: env over envFile, search paths joined envFile + env + process, debugpy\u2019s defaults', () => {
    const vars = launchEnvironment(
      { STAGE: 'prod', PYTHONPATH: 'lib', DROP: null },
      { STAGE: 'dev', REGION: 'eu', PYTHONPATH: 'src' },
      { processEnv, platform: 'linux' },
    );
    assert.deepEqual(vars, {
      STAGE: 'prod',
      REGION: 'eu',
      PYTHONPATH: 'src:lib:/opt/lib',
      PYTHONIOENCODING: 'UTF-8',
      PYTHONUNBUFFERED: '1',
      DROP: undefined,
    });
  });

  it('launch configuration: keeps PATH alone when neither the file nor the env sets it, and respects PYTHONUNBUFFERED', () => {
    const vars = launchEnvironment({ PYTHONUNBUFFERED: '0' }, undefined, { processEnv, platform: 'win32' });
    assert.deepEqual(vars, { PYTHONUNBUFFERED: '0', PYTHONIOENCODING: 'UTF-8' });
  });
});
