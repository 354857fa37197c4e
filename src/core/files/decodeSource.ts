// Decodes a Python file as Python would: UTF-8 (optionally with a BOM) unless a PEP 263 coding
// comment says otherwise. Files Python could not read either are refused with a reason.
// Shared by `pyops check` and the editor's Check Workspace.
import { isAscii } from 'node:buffer';

export interface SourceFile {
  text: string;
  /** The encoding it was decoded with; fixes are only written back to UTF-8 files. */
  encoding: string;
  hasBom: boolean;
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; reason: string };

/**
 * PEP 263: a comment on line 1 or 2 matching `coding[:=]\s*([-\w.]+)`; line 2 only counts when line 1
 * is blank or a comment, and line 1's comment wins. One expression over the head (lines end at
 * "\r\n", "\n" or "\r"): the group that skips line 1 is lazy, so line 1 is tried first.
 */
const CODING_COMMENT = /^(?:[ \t\f]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))??[ \t\f]*#[^\r\n]*?coding[:=][ \t]*([-\w.]+)/;

function declaredEncoding(bytes: Buffer): string | undefined {
  const match = CODING_COMMENT.exec(bytes.toString('latin1', 0, 512));
  return match ? match[1].toLowerCase() : undefined;
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

/** A decoder per encoding, made once: a new TextDecoder per file cost more than its decode of a small file. */
const decoders = new Map<string, TextDecoder>();

function decoderFor(encoding: string): TextDecoder | undefined {
  let decoder = decoders.get(encoding);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    } catch {
      return undefined;
    }
    decoders.set(encoding, decoder);
  }
  return decoder;
}

export function decodeSource(bytes: Buffer): ReadResult {
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not Python source' };
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const declared = hasBom ? undefined : declaredEncoding(body);
  const encoding = declared !== undefined && !isUtf8Name(declared) ? whatwgLabel(declared) : 'utf-8';
  // Most files are ASCII, which is valid UTF-8 and decodes as one byte per character: a copy,
  // where the UTF-8 decoder validates and then scans the bytes again.
  if (encoding === 'utf-8' && isAscii(body)) return { ok: true, source: { text: body.toString('latin1'), encoding, hasBom } };
  const decoder = decoderFor(encoding);
  if (decoder === undefined) return { ok: false, reason: `unknown encoding '${declared}' in the coding comment` };
  try {
    return { ok: true, source: { text: decoder.decode(body), encoding, hasBom } };
  } catch {
    return { ok: false, reason: `not valid ${encoding} text (binary file?)` };
  }
}
