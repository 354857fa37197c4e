// The last N profile runs of this workspace, kept under the extension's workspace storage
// (context.storageUri, or the global storage when no folder is open): for "Rerun Last Profile",
// "Compare with Previous Run" and saving a run's .prof later.
//
// Layout: <storage>/profile-runs/index.json (newest first) and, per run, <id>.json (the Profile)
// and <id>.prof (pstats). Files of runs that fall out of the index are deleted.

import * as vscode from 'vscode';
import type { Profile } from '../../core/profile/model';
import { isStoredTarget, type StoredTarget } from './runTarget';

export interface RunRequest {
  /**
   * The document that was profiled: a file URI, or an untitled buffer's URI; for a module,
   * launch configuration or test, a URI that names it (runs of the same target compare).
   */
  source: string;
  args: string[];
  memory: boolean;
  /** Profiled by the stack sampler alone (no cProfile); absent: the default. */
  samplingOnly?: boolean;
  /** Set when a module, launch configuration or test was profiled rather than `source`. */
  target?: StoredTarget;
}

export interface RunRecord extends RunRequest {
  id: string;
  /** What the panel is titled with (the script's file name). */
  title: string;
  /** ISO time the run started. */
  startTime: string;
  exitStatus: Profile['run']['exitStatus'];
  totalTime: number;
}

const INDEX_VERSION = 1;

interface IndexFile {
  version: number;
  runs: RunRecord[];
}

function isRunRecord(value: unknown): value is RunRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    /^[A-Za-z0-9_-]+$/.test(r.id) &&
    typeof r.source === 'string' &&
    Array.isArray(r.args) &&
    r.args.every((a) => typeof a === 'string') &&
    typeof r.memory === 'boolean' &&
    (r.samplingOnly === undefined || typeof r.samplingOnly === 'boolean') &&
    typeof r.title === 'string' &&
    typeof r.startTime === 'string' &&
    (r.target === undefined || isStoredTarget(r.target))
  );
}

export class RunStore {
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs allocated but not yet added: their .prof is being written and must not be swept. */
  private readonly pending = new Set<string>();

  constructor(private readonly storageRoot: vscode.Uri) {}

  private get folder(): vscode.Uri {
    return vscode.Uri.joinPath(this.storageRoot, 'profile-runs');
  }

  private get indexUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'index.json');
  }

  profileUri(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${id}.json`);
  }

  profUri(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${id}.prof`);
  }

  /** A fresh id and the path the run's .prof should be written to (folder created). */
  async allocate(): Promise<{ id: string; profPath: string }> {
    await vscode.workspace.fs.createDirectory(this.folder);
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
    this.pending.add(id);
    return { id, profPath: this.profUri(id).fsPath };
  }

  /** Serialises index updates (two runs can finish at once). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async list(): Promise<RunRecord[]> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.indexUri);
      const data = JSON.parse(new TextDecoder().decode(bytes)) as Partial<IndexFile>;
      if (data.version !== INDEX_VERSION || !Array.isArray(data.runs)) return [];
      return data.runs.filter(isRunRecord);
    } catch {
      // Missing or corrupt index: start over rather than fail a run.
      return [];
    }
  }

  /** A run allocated with allocate() that produced no profile: its files go. */
  abandon(id: string): Promise<void> {
    this.pending.delete(id);
    return this.exclusive(async () => {
      for (const uri of [this.profUri(id), this.profileUri(id)]) {
        await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      }
    });
  }

  /** Adds a run (newest first), then drops the oldest beyond `keep` with their files. */
  add(record: RunRecord, profile: Profile, keep: number): Promise<void> {
    this.pending.delete(record.id);
    return this.exclusive(async () => {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(this.profileUri(record.id), new TextEncoder().encode(JSON.stringify(profile)));
      const runs = [record, ...(await this.list()).filter((r) => r.id !== record.id)];
      const kept = runs.slice(0, Math.max(1, keep));
      await this.writeIndex(kept);
      await this.removeFilesExcept(new Set(kept.map((r) => r.id)));
    });
  }

  /** Forgets runs beyond `keep` (after the setting was lowered). */
  trim(keep: number): Promise<void> {
    return this.exclusive(async () => {
      const runs = await this.list();
      if (runs.length <= keep) return;
      const kept = runs.slice(0, Math.max(1, keep));
      await this.writeIndex(kept);
      await this.removeFilesExcept(new Set(kept.map((r) => r.id)));
    });
  }

  async latest(): Promise<RunRecord | undefined> {
    return (await this.list())[0];
  }

  /** The run of the same source just before `id` (or the newest one when `id` is not stored). */
  async previousOf(source: string, id: string | undefined): Promise<RunRecord | undefined> {
    const runs = (await this.list()).filter((r) => r.source === source);
    if (id === undefined) return runs[0];
    const index = runs.findIndex((r) => r.id === id);
    return index < 0 ? runs[0] : runs[index + 1];
  }

  async loadProfile(id: string): Promise<Profile | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.profileUri(id));
      const profile = JSON.parse(new TextDecoder().decode(bytes)) as Profile;
      return Array.isArray(profile.functions) && typeof profile.run === 'object' ? profile : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeIndex(runs: RunRecord[]): Promise<void> {
    const data: IndexFile = { version: INDEX_VERSION, runs };
    await vscode.workspace.fs.writeFile(this.indexUri, new TextEncoder().encode(JSON.stringify(data, null, 1)));
  }

  private async removeFilesExcept(keep: Set<string>): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.folder);
    } catch {
      return;
    }
    for (const [name] of entries) {
      const match = /^(.+)\.(json|prof)$/.exec(name);
      if (!match || name === 'index.json' || keep.has(match[1]!) || this.pending.has(match[1]!)) continue;
      try {
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, name));
      } catch {
        // Removed by someone else meanwhile, or locked: the next run retries.
      }
    }
  }
}
