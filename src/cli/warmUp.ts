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

/** Checks the texts above once: their findings are of no use, the type feedback they leave is. */
export function warmUp(analyzer: Analyzer): void {
  for (const text of [MODERN, MODERN.replace(/\n/g, '\r\n'), PYTHON2]) {
    const doc = analyzer.open(text);
    analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG, 'warm_up.py');
    doc.dispose();
  }
}
