import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { applyFixes } from '../../../../src/core/diagnostics';
import { analyze, dedent } from './helpers';

/** Eager messages; the variables they use are bound in the Python check below. */
const EAGER = [
  'f"processing {name}"',
  'f"{n:5d} | {name!r:>10} | {name!s:<6}|"',
  'f"{ratio:.2f} {ratio:8.3f} {ratio:e} {n:x} {n:#o} {n:+d} {n:05d}"',
  'f"{name:>12}|{name:<12}|{n:>4}|{n:<4}|"',
  'f"100% of {name} {{braces}} %s"',
  'f"{items}, {mapping}, {nothing}, {flag}, {pair}"',
  'f"{items, n}"',
  'f"{obj.attr} {items[0]} {len(items)} {n + 1}"',
  "rf'raw \\d {name}'",
  'f"""multi\nline {name}"""',
  '"found %d items" % n',
  '"%s and %r" % (name, pair)',
  '"%(n)s/%(name)s" % {"n": n, "name": name}',
  '"%s" % "literal"',
  '"path {} missing".format(name)',
  '"{0} then {1}".format(name, n)',
  '"{b} {a}".format(a=name, b=n)',
  '"{:.1f}% done {!r}".format(ratio, name)',
  '"total: " + str(n) + " items"',
  '"failed: " + name',
  "name + ' suffix'",
  '"a%b " + name',
];

const PY_CHECK = String.raw`
import json, logging, sys
class Obj:
    attr = "A"
env = dict(name="svc", n=42, ratio=3.14159, items=[1, 2], mapping={"k": 1}, nothing=None, flag=True, pair=(1, "x"), obj=Obj())
bad = []
for eager, lazy in json.load(sys.stdin):
    want = eval(eager, {}, env)
    parts = eval("(" + lazy + ",)", {}, env)
    record = logging.LogRecord("t", logging.INFO, "p", 1, parts[0], parts[1:] or None, None)
    got = record.getMessage()
    if got != want:
        bad.append([eager, lazy, want, got])
json.dump(bad, sys.stdout)
`;

describe('diagnostics: lazy log formatting rewrites', () => {
  it('renders exactly the same message as the eager form (checked by Python logging)', async function () {
    this.timeout(10_000);
    const src = ['import logging', 'logger = logging.getLogger(__name__)', ...EAGER.map((e) => `logger.info(${e})`)].join('\n') + '\n';
    const findings = (await analyze(src)).filter((f) => f.code === 'OPS204');
    assert.equal(findings.length, EAGER.length);
    const pairs: [string, string][] = [];
    for (const [i, f] of findings.entries()) {
      assert.ok(f.fix, `no rewrite offered for ${EAGER[i]}`);
      assert.equal(f.fix.edits.length, 1);
      pairs.push([EAGER[i].replace(/\n/g, '\\n').replace(/^f"""multi\\nline/, 'f"""multi\nline'), f.fix.edits[0].newText]);
    }
    const r = spawnSync('python3', ['-c', PY_CHECK], { input: JSON.stringify(pairs), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('offers no rewrite when the rendering could differ, but still reports', async () => {
    const cases = [
      'f"{name=}"', // self-documenting expression
      'f"{n:,}"', // grouping has no printf form
      'f"{name:10}"', // bare width aligns str left but numbers right
      'f"{n:{width}}"', // nested replacement field
      '"{0} {0}".format(name)', // one argument used twice
      '"{x.y}".format(x=name)', // attribute lookup in the template
      'f"a {name}" "b"', // implicit concatenation with an f-string
      'a + b + " items"', // a + b is arithmetic before the string joins in
    ];
    const src = ['import logging', 'logger = logging.getLogger(__name__)', ...cases.map((e) => `logger.info(${e})`)].join('\n');
    const findings = (await analyze(src)).filter((f) => f.code === 'OPS204');
    assert.deepEqual(
      findings.map((f) => f.range.start.line - 2),
      cases.map((_, i) => i),
    );
    for (const f of findings) assert.equal(f.fix, undefined, `line ${f.range.start.line + 1}`);
  });

  it('offers a %-operand rewrite as unsafe when the operand might be a tuple', async () => {
    const src = dedent(`
      import logging
      logger = logging.getLogger(__name__)
      logger.info("value %s" % value)
    `);
    const [f] = (await analyze(src)).filter((x) => x.code === 'OPS204');
    assert.equal(f.fix?.safe, false);
    assert.equal(applyFixes(src, [f], { safeOnly: true }).applied, 0);
    assert.match(applyFixes(src, [f], { safeOnly: false }).text, /logger\.info\("value %s", value\)/);
  });
});

describe('diagnostics: lazy rewrites of + concatenations', () => {
  async function fixOf(src: string) {
    const [f] = (await analyze(dedent(src))).filter((x) => x.code === 'OPS204');
    assert.ok(f?.fix, 'a rewrite is offered');
    return { safe: f.fix.safe, text: f.fix.edits[0].newText };
  }

  it('passes str(x) operands as x, safely, where str is the builtin (also with str in annotations)', async () => {
    const fix = await fixOf(`
      import logging
      from typing import Tuple
      logger = logging.getLogger(__name__)
      def report(values: Tuple[int, str], label: str = "x") -> str:
          if isinstance(values, str) and label == "y":
              return ""
          logger.debug("values: " + str(values) + " for " + str(label))
    `);
    assert.deepEqual(fix, { safe: true, text: '"values: %s for %s", values, label' });
  });

  it('offers the rewrite as unsafe when an operand may not be a string ("a" + x raises TypeError for an int)', async () => {
    const fix = await fixOf(`
      import logging
      logger = logging.getLogger(__name__)
      logger.info("failed: " + name)
    `);
    assert.deepEqual(fix, { safe: false, text: '"failed: %s", name' });
  });

  for (const [what, binding] of [
    ['a parameter', 'def report(values, str=repr):'],
    ['an assignment', 'str = repr\ndef report(values):'],
    ['a tuple assignment', 'fmt, str = "", repr\ndef report(values):'],
    ['a for target', 'for str in (repr,):\n    pass\ndef report(values):'],
    ['an import', 'from reprlib import repr as str\ndef report(values):'],
  ]) {
    it(`keeps str(x) and offers the rewrite as unsafe when str may be rebound (${what})`, async () => {
      const src = [
        'import logging',
        'logger = logging.getLogger(__name__)',
        binding,
        '    logger.debug("values: " + str(values))',
        '',
      ].join('\n');
      const [f] = (await analyze(src)).filter((x) => x.code === 'OPS204');
      assert.equal(f?.fix?.safe, false);
      assert.equal(f.fix.edits[0].newText, '"values: %s", str(values)');
    });
  }
});
