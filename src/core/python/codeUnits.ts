// A text's UTF-16 code units in a typed array, for the loops that read every character of a file
// (the statement scanner, the quick syntax check). V8's charCodeAt checks the string's
// representation on every call; a typed array's element is one load: such a loop takes about 40%
// less time, and copying the text into the array costs about as much as 2% of one pass.

/** Texts up to this many characters are copied into an array kept for the next; a longer one gets an array of its own. */
const SCRATCH_CHARS = 1 << 18;
/** Buffer writes UTF-16 little-endian; where Uint16Array is big-endian the units are copied one by one. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Texts shorter than this are copied in a loop: Buffer's write costs more to call than to copy them. */
const COPIED_IN_A_LOOP = 64;

/** One text's units, in an array reused for the next text this slot holds. */
class Slot {
  text: string | undefined;
  units: Uint16Array = new Uint16Array(0);
  /** SCRATCH_CHARS units, and the same memory as bytes for Buffer's write: made once, not per text. */
  private scratch: Uint16Array | undefined;
  private scratchBytes: Buffer | undefined;

  fill(text: string): Uint16Array {
    const length = text.length;
    let units: Uint16Array;
    let bytes: Buffer;
    if (length < SCRATCH_CHARS) {
      // The whole scratch array, longer than the text (a view of its first units would be one more
      // object per text: the quick syntax check copies tens of thousands of statements).
      this.scratch ??= new Uint16Array(SCRATCH_CHARS);
      this.scratchBytes ??= Buffer.from(this.scratch.buffer, this.scratch.byteOffset, this.scratch.byteLength);
      units = this.scratch;
      bytes = this.scratchBytes;
    } else {
      units = new Uint16Array(length + 1);
      bytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
    }
    if (LITTLE_ENDIAN && length >= COPIED_IN_A_LOOP) bytes.write(text, 0, 2 * length, 'utf16le');
    else for (let i = 0; i < length; i++) units[i] = text.charCodeAt(i);
    units[length] = 10;
    this.text = text;
    this.units = units;
    return units;
  }
}

/**
 * The code units of the last two texts asked for: a reader that goes back and forth between a
 * document and its pieces (a statement's text, a class member below a stand-in header) copies the
 * document once, not at every return to it. One per reader: another's texts do not push its out.
 */
export class CodeUnits {
  /** The text asked for last, then the one before. */
  private recent = new Slot();
  private older = new Slot();

  /** The code units of `text` if this reader holds them (one of its last two texts), without copying it. */
  held(text: string): Uint16Array | undefined {
    return text === this.recent.text ? this.recent.units : text === this.older.text ? this.older.units : undefined;
  }

  /**
   * The code units of `text` (`units[i] === text.charCodeAt(i)`), followed by a line feed at
   * `units[text.length]`: a loop over a run of characters may stop at the end without testing it
   * when a line feed stops it. The array may be longer: nothing past that line feed is the text's.
   * Valid until this reader asks for two other texts: read it at once, and ask again after calling
   * anything that may ask for other texts.
   */
  of(text: string): Uint16Array {
    const recent = this.recent;
    if (text === recent.text) return recent.units;
    const older = this.older;
    this.recent = older;
    this.older = recent;
    return text === older.text ? older.units : older.fill(text);
  }
}

/**
 * The code units of document texts, for the readers that go through a whole document before it is
 * parsed (the search for the modules it names, then the statement scanner): one copy serves both.
 */
export const DOCUMENT_UNITS = new CodeUnits();

/**
 * A copy of `text` that keeps no other string alive, for a text remembered for later: a slice of
 * a document (a statement) may be made as a view of it, which would keep the whole document.
 */
export function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
