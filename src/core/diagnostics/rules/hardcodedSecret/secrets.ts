// What counts as a secret-looking name and as a placeholder value (hardcoded-secret rule).

/** Words that make a name secret-looking, alone or as a camel/snake part. */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
]);
/** Two-word forms: api_key, access_key, private_key, secret_key, auth_token, client_secret... */
export const SECRET_PAIRS: ReadonlySet<string> = new Set([
  'api key',
  'access key',
  'private key',
  'secret key',
  'signing key',
  'auth key',
  'encryption key',
]);
/** A final word that says the value is about the secret, not the secret itself. */
const NOT_SECRET_SUFFIXES = new Set([
  'url',
  'uri',
  'path',
  'file',
  'filename',
  'dir',
  'prompt',
  'field',
  'name',
  'env',
  'var',
  'header',
  'type',
  'pattern',
  'regex',
  're',
  'format',
  'fmt',
  'label',
  'msg',
  'message',
  'length',
  'len',
  'endpoint',
  'template',
  'id',
  'key' /* handled by SECRET_PAIRS */,
  'param',
  'arg',
  'option',
  'flag',
  'column',
  'attr',
  'prefix',
  'suffix',
  'command',
  'cmd',
  'policy',
  'rule',
  'error',
  'help',
  'text',
  'title',
  'hint',
  'mode',
  'kind',
  'count',
  'ttl',
  'expiry',
  'expires',
  'timeout',
  'scope',
  'scopes',
  'store',
  'provider',
  'backend',
  'class',
  'cls',
  'validator',
  'handler',
  // About a key or a credentials file, not its value: `signing_key_fingerprint`, `CREDENTIALS_FILE_VERSION`.
  'fingerprint',
  'version',
  // A lexer's token and where it is: `token_range`, `token_start`.
  'range',
  'start',
  'end',
  'offset',
  'index',
  'pos',
  'line',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\W]+/)
    .filter((w) => w !== '');
}

/** `letters` written in either case: `[kK\u212A][eE][yY]`; the Kelvin sign lower-cases to `k` (toLowerCase maps no other non-ASCII character to an ASCII letter but `İ`, see pairHead). */
function eitherCase(letters: string): string {
  return [...letters].map((c) => (c === 'k' ? '[kK\u212A]' : `[${c}${c.toUpperCase()}]`)).join('');
}

/** `first` of a pair as the pattern reads it: `apİ` holds `api` (`İ` lower-cases to `i` and a combining dot, a separator). */
function pairHead(first: string): string {
  return first.endsWith('i') ? `${eitherCase(first.slice(0, -1))}[iI\u0130]` : eitherCase(first);
}

/** What may stand between the two words of a pair: characters whose lower case holds no ASCII letter or digit. */
const PAIR_SEPARATORS = '[^a-zA-Z0-9\u212A\u0130]*';

/**
 * What every name isSecretName accepts holds in its lower case: one of SECRET_WORDS, or the two
 * words of a pair with nothing but separators between them (`api_key`, `apiKey`). Matched on the
 * text as written, each letter in either case, which finds what /.../ finds in text.toLowerCase()
 * without the copy. Each word and pair is matched from one letter on (its anchor, what indexOf
 * looks for, see PROBES), the letters before it by a lookbehind: the k of `token` and of the
 * pairs' `key` (`apikey` is the pair `api key` with no separator), the w of `password`, `passwd`
 * and `pwd`, the r of `secret`, `credential(s)` and `passphrase`.
 */
const AT_K = sticky([
  `(?<=${eitherCase('to')})${eitherCase('ken')}`,
  `(?<=(?:${[...SECRET_PAIRS].map((pair) => pairHead(pair.split(' ')[0])).join('|')})${PAIR_SEPARATORS})${eitherCase('key')}`,
]);
const AT_W = sticky([`(?<=${eitherCase('pass')})[wW](?:${eitherCase('ord')}|[dD])`, `(?<=[pP])[wW][dD]`]);
const AT_R = sticky([
  `(?<=${eitherCase('sec')})${eitherCase('ret')}`,
  `(?<=[cC])${eitherCase('redential')}`,
  `(?<=${eitherCase('passph')})${eitherCase('rase')}`,
]);

function sticky(alternatives: readonly string[]): RegExp {
  return new RegExp(alternatives.join('|'), 'y');
}

/**
 * One search of mayHoldSecretName: each occurrence of `find` puts an anchor `offset` code units
 * after its start, where `at` is tried if the code unit `near` units from the anchor, lower-cased
 * (`| 32`: only `A`-`Z` and `a`-`z` give `a`-`z`), is one of `nearCodes` (0: no such test).
 */
