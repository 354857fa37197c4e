// What counts as a secret-looking name and as a placeholder value (hardcoded-secret rule).

/** Words that make a name secret-looking, alone or as a camel/snake part. */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials']);
/** Two-word forms: api_key, access_key, private_key, secret_key, auth_token, client_secret... */
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key', 'secret key', 'signing key', 'auth key', 'encryption key']);
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

/** `letters` written in either case: `[kK\u212A][eE][yY]`; the Kelvin sign lower-cases to `k` (toLowerCase maps no other non-ASCII character to an ASCII letter but `İ`, see SECRET_TEXT). */
function eitherCase(letters: string): string {
  return [...letters].map((c) => (c === 'k' ? '[kK\u212A]' : `[${c}${c.toUpperCase()}]`)).join('');
}

/**
 * What every name isSecretName accepts holds in its lower case: one of SECRET_WORDS, or the two
 * words of a pair with nothing but separators between them (`api_key`, `apiKey`). Matched on the
 * text as written, each letter in either case, which finds what /.../ finds in text.toLowerCase()
 * without the copy: a separator is a character whose lower case holds no ASCII letter or digit,
 * and `İ` (U+0130) lower-cases to `i` and a combining dot, a separator, so `apİ_key` holds a pair.
 */
const SECRET_TEXT = new RegExp(
  [
    ...[...SECRET_WORDS].map(eitherCase),
    ...[...SECRET_PAIRS].map((pair) => {
      const [first, second] = pair.split(' ');
      const head = first.endsWith('i') ? `${eitherCase(first.slice(0, -1))}[iI\u0130]` : eitherCase(first);
      return `${head}[^a-zA-Z0-9\u212A\u0130]*${eitherCase(second)}`;
    }),
  ].join('|'),
);

/**
 * Whether some name in `text` may be one isSecretName accepts: a cheap, loose test of a whole
 * statement (words in strings and comments count, and so do parts of longer words).
 */
export function mayHoldSecretName(text: string): boolean {
  return SECRET_TEXT.test(text);
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
