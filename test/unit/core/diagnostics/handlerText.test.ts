import assert from 'node:assert/strict';
import { mayCatchBaseException, mayCatchException, mayOnlyPass, mayRaise } from '../../../../src/core/diagnostics/rules/handlerText';

describe('diagnostics: what a statement must hold for the handler rules to report in it', () => {
  it('sees a bare except, also across blanks and line continuations, and BaseException', () => {
    for (const text of [
      'except:',
      'except :',
      'except\t:',
      'except \\\n  :',
      'except \\\r\n:',
      'except BaseException as e:',
      'except (builtins.BaseException):',
    ])
      assert.equal(mayCatchBaseException(`try:\n    x()\n${text}\n    y()\n`), true, text);
    for (const text of ['except ValueError:', 'except(E):', 'except* ValueError:', 'except Exception:', 'except BaseExceptionGroup:'])
      assert.equal(mayCatchBaseException(`try:\n    x()\n${text}\n    y()\n`), false, text);
    assert.equal(mayCatchBaseException('excepted = 1\n'), false);
  });

  it('sees Exception and raise as words', () => {
    assert.equal(mayCatchException('except (OSError, Exception) as e:'), true);
    assert.equal(mayCatchException('except builtins.Exception:'), true);
    assert.equal(mayCatchException('except MyException:\nexcept ExceptionGroup:'), false);
    assert.equal(mayRaise('    raise'), true);
    assert.equal(mayRaise('raised = True\nraiser()'), false);
  });

  it('sees a handler body that may only pass: pass, continue, ..., or a string first', () => {
    const handler = (body: string): string => `def f():\n    try:\n        x()\n    except ValueError as e:${body}`;
    for (const body of [
      '\n        pass\n',
      ' continue\n',
      '\n        ...\n',
      '\n        "ignored"\n',
      '  # why\n        # more\n        rb"ignored"\n',
      ' \\\n        """ignored"""\n',
      '\r\n        "ignored"\r\n',
    ])
      assert.equal(mayOnlyPass(handler(body)), true, JSON.stringify(body));
    // No body at all is an IndentationError: reported as a syntax error, by no handler rule.
    for (const body of ['\n        # nothing yet\n    y = 1\n', '\n', '', '  # why'])
      assert.equal(mayOnlyPass(handler(body)), false, JSON.stringify(body));
    for (const body of [
      '\n        log(e)\n',
      ' log(e)\n',
      '  # "quoted" comment\n        log(e)\n',
      '\n        fail(msg="x: " + str(e))\n',
    ])
      assert.equal(mayOnlyPass(handler(body)), false, JSON.stringify(body));
    // The header's colon is the first outside brackets; a header with none counts as unsure.
    assert.equal(mayOnlyPass('try:\n    x()\nexcept errors[1:2]:\n    log()\n'), false);
    assert.equal(mayOnlyPass('try:\n    x()\nexcept errors[1:2]:\n    "ignored"\n'), true);
    assert.equal(mayOnlyPass('try:\n    x()\nexcept (A,\n'), true);
  });

  it('says no from what the text shows of its clauses only where the syntax is sure, and keeps the clauses a rule may report', () => {
    const sure = () => true;
    const unsure = () => false;
    const read = () => null; // a reading would be unsure: only what the text shows can say no
    const handler = (header: string, body: string) => `def f(module):\n    try:\n        run()\n    ${header}\n        ${body}\n`;
    // OPS106: Exception caught, and the first statement raises, hands the error to a handler, or uses the alias.
    for (const text of [
      handler('except Exception as e:', 'module.fail_json(msg=to_native(e))'),
      handler('except Exception:', 'self.module.fail_json(msg="failed")'),
      handler('except Exception as err:', 'log(err)  # why'),
      handler('except Exception:', 'raise'),
      handler('except (OSError, Exception) as e:', 'raise Error(str(e)) from e'),
      handler('except ValueError:', 'pass') + '\nraise Exception("x")\n',
    ]) {
      assert.equal(mayCatchException(text, read, sure), false, text);
      assert.equal(mayCatchException(text, read, unsure), true, text);
    }
    for (const text of [
      handler('except Exception:', 'return {}'),
      handler('except Exception as e:', 'result = None  # e'),
      handler('except Exception:', 'raised = True'),
      handler('except Exception:', 'fail = lambda: module.fail_json(msg="x")'),
      handler('except Exception:', 'fail_json(msg="x")'),
      `def f(module):\n    try:\n        run()\n    except Exception: module.fail_json(msg="x")\n`,
      handler('except Exception as e:', 'module.fail_json(msg="x")') + '    except Exception:\n        return\n',
      handler('except getattr(errors, "Exception"):', 'raise'),
      handler('except (OSError,  # why\n        Exception):', 'raise'),
    ])
      assert.equal(mayCatchException(text, read, sure), true, text);
    // OPS108: every raise after the first clause is plain, of nothing or of a name it never reports.
    for (const text of [
      handler('except OSError as e:', 'raise'),
      handler('except OSError as e:', 'raise e  # again'),
      handler('except OSError as e:', 'raise self.error; x = 1'),
      'def f():\n    raise Error()\n    try:\n        run()\n    except OSError:\n        pass\n',
    ]) {
      assert.equal(mayRaise(text, read, sure), false, text);
      assert.equal(mayRaise(text, read, unsure), true, text);
    }
    for (const body of ['raise Error', 'raise Error(str(e))', 'raise e \\\n            from None', 'raise errors.Failed', 'raise e, None'])
      assert.equal(mayRaise(handler('except OSError as e:', body), read, sure), true, body);
    // OPS107: no clause's body starts with pass, continue, ... or a string, but for expected exceptions.
    for (const text of [
      handler('except ImportError:', 'pass'),
      handler('except (KeyError, queue.Empty) as e:', 'continue'),
      handler('except ValueError:', 'log()\n        pass'),
    ]) {
      assert.equal(mayOnlyPass(text, read, sure), false, text);
      assert.equal(mayOnlyPass(text, read, unsure), true, text);
    }
    for (const text of [
      handler('except ValueError:', 'pass'),
      handler('except ValueError:', '# why\n        ...'),
      handler('except \\\n        ImportError:', 'pass'),
      handler('except ImportError:', 'log()') + '    except OSError:\n        "ignored"\n',
      handler('except lambda: ImportError:', 'pass'),
    ])
      assert.equal(mayOnlyPass(text, read, sure), true, text);
  });
});