interface Probe {
  readonly find: string;
  readonly offset: number;
  readonly near: number;
  readonly nearCodes: readonly [number, number];
  readonly at: RegExp;
}

function probe(find: string, offset: number, near: number, nearLetters: string, at: RegExp): Probe {
  const codes: [number, number] = nearLetters === '' ? [0, 0] : [nearLetters.charCodeAt(0), nearLetters.charCodeAt(nearLetters.length - 1)];
  return { find, offset, near, nearCodes: codes, at };
}

/**
 * Where mayHoldSecretName looks. The pattern as one alternation, run over the text, was tried at
 * almost every character (each of p, s, t, a, c, e starts a word) and cost ~5 ns a character over
 * the 14 MB of statements the standard library's run asks about; indexOf finds a rare letter (k, w,
 * an upper-case R) or a pair (`cr`: memchr finds the c) in a fraction of that. The r is frequent:
 * it is looked for after a c or h (`cr`, `Cr`, `hr`, `Hr`) in lower case, alone in upper case.
 */
const PROBES: readonly Probe[] = [
  probe('k', 0, 1, 'e', AT_K),
  probe('K', 0, 1, 'e', AT_K),
  probe('\u212A', 0, 1, 'e', AT_K),
  probe('w', 0, -1, 'sp', AT_W),
  probe('W', 0, -1, 'sp', AT_W),
  probe('cr', 1, 0, '', AT_R),
  probe('Cr', 1, 0, '', AT_R),
  probe('hr', 1, 0, '', AT_R),
  probe('Hr', 1, 0, '', AT_R),
  probe('R', 0, -1, 'ch', AT_R),
];

/** Whether `p` finds a secret word or pair in `text`. */
function probeFinds(text: string, p: Probe): boolean {
  for (let i = text.indexOf(p.find); i !== -1; i = text.indexOf(p.find, i + 1)) {
    const anchor = i + p.offset;
    if (p.near !== 0) {
      const j = anchor + p.near;
      // A word's letter next to the anchor is inside the text; reading outside it (NaN) would throw optimized code away.
      if (j < 0 || j >= text.length) continue;
      const c = text.charCodeAt(j) | 32;
      if (c !== p.nearCodes[0] && c !== p.nearCodes[1]) continue;
    }
    p.at.lastIndex = anchor;
    if (p.at.test(text)) return true;
  }
  return false;
}

/**
 * Whether some name in `text` may be one isSecretName accepts: a cheap, loose test of a whole
 * statement (words in strings and comments count, and so do parts of longer words).
 */
export function mayHoldSecretName(text: string): boolean {
  for (const p of PROBES) if (probeFinds(text, p)) return true;
  return false;
}

export function isSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  const last = w[w.length - 1];
  for (let i = 0; i < w.length; i++) {
    if (i + 1 < w.length && SECRET_PAIRS.has(`${w[i]} ${w[i + 1]}`)) return i + 1 === w.length - 1 || !NOT_SECRET_SUFFIXES.has(last);
    if (SECRET_WORDS.has(w[i])) return i === w.length - 1 || !NOT_SECRET_SUFFIXES.has(last);
  }
  return false;
}

const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'replace_me',
  'replaceme',
  'todo',
  'fixme',
  'tbd',
  'none',
  'null',
  'nil',
  'dummy',
  'example',
  'sample',
  'test',
  'testing',
  'placeholder',
  'redacted',
  'hidden',
  'secret',
  'password',
  'token',
  'xxx',
  'yes',
  'no',
  'true',
  'false',
  'on',
  'off',
  'enabled',
  'disabled',
  'your_token',
  'your_password',
  'your-token',
  'your-password',
  'notset',
  'unset',
  'default',
]);

/**
 * Values that are clearly not a real secret: empty, placeholders (`<token>`, `${TOKEN}`, `xxx`,
 * `changeme`), environment variable names, URLs and paths, prose, or the name itself.
 */
export function isPlaceholderSecret(value: string, name: string): boolean {
  const v = value.trim();
  if (v.length < 3) return true;
  if (/\s/.test(v)) return true;
  if (/^[<{[(].*[>}\])]$/.test(v) || v.includes('${') || v.includes('{{') || v.includes('%(') || /\{\w*\}/.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true;
  if (/^[A-Z][A-Z0-9_]+$/.test(v) && v.includes('_')) return true;
  if (v.includes('://') || v.startsWith('/') || v.startsWith('./') || v.startsWith('~')) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower) || /^(your|my|enter|insert|put)[-_ ]/.test(lower)) return true;
  if (words(name).includes(lower.replace(/[-_]/g, ''))) return true;
  return lower === name.toLowerCase();
}
