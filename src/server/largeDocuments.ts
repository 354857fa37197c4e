// Large open documents: checked when opened and saved instead of as you type (every check reads
// the whole text), and not at all past what the parser takes; the user is told once per document.
import { basename } from 'node:path';
import { CHECK_ON_SAVE_ABOVE, MAX_CHECKED_LENGTH } from '../core/diagnostics';

/** Whether a document of `length` characters is re-checked only when saved, whatever the settings say. */
export function checkedOnlyOnSave(length: number): boolean {
  return length > CHECK_ON_SAVE_ABOVE;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** A document's name for a message: its file name, or the URI of an untitled one. */
function displayName(uri: string): string {
  return uri.startsWith('file:') ? basename(decodeURIComponent(new URL(uri).pathname)) : uri;
}

export interface Notifier {
  info(message: string): void;
  warning(message: string): void;
}

export class LargeDocumentNotices {
  private readonly told = new Map<string, 'on-save' | 'not-checked'>();

  constructor(private readonly notify: Notifier) {}

  /** Tells the user, once per document and size class, that it is checked only on save, or not at all. */
  note(uri: string, length: number): void {
    const state = length > MAX_CHECKED_LENGTH ? 'not-checked' : checkedOnlyOnSave(length) ? 'on-save' : undefined;
    if (!state || this.told.get(uri) === state) return;
    this.told.set(uri, state);
    const name = displayName(uri);
    if (state === 'not-checked') {
      this.notify.warning(
        `PyOps does not check ${name}: it has ${count(length)} characters, more than the ${count(MAX_CHECKED_LENGTH)} it can check.`,
      );
    } else {
      this.notify.info(
        `PyOps checks ${name} when it is opened and saved, not as you type: it has ${count(length)} characters (checking as you type stops at ${count(CHECK_ON_SAVE_ABOVE)}). Quick fixes return once it is saved.`,
      );
    }
  }

  forget(uri: string): void {
    this.told.delete(uri);
  }
}
