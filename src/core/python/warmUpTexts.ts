// Texts the readers of Python text read a few times before their first real text (warmUp in
// quickSyntax.ts and handlerClauses.ts): together they take every path that Python code commonly
// takes through them, and the common ways out, so that V8 has seen each branch run before it
// optimizes a reader (a branch first taken in optimized code throws that code away, and compiling
// it again costs milliseconds). quickSyntax.test.ts checks that the first ones are cleared and the
// rest are not.

/** Valid Python 3 the quick syntax check clears: every statement, expression, string and number form it knows. */
export const WARM_UP_CLEARED: readonly string[] = [
  `#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Module docstring with a \\"quote\\" and a backslash \\\\ in it."""
from __future__ import annotations
from . import sibling
from ..package.module import (name as alias, other,)
from module import *
import os, os.path as osp

__metaclass__ = type
DOCUMENTATION = r'''
module: example
options:
  name: {type: str}
'''
EXAMPLES = R"""
- name: run it
"""
x: int = 0x1f_ff + 0o17 + 0b1_0 + 1_000.5e-3 + .5 + 5. + 1e10 + 2j + 0 + 00
y = -x ** -2 + ~x // 3 % 4 @ m >> 1 << 2 & 3 ^ 4 | 5 - 6 * 7 / 8
a, *b = c = d[1:2, ::3, :, x:y:z][...] = e
[f, (g, h)] = i.j[0] = k
l += 1; m <<= 2; n //= 3; o **= 4; p @= q; r >>= 1; s -= 1; t |= u
v = not a and b or c if d is not e and f not in g < h <= i != j == k >= l > m else None
w = lambda x, *y, z=1, **kw: (x, y, z, kw, True, False, ...)
z = [x for x in range(3) if x if not x] + [a for a, b in c for d in a] + list(x async for x in y)
s = {k: v for k, v in d.items()} | {*a, b} | {**d, 'k': 1, "j": [1, 2, 3,]} | set() | {1} | {*a.b, *f()}
q = [*a.b, *c[0], *f()] + f"{a}\\n\\t\\\\" + f'{b!a}\\''
t = (1,) + () + (a, *b) + (yield) if 0 else (x for x in y)
u = f'{a!r:>10} {b=} {c:%Y-%m-%d} {{literal}} {d["key"]} {e("x")}' f"{f(g, *h, **i)!s}" F'{j}' rf'{k}\\d' fr"{l}"
w = '{0}:\t{1}'.format(a, b) + f"\t{c}"
v = b'\\x00' Rb"x" br'\\n' u'x' U"y" '' "" 'a\\'b' "c\\"d" '''multi
line''' """a"b""" '\\
'
if (n := len(a)) > 10 and await_ == 1:
    print(f"{n}", file=sys.stderr)
    exec(code)
elif b:
    pass
else:
    del x, y[0], z.a

while x:
    break
else:
    continue

for i, (a, b) in enumerate(pairs):
    global g, h
    nonlocal_ = 1
else:
    assert x, "message"

try:
    x()
except (A, B) as e:
    self.module.fail_json(msg=str(e)); log.warning("failed: %s", e)
    raise C("x") from e
except D:
    raise
except:
    pass
else:
    pass
finally:
    return_ = None
try:
    pass
finally:
    pass

with open(p) as f, open(q) as (a, b), lock:
    pass


@decorator
@a.b(c=1)
class C(Base, metaclass=M):
    """Class docstring."""

    x = 1  # comment
    y: "list[str]"
    z: int

    @property
    def m(self):
        return self.x

    def f(self, a, b=1, /, c: int = 2, *args: str, d, e=3, **kw) -> None:
        def inner(*, key):
            nonlocal a
            yield a
            yield from b
            x = yield
            return
        if a:
            if b:
                if c:
                    return 1
        return (a,
                b) + \\
            c

    async def g(self):
        async with a as b, c:
            await g()
        async for x in y:
            yield [x async for x in y]
        return await h

    class Inner:
        pass


class D: pass
def h(): return 1
async def i(): pass
match = re.match(p, s)
match, diffs = f()
match: Field = m
match += 1
match.group(1)
match[0] = 1
type = params.get("type")
type(self).x = 1
case = {
    "a": [1,
          2],  # comment
    'b': (
        3
    ),

    # comment line inside brackets
    "c": 4,
}
x = f(a,
      b
      )[0].c(d)(e)
y = 1 + \\
    2
classy = iffy + printer + exec_ + matches + type_ + cases + nonlocals + Nonez + r + rb + f + u
if x: pass
elif y: z = 1; w = 2;
`,
  'x = 1\r\ny = (1,\r\n     2)\r\nz = 1 + \\\r\n    2\r\ns = """a\r\nb"""\r\n',
  'def f():\n\tif x:\n\t\treturn (1,\n\t\t\t2)\n\treturn 0\n',
  'x = ' + '('.repeat(30) + '1' + ')'.repeat(30) + '\n',
  "x = f\"{a['b'] + f'{c!r:>3}' if d else {'e': 1}}\"\n",
  '# only a comment\n\n',
  'x = f(1)  # and no line break at the end',
  '',
];

/** Text the recognizer leaves to tree-sitter: broken, or of a form it does not know (each read to where it stops). */
export const WARM_UP_UNDECIDED: readonly string[] = [
  'print "hello"\n',
  'exec "code"\n',
  'f(a b)\n',
  'x = (1, 2\n',
  'x = 1)\n',
  'if x\n    pass\n',
  'x = "unterminated\n',
  'x = """unterminated\n',
  'f() = 1\n',
  'def f():\n        x = 1\n    y = 2\n',
  'f"{}"\n',
  'x = 0777\n',
  'x = a <> b\n',
  'match x:\n    case 1:\n        pass\n',
  'type X = int\n',
  'def f[T](x: T) -> T:\n    return x\n',
  'try:\n    pass\nexcept* ValueError:\n    pass\n',
  'x = a[*b]\n',
  'naïve = 1\n',
  'x = 1\n\fy = 2\n',
  'f"{x:{width}}"\n',
  'x = 1 + \\\n\ny = 2\n',
  'x = 1 + \\\n',
  'f(a,\r b)\n',
  'x = ' + '('.repeat(150) + '1' + ')'.repeat(150) + '\n',
];
