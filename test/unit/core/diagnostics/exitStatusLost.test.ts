import assert from 'node:assert/strict';
import { analyze } from './helpers';

/** Whether OPS110 reports the `main()` of a script whose entry function is `def main():` with this body. */
async function reportsMain(body: string, eol = '\n'): Promise<boolean> {
  const text = `import sys\n\n\ndef main():\n${body}\n\nif __name__ == "__main__":\n    main()\n`.replace(/\n/g, eol);
  return (await analyze(text)).some((f) => f.code === 'OPS110');
}

/** Whether OPS110 reports the `main()` of a script whose text before its `__main__` block is `defs`. */
async function reportsWith(defs: string): Promise<boolean> {
  return (await analyze(`import sys\n\n${defs}\n\nif __name__ == "__main__":\n    main()\n`)).some((f) => f.code === 'OPS110');
}

describe('diagnostics: OPS110 reads whether the entry function returns a status', () => {
  it("reads the entry function's own def, however it is spaced, not a method's, a longer name's or one in a string", async () => {
    assert.equal(await reportsWith('def  main (argv=None):\n    return 2'), true);
    assert.equal(await reportsWith('def\tmain\t():\n    return 2'), true);
    assert.equal(await reportsWith('class A:\n    def main(self):\n        return 1\n\ndef main():\n    print(1)'), false);
    assert.equal(await reportsWith('def mainly():\n    return 1\n\ndef main():\n    print(1)'), false);
    assert.equal(await reportsWith('DOC = "def main(): return 1"\n\ndef main():\n    print(1)'), false);
  });

  it('finds a returned status among blank lines, comment lines and nested blocks', async () => {
    assert.equal(await reportsMain('    x = 1\n    return x'), true);
    assert.equal(await reportsMain('    x = 1\n    return x', '\r\n'), true);
    assert.equal(await reportsMain('\tif x:\n\t\treturn 2'), true);
    assert.equal(await reportsMain('    x = 1\n\n    \n# at column 0\n    return -1'), true);
    assert.equal(await reportsMain('    class A:\n        def f(self):\n            return 1\n    return 0'), true);
    assert.equal(await reportsMain('    def inner():\n        return 1\n    return inner()\n    return self.rc'), true);
  });

  it('reads no status in a nested function, after the body, or in return None', async () => {
    assert.equal(await reportsMain('    def inner():\n        return 1\n    inner()'), false);
    assert.equal(await reportsMain('    async def inner():\n        return 1\n    print(1)'), false);
    assert.equal(await reportsMain('    async  def inner():\r\n        return 1\r\n    print(1)', '\r\n'), false);
    assert.equal(await reportsMain('    pass\nx = 1\ndef other():\n    return 1'), false);
    assert.equal(await reportsMain('    return None'), false);
    assert.equal(await reportsMain('    return'), false);
    assert.equal(await reportsMain('    returned = 1'), false);
  });
});
