// The results of `pyops check` per file, kept between runs so that a second run over unchanged
// files costs little more than reading them (as ruff's .ruff_cache). An entry is found by the
// file's path and configuration, and holds the hash of the bytes it was computed from: a changed
// file, configuration or PyOps build never matches an old entry. Entries are written through a
// temporary file and a rename, so concurrent runs and crashes leave whole entries or none; an
// unreadable, corrupt or foreign entry is a miss and is rewritten. Nothing here ever fails a run.
import * as crypto from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { EngineConfig, Finding } from '../core/diagnostics/types';
import { CACHE_FORMAT, readCacheEntry, type CacheEntry, type CachedResult } from './cacheEntry';
import type { SourceLines } from './sourceColumns';
import { PYOPS_VERSION } from './version';

/** Where a run keeps its results: the cache folder and the build that computed them. */
export interface CacheLocation {
  dir: string;
  /** The PyOps version and a hash of the running engine (bundle and grammar). */
  build: string;
}

/** What an entry must match to be used: the file, its configuration and its bytes. */
export type CacheKey = Omit<CacheEntry, 'format' | 'findings'>;

export { DEFAULT_CACHE_DIR } from './checkOptions';

/** As ruff writes into .ruff_cache: git ignores the folder without a line in the project's .gitignore. */
const GITIGNORE = '# Automatically created by PyOps.\n*\n';
/** The Cache Directory Tagging Specification: backup tools skip the folder. */
const CACHEDIR_TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by PyOps.\n';
/**
 * This thread's part of the names of temporary entry files: the process id and random bytes drawn
 * once, at its first write (a run on another machine sharing the folder has its own), then a count
 * tells the files apart. Random bytes drawn for each file were a tenth of what storing it cost.
 */
let tempNames: string | undefined;
let tempCount = 0;

/** After this many failed writes (a read-only checkout, a full disk), a run stops trying. */
const MAX_WRITE_FAILURES = 20;

/**
 * Node's one-shot hash (Node 20.12 and later; not in these type definitions yet): for the short
 * texts of keys and entry names, a third of the time of a Hash object made for each.
 */
const hashText = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

function sha256(data: string | Buffer): string {
  // Not for a file's bytes: measured slower there than a Hash object.
  if (typeof data === 'string' && hashText) return hashText('sha256', data);
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Identifies the engine that computes results: the version, and a hash of the running bundle and
 * the grammar files, so that a rebuilt or upgraded PyOps never reads results of another build.
 */
export function engineBuild(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`missing:${file}`);
    }
  }
  return `${PYOPS_VERSION.replace(/[^\w.-]/g, '_')}-${hash.digest('hex').slice(0, 16)}`;
}

export function cacheKey(path: string, config: EngineConfig, relativePath: string, bytes: Buffer): CacheKey {
  return { path, config: configHash(config, relativePath), content: contentHash(bytes) };
}

/** What identifies a file's bytes in its entry. */
export function contentHash(bytes: Buffer): string {
  return sha256(bytes);
}

/**
 * Each configuration's JSON, made once: a run shares one configuration object among the files under
 * a config file and never changes it once made (see configForFile), and its JSON per file was a
 * tenth of what storing a result cost.
 */
const configJson = new WeakMap<EngineConfig, string>();

/** What an entry's configuration must be: the effective configuration and the path per-path ignores see. */
export function configHash(config: EngineConfig, relativePath: string): string {
  let json = configJson.get(config);
  if (json === undefined) configJson.set(config, (json = JSON.stringify(config)));
  // The text of JSON.stringify([config, relativePath]), which entries have always been keyed by.
  return sha256(`[${json},${JSON.stringify(relativePath)}]`);
}

export class ResultCache {
  private readonly root: string;
  private readonly madeDirs = new Set<string>();
  private writeFailures = 0;

  constructor(private readonly location: CacheLocation) {
    this.root = join(location.dir, location.build);
  }

  private entryPath(key: Pick<CacheKey, 'path' | 'config'>): { dir: string; file: string } {
    const name = sha256(`${key.path}\0${key.config}`);
    // Joined by hand: the root is already normalized and the rest is hex, and path.join normalizes
    // the whole path again for every file (a twentieth of a run answered from the cache).
    const dir = `${this.root}${sep}${name.slice(0, 2)}`;
    return { dir, file: `${dir}${sep}${name.slice(2)}.json` };
  }

  /**
   * The entry kept for this file and configuration, not yet matched to the file's bytes, or
   * undefined when there is none (or it cannot be read): such a file is checked without being
   * stat'ed, read or hashed first.
   */
  entry(path: string, config: string): StoredEntry | undefined {
    let text: string;
    try {
      text = readFileSync(this.entryPath({ path, config }).file, 'utf8');
    } catch {
      return undefined;
    }
    return new StoredEntry(text, path, config);
  }

  /**
   * Stores the findings of the bytes `key` hashed and the lines their reports need; `stamp` is the
   * file's when they were read, if it had settled.
   */
  store(key: CacheKey, findings: readonly Finding[], lines: SourceLines, stamp?: string): void {
    if (this.writeFailures >= MAX_WRITE_FAILURES) return;
    const { dir, file } = this.entryPath(key);
    const entry: CacheEntry = { format: CACHE_FORMAT, ...key, ...(stamp === undefined ? {} : { stamp }), findings: [...findings], lines };
    tempNames ??= `${process.pid}-${randomBytes(6).toString('hex')}`;
    const temp = `${file}.${tempNames}-${++tempCount}.tmp`;
    try {
      if (!this.madeDirs.has(dir)) {
        this.createRoot();
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      writeFileSync(temp, JSON.stringify(entry), { flag: 'wx' });
      renameSync(temp, file);
    } catch {
      this.writeFailures++;
      this.madeDirs.delete(dir);
      try {
        unlinkSync(temp);
      } catch {
        // Never created, or already renamed.
      }
    }
  }

  /** Creates the cache folder, with its .gitignore and CACHEDIR.TAG when PyOps is the one creating it. */
  private createRoot(): void {
    const { dir } = this.location;
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of [
        ['.gitignore', GITIGNORE],
        ['CACHEDIR.TAG', CACHEDIR_TAG],
      ]) {
        try {
          writeFileSync(join(dir, name), text, { flag: 'wx' });
        } catch {
          // A concurrent run wrote it first.
        }
      }
    }
  }
}

/** An entry as read from the cache: its findings apply only to the bytes (or the stamp) it was stored with. */
export class StoredEntry {
  constructor(
    private readonly text: string,
    private readonly path: string,
    private readonly config: string,
  ) {}

  /**
   * Its findings if they were computed from bytes read when the file had `stamp` (see fileStamp):
   * the file still has it, so its bytes are those, unread and unhashed.
   */
  stamped(stamp: string): CachedResult | undefined {
    return readCacheEntry(this.text, { path: this.path, config: this.config, stamp });
  }

  /** Its findings if they were computed from bytes with this hash (see contentHash). */
  ofContent(content: string): CachedResult | undefined {
    return readCacheEntry(this.text, { path: this.path, config: this.config, content });
  }
}
