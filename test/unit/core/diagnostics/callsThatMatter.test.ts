import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prefilter } from '../../../../src/core/diagnostics/prefilter';
import { defineRule, type RuleNeeds } from '../../../../src/core/diagnostics/rule';
import { isSecretName, mayHoldSecretName } from '../../../../src/core/diagnostics/rules/hardcodedSecret/secrets';
import { callsThatMatter, vocabularyOf, type Vocabulary } from '../../../../src/core/diagnostics/vocabulary';
import { dedent, ruleFixtures } from './helpers';
import { stdlibFiles } from './stdlib';

/** A rule that declares `needs` and reads nothing else. */
function ruleWith(code: string, needs: RuleNeeds) {
  return defineRule({
    meta: {
      code,
      name: `test-${code}`,
      category: 'robustness',
      summary: 'A rule that exists only in this test.',
      defaultSeverity: 'warning',
      equivalents: [],
      fixable: 'none',
    },
    message: 'test',
    needs,
  });
}

/** Whether the prefilter parses `src` (a top-level statement) in a document that names `named` modules. */
function parses(vocabulary: Vocabulary, named: readonly string[], src: string): boolean {
  const filter = prefilter(
    vocabulary,
    callsThatMatter(vocabulary, (m) => named.includes(m)),
  );
  return !filter(src, 'statement');
}

const inFunction = (body: string) => `def f(x):\n    ${body}\n`;

