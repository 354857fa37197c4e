// Decodes a Python file as Python would: UTF-8 (optionally with a BOM) unless a PEP 263 coding
// comment says otherwise. Files Python could not read either are refused with a reason.
// Shared by `pyops check` and the editor's Check Workspace.

export interface SourceFile {
  text: string;
  /** The encoding it was decoded with; fixes are only written back to UTF-8 files. */
  encoding: string;
  hasBom: boolean;
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; reason: string };

/** PEP 263: a comment on line 1 or 2 matching `coding[:=]\s*([-\w.]+)`. */
const CODING_COMMENT = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes
    .subarray(0, 512)
    .toString('latin1')
    .split(/\r\n|\r|\n/, 2);
  for (const line of head) {
    const match = CODING_COMMENT.exec(line);
    if (match) return match[1].toLowerCase();
    // The second line only counts when the first is blank or a comment.
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return undefined;
}

/** Python codec names as the WHATWG encoding labels TextDecoder knows ("latin-1" -> "iso-8859-1"). */
function whatwgLabel(pythonName: string): string {
  const name = pythonName.replace(/_/g, '-');
  if (/^(latin-?1|l1|iso-?8859-?1|8859|cp819)$/.test(name)) return 'iso-8859-1';
  const iso = /^iso-?8859-?(\d+)$/.exec(name);
  if (iso) return `iso-8859-${iso[1]}`;
  const windows = /^(?:cp|windows-?)(125\d)$/.exec(name);
  if (windows) return `windows-${windows[1]}`;
  return name;
}

function isUtf8Name(encoding: string): boolean {
  return /^utf[-_]?8(?:[-_](?:sig|unix|mac|dos))?$/.test(encoding);
}

export function decodeSource(bytes: Buffer): ReadResult {
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not Python source' };
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const declared = hasBom ? undefined : declaredEncoding(body);
  const encoding = declared !== undefined && !isUtf8Name(declared) ? whatwgLabel(declared) : 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    return { ok: false, reason: `unknown encoding '${declared}' in the coding comment` };
  }
  try {
    return { ok: true, source: { text: decoder.decode(body), encoding, hasBom } };
  } catch {
    return { ok: false, reason: `not valid ${encoding} text (binary file?)` };
  }
}
