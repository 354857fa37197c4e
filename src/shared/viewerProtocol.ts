// Messages between the extension (ProfilePanel / the .prof custom editor) and the profile viewer.
// Types only, plus the validator the extension uses on what the webview sends.

import type { Profile, ProfileComparison } from '../core/profile/model';

export type ExportFormat = 'speedscope' | 'collapsed' | 'prof';

/** What the panel can do besides showing the profile (drives which buttons the viewer shows). */
export interface ViewerCapabilities {
  /** A previous run of the same script exists ("Compare with previous run"). */
  compare: boolean;
  /** The run can be started again with the same settings. */
  rerun: boolean;
  /** A `.prof` file is kept and can be saved elsewhere. */
  saveProf: boolean;
}

/** Extension -> viewer. */
export type ToViewerMessage =
  | {
      type: 'profile';
      profile: Profile;
      /** Title shown above the numbers (script name, or the `.prof` file name). */
      title: string;
      /** Paths are shown relative to this folder when inside it (workspace folder or cwd). */
      baseDir: string | null;
      capabilities: ViewerCapabilities;
    }
  | {
      type: 'comparison';
      /** null with `message` when there is nothing to compare with. */
      comparison: ProfileComparison | null;
      message?: string;
    }
  /** Select a function (e.g. from a CodeLens "show in profile"). */
  | { type: 'reveal'; functionId: string }
  /** No profile to show (yet): loading, or why it failed, with buttons the extension acts on. */
  | { type: 'status'; text: string; detail?: string; tone: 'info' | 'error'; actions?: ViewerAction[] };

export interface ViewerAction {
  id: string;
  label: string;
}

/** Viewer -> extension. */
export type FromViewerMessage =
  /** The viewer's script is running: send the profile (again, after the panel was hidden). */
  | { type: 'ready' }
  /** preserveFocus: a click previews the line beside the panel; Enter/double click moves focus there. */
  | { type: 'openSource'; file: string; line: number; preserveFocus?: boolean }
  | { type: 'export'; format: ExportFormat }
  | { type: 'compare' }
  | { type: 'rerun' }
  /** A button of a `status` message was pressed. */
  | { type: 'action'; id: string }
  /** Rendering timings, for the log and the benchmark: the profile, or a comparison, was drawn. */
  | { type: 'rendered'; view: RenderedView; functionCount: number; milliseconds: number };

export type RenderedView = 'profile' | 'comparison';

const exportFormats: readonly ExportFormat[] = ['speedscope', 'collapsed', 'prof'];

/**
 * Checks a message from the webview before acting on it: the webview runs untrusted-looking
 * content (names and paths from the profiled program), so nothing is taken on trust.
 */
export function parseViewerMessage(value: unknown): FromViewerMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'compare':
    case 'rerun':
      return { type: message.type };
    case 'openSource':
      if (typeof message.file !== 'string' || message.file === '' || message.file === '~') return undefined;
      if (typeof message.line !== 'number' || !Number.isInteger(message.line) || message.line < 0) return undefined;
      return { type: 'openSource', file: message.file, line: message.line, preserveFocus: message.preserveFocus === true };
    case 'export':
      if (!exportFormats.includes(message.format as ExportFormat)) return undefined;
      return { type: 'export', format: message.format as ExportFormat };
    case 'action':
      return typeof message.id === 'string' && message.id.length < 100 ? { type: 'action', id: message.id } : undefined;
    case 'rendered':
      if (typeof message.functionCount !== 'number' || typeof message.milliseconds !== 'number') return undefined;
      return {
        type: 'rendered',
        view: message.view === 'comparison' ? 'comparison' : 'profile',
        functionCount: message.functionCount,
        milliseconds: message.milliseconds,
      };
    default:
      return undefined;
  }
}