describe('diagnostics: when a declared call can matter (callsThatMatter)', () => {
  const loud = (text: string) => text.includes('LOUD');
  const vocabulary = vocabularyOf([
    // ping(): on objects of netmod, or (another rule) wherever the statement says LOUD.
    ruleWith('OPS991', { methods: ['ping'], methodsOf: ['netmod'] }),
    ruleWith('OPS992', { methods: ['ping'], callsMatterIn: loud }),
    // shout(): a builtin, but read only in a module that names netmod.
    ruleWith('OPS993', { calls: ['builtins.shout'], callsMatterWith: ['netmod'] }),
    // beep*(): by pattern, only where the statement says LOUD.
    ruleWith('OPS994', { callPattern: /^beep/, callsMatterIn: loud }),
    // pong(): needed everywhere by one rule, gated by another: everywhere wins.
    ruleWith('OPS995', { methods: ['pong'], callsMatterIn: loud }),
    ruleWith('OPS996', { methods: ['pong'] }),
    // hum(): a function of netmod, and only where the statement says LOUD: both must hold.
    ruleWith('OPS997', { calls: ['netmod.hum'], callsMatterIn: loud }),
  ]);

  it('parses a call where one of its declaring parties can use it, and only there', () => {
    const cases: [string, readonly string[], boolean][] = [
      [inFunction('x.ping()'), [], false],
      [inFunction('x.ping()'), ['netmod'], true],
      [inFunction('x.ping("LOUD")'), [], true],
      [inFunction('shout(x)'), [], false],
      [inFunction('shout(x)'), ['netmod'], true],
      [inFunction('beep_twice(x)'), [], false],
      [inFunction('beep_twice(x)  # LOUD'), [], true],
      [inFunction('x.pong()'), [], true],
      [inFunction('hum(x)  # LOUD'), [], false],
      [inFunction('hum(x)'), ['netmod'], false],
      [inFunction('hum(x)  # LOUD'), ['netmod'], true],
      // A call of nothing declared is no reason, gate or not.
      [inFunction('x.whistle("LOUD")'), ['netmod'], false],
    ];
    for (const [src, named, expected] of cases) assert.equal(parses(vocabulary, named, src), expected, `${src} with ${named.join(',')}`);
  });

  it('parses a builtin called on a receiver only where the receiver may be the builtins module, and never for a definition of its name', () => {
    const shouts = vocabularyOf([ruleWith('OPS998', { calls: ['builtins.shout', 'loudmod.shout'] })]);
    const cases: [string, readonly string[], boolean][] = [
      [inFunction('shout(x)'), [], true],
      [inFunction('x.shout()'), [], false],
      [inFunction('x . shout()'), [], false],
      [inFunction('x.y.shout()'), [], false],
      [inFunction('x.shout()'), ['builtins'], true],
      [inFunction('x.shout()'), ['loudmod'], true],
      ['class C:\n    def shout(self):\n        pass\n', [], false],
      ['class shout(Base):\n    pass\n', [], false],
      // A receiver written across a line continuation, or text whose syntax is in doubt: parsed.
      [inFunction('x.\\\n        shout()'), [], true],
      [inFunction('x.shout(') + ')\n', [], true],
      ['class C:\n    def shout(self):\n        pass\n  x = (\n', [], true],
    ];
    for (const [src, named, expected] of cases) assert.equal(parses(shouts, named, src), expected, `${src} with ${named.join(',')}`);
  });

  it('parses a call on a receiver only where it may be the module or an object its makers made (methodsOn)', () => {
    const zaps = vocabularyOf([
      ruleWith('OPS990', {
        calls: ['netmod.zap', 'net.sub.zoom'],
        methods: ['zap', 'zip'],
        methodsOf: ['netmod'],
        methodsOn: ['netmod.Maker'],
      }),
    ]);
    /** Parsed in a document that names netmod and net and, as `words` says, calls Maker or imports netmod under another name. */
    const zapParses = (words: { makes: boolean; renames: boolean }, src: string) => {
      const filter = prefilter(
        zaps,
        callsThatMatter(zaps, (m) => m === 'netmod' || m === 'net', { makes: () => words.makes, renames: () => words.renames }),
      );
      return !filter(src, 'statement');
    };
    const none = { makes: false, renames: false };
    const cases: [string, { makes: boolean; renames: boolean }, boolean][] = [
      [inFunction('zap(x)'), none, true],
      [inFunction('netmod.zap(x)'), none, true],
      [inFunction('netmod . zap(x)'), none, true],
      [inFunction('x.zap()'), none, false],
      [inFunction('x.y.zap()'), none, false],
      [inFunction('netmod.x.zap()'), none, false],
      [inFunction('x["k"].zap()'), none, false],
      [inFunction('f(x).zap()'), none, false],
      [inFunction('(netmod).zip()'), none, false],
      [inFunction('x.zap(); netmod.zip()'), none, true],
      // A function of a module of more than one name is called on a dotted receiver.
      [inFunction('net.sub.zoom()'), none, true],
      // Under another name, any plain name may be the module; with a maker called, anything may be its object.
      [inFunction('x.zap()'), { makes: false, renames: true }, true],
      [inFunction('x.y.zap()'), { makes: false, renames: true }, false],
      [inFunction('x.y.zap()'), { makes: true, renames: false }, true],
      [inFunction('f(x).zip()'), { makes: true, renames: false }, true],
      // Where the text does not say (a line continuation, a non-ASCII letter), parsed.
      [inFunction('x \\\n        .zap()'), none, true],
      [inFunction('xé.zap()'), none, true],
    ];
    for (const [src, words, expected] of cases) assert.equal(zapParses(words, src), expected, `${src} with ${JSON.stringify(words)}`);
    // Another party reading zap() on any receiver: every receiver counts.
    const both = vocabularyOf([
      ruleWith('OPS990', { methods: ['zap'], methodsOf: ['netmod'], methodsOn: ['netmod.Maker'] }),
      ruleWith('OPS991', { methods: ['zap'] }),
    ]);
    assert.equal(
      !prefilter(
        both,
        callsThatMatter(both, () => true, { makes: () => false, renames: () => false }),
      )(inFunction('x.y.zap()'), 'statement'),
      true,
    );
  });

  it("parses a call of a module's function on a receiver only where the receiver may be the module", () => {
    const hums = vocabularyOf([ruleWith('OPS989', { calls: ['netmod.hum', 'net.sub.buzz'] })]);
    /** Parsed in a document that names netmod and net, and (as `renames` says) imports netmod under another name. */
    const humParses = (renames: boolean, src: string) =>
      !prefilter(
        hums,
        callsThatMatter(hums, (m) => m === 'netmod' || m === 'net', { makes: () => false, renames: () => renames }),
      )(src, 'statement');
    const cases: [string, boolean, boolean][] = [
      [inFunction('hum(x)'), false, true],
      [inFunction('netmod.hum(x)'), false, true],
      [inFunction('netmod . hum(x)'), false, true],
      // The facts resolve `x.hum()` to netmod.hum only where x is bound to netmod, which only an import does.
      [inFunction('x.hum()'), false, false],
      [inFunction('self.hum()'), false, false],
      [inFunction('self.netmod.hum()'), false, false],
      [inFunction('f(x).hum()'), false, false],
      [inFunction('x["k"].hum()'), false, false],
      [inFunction('x.hum(); netmod.hum()'), false, true],
      // Under another name (`import netmod as nm`), any plain name may be the module.
      [inFunction('nm.hum()'), true, true],
      [inFunction('self.nm.hum()'), true, false],
      // A function of a module of more than one name is called on a dotted receiver: any receiver.
      [inFunction('net.sub.buzz()'), false, true],
      [inFunction('x.buzz()'), false, true],
      // Where the text does not say (a line continuation, a non-ASCII letter), parsed.
      [inFunction('x \\\n        .hum()'), false, true],
      [inFunction('xé.hum()'), false, true],
    ];
    for (const [src, renames, expected] of cases) assert.equal(humParses(renames, src), expected, `${src} renames ${renames}`);
    // Another party reading hum() as a method: every receiver counts.
    const both = vocabularyOf([ruleWith('OPS989', { calls: ['netmod.hum'] }), ruleWith('OPS988', { methods: ['hum'] })]);
    assert.equal(
      !prefilter(
        both,
        callsThatMatter(both, () => true, { makes: () => false, renames: () => false }),
      )(inFunction('self.x.hum()'), 'statement'),
      true,
    );
    // Its module is one whose renaming the text scan looks for.
    assert.ok(hums.receiverWords.modules.includes('netmod'));
    assert.ok(!hums.receiverWords.modules.includes('net.sub'));
  });

  it('asks a gate about a text once, however many of its calls need the answer', () => {
    let asked = 0;
    const counting = (text: string) => {
      asked++;
      return text.includes('LOUD');
    };
    const gated = vocabularyOf([ruleWith('OPS991', { methods: ['ping', 'pong'], callsMatterIn: counting })]);
    assert.equal(parses(gated, [], inFunction('x.ping(); x.pong(); x.ping(); beep()')), false);
    assert.equal(asked, 1);
    assert.equal(parses(gated, [], inFunction('x.ping(); x.pong("LOUD")')), true);
    assert.equal(asked, 2);
  });

  it('parses log calls and logging helpers only in a module that names logging', () => {
    const shipped = vocabularyOf([]);
    const logs = dedent(`
      def report(module, msg):
          module.warn("deprecated: %s" % msg)
          get_logger().info(msg)
    `);
    assert.equal(parses(shipped, [], logs), false);
    assert.equal(parses(shipped, ['logging'], logs), true);
  });
});

