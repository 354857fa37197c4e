// Warms up the engine of each thread of a parallel check (a tree of 2 MB and more) before its first
// file: V8 compiles a hot function for what it has seen run so far, and each branch that had not run
// yet (a construct rare in the first few hundred files) throws that code away when it first runs and
// makes V8 compile the function again. Checking these short texts first, once (about 50 ms of CPU),
// shows the engine's rarer paths to V8 before it compiles anything: on Debian's ansible collections
// about 25 fewer deopts and 25 fewer TurboFan compiles a run.
import { DEFAULT_ENGINE_CONFIG } from '../core/diagnostics/types';
import type { Analyzer } from '../core/diagnostics/index';

const MODERN = `#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""A module that uses most of the language."""
from __future__ import annotations
import os, sys as system
import logging.handlers
from subprocess import run, Popen, PIPE, check_call
from . import sibling
from .pkg.mod import (a, b as c,
    d)  # comment
import subprocess; import shlex

logger = logging.getLogger(__name__)
password = "secret"
api_key: str = 'k'
token = b'x' + br"y" + f"{password!r:>{10}}" + rb'z' + u"w" + F'{a}{{b}}'
cmd = "ls %s" % password
line = "a" \\
    "b"
conf = {"password": "hunter2", 'api_key': 'x', **{}}
values = {1, 2, 3}
items = [x for x in range(10) if not x][1:2] + [1_000, 0x1F, 1e5, 2j, .5, 0o7] + a[::2, ...]
print("x", end="", file=system.stderr)
...
if password == "x" or conf["password"] != 'y':
    pass

@decorator(arg)
async def fetch(url, *args, timeout: float = 1.0, **kwargs) -> None:
    async with session() as s:
        await s.get(url)
    async for x in y:
        pass
    return -1 if a < b <= c and not d or e is not None else ~x ** 2 // 3 @ m

class Thing(Base, metaclass=Meta):
    """Doc."""
    attr: int = 0

    def method(self, value=lambda y: y + 1, *, key=None):
        try:
            result = subprocess.run(["ls", "-l"], check=False, shell=True)
            proc = Popen(cmd, stdout=PIPE)
            proc.wait()
            os.system("ls " + value)
            subprocess.call("ls %s" % value, shell=True)
            out = subprocess.check_output(["ls"]).decode()
        except (OSError, ValueError) as err:
            logger.error("failed: %s" % err)
            logging.exception(f"failed {err}")
            raise RuntimeError("x") from err
        except Exception:
            pass
        except:
            raise
        else:
            x = yield
        finally:
            del value
        with open(path) as f, open(other) as g:
            data = f.read()
        while True:
            break
        for i, (k, v) in enumerate(d.items()):
            continue
        global counter
        nonlocal_ = [*a, *b]
        yield from gen()
        assert x, "msg"
        x = (yield)
        y = lambda: (a, b)
        x += 1; y -= 2
        z = w if w else v
        match command:
            case [x, y, *rest]:
                pass
            case {"k": v, **kw}:
                pass
            case Point(x=0) | None:
                pass
            case _:
                pass

def main():
    logging.basicConfig(level=logging.INFO)
    sys.exit(check_call(["true"]))

if __name__ == '__main__':
    main()
`;

const PYTHON2 = `import os
print "hello", os.name
exec "code"
try:
    pass
except Exception, e:
    print >>sys.stderr, e
x = 0777L + ur"a"
`;

/**
 * Rarer shapes inside handlers and the statements around them, which the readers of handler
 * texts and imports and the quick syntax check take paths for that MODERN does not lead to (a
 * function whose calls matter to no rule, like `quiet`, is read from its text for its handlers):
 * `async` and soft keywords at a line's start, a lambda in a header, a backslash continuation,
 * `;` and `raise ... from` on a handler's line, comments inside brackets, spaced dict colons,
 * number and f-string forms.
 */
const RARE = `import os, logging, subprocess
from shlex import (quote,  # comment
    split)
log = logging.getLogger(__name__)
conf = {"password" : "x", 'api_key':'v', "token":\t"w"}

async def handle(path, *, retries: int = 3) -> int:
    try:
        total = 1_000 + 2e-5 + 0x_FF + 1E+3 + 0b1_0 + 0o17 + 1.5j
        text = f"{path!r} {path!s:>10} {path!a} {{x}}" + rf"\\d{path}" + b"%s" % b"x"
        result = subprocess.run(["ls", path],  # comment in brackets
                                check=True) \
            .stdout
        async with lock: pass
        async for item in feed(): pass
        value = await fetch(path) if callable(lambda p: p) else not path
        del value; other = -total
    except OSError as error:
        log.error("failed %s", error); raise RuntimeError("x") from error
    except (ValueError, TypeError): raise
    except Exception:
        match = 1
        case = match + 1
        if filter(lambda q: q, path): pass
        while retries: retries -= 1
        logging.exception("oops")
    return 0

async def quiet(path, items):
    try:
        async with guard(path) as held: pass
        async for item in items: pass
        total = compute(path) \\
            + 1
        kept = [q for q in pick(lambda q: q, items)]; more = 2
        if check(lambda p: p, path): pass
    except OSError as error:
        raise RuntimeError("x") from error
    except ValueError: raise
    except Exception:
        pass
`;

/** The texts a thread is warmed up on, in order. */
export const WARM_UP_TEXTS: readonly string[] = [MODERN, MODERN.replace(/\n/g, '\r\n'), PYTHON2, RARE];

/** Checks the texts above once: their findings are of no use, the type feedback they leave is. */
export function warmUp(analyzer: Analyzer): void {
  for (const text of WARM_UP_TEXTS) {
    const doc = analyzer.open(text);
    analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG, 'warm_up.py');
    doc.dispose();
  }
}