describe('diagnostics: the secret-name test of a whole text (mayHoldSecretName)', () => {
  it('accepts every text holding a name isSecretName accepts', () => {
    const names = [
      'password',
      'db_password',
      'dbPassword',
      'API_KEY',
      'apiKey',
      'api__key',
      'x_api_key',
      'ClientSecret',
      'authToken',
      'PRIVATE_KEY',
      'encryptionKey',
      'passphrase',
      'pwd',
      'credentials',
      // Non-ASCII letters separate words; the Kelvin sign lower-cases to "k".
      'é_token',
      'apiék\u0065y',
      'to\u212Aen',
    ];
    for (const path of stdlibFiles().filter((_, i) => i % 25 === 0)) {
      for (const m of readFileSync(path, 'latin1').matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)) names.push(m[0]);
    }
    for (const f of ruleFixtures()) for (const m of f.text.matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)) names.push(m[0]);
    let secret = 0;
    for (const name of names) {
      if (!isSecretName(name)) continue;
      secret++;
      assert.ok(mayHoldSecretName(`raise Error(${name})`), name);
    }
    assert.ok(secret > 50, `only ${secret} secret names`);
  });

  it('answers as the words and pairs matched in the lower-cased text would, whatever the case of each letter', () => {
    const lowerCased = new RegExp(
      [
        ...['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials'],
        ...['api', 'access', 'private', 'secret', 'signing', 'auth', 'encryption'].map((w) => `${w}[^a-z0-9]*key`),
      ].join('|'),
    );
    const cased = (word: string, seed: number): string => [...word].map((c, i) => ((seed >> (i % 16)) & 1 ? c.toUpperCase() : c)).join('');
    // Separators, and the characters whose lower case (or case folding) is an ASCII letter: K (Kelvin), İ, ſ.
    const between = ['', '_', '-', ' ', '.', '1', 'A', 'é', '\u212A', '\u0130', '\u017F', '\u0307', 'ß', '名', '_\u0130_'];
    const words = ['api', 'ap\u0130', 'AP\u0130', 'access', 'private', 'secret', 'signing', 'auth', 'encryption', 'pass', 'to', 'cred'];
    const ends = ['key', '\u212Aey', 'KEY', 'word', 'wd', 'ken', '\u212Aen', 'ential', 'entials', 'phrase', 'x', ''];
    let seed = 1;
    let yes = 0;
    for (const first of words)
      for (const sep of between)
        for (const end of ends) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          for (const text of [
            `${first}${sep}${end}`,
            `x = ${cased(first, seed)}${sep}${cased(end, seed >> 3)}(1)`,
            `${sep}${cased(first + end, seed >> 5)}`,
          ]) {
            const expected = lowerCased.test(text.toLowerCase());
            if (expected) yes++;
            assert.equal(mayHoldSecretName(text), expected, JSON.stringify(text));
          }
        }
    assert.ok(yes > 200, `only ${yes} texts with a secret name`);
  });

  it('rejects text without such a word', () => {
    for (const text of ['raise ValueError("bad value %s" % value)', 'module.fail_json(msg="no such host")', 'keys = list(d.keys())']) {
      assert.equal(mayHoldSecretName(text), false, text);
    }
  });
});
