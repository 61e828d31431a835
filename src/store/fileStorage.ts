import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from './storage';
import type { Logger } from '../logger';
import { KeyedMutex } from './keyedMutex';
import { unwritableFrom } from './storageErrors';
import { readTextIfExists } from './readTextIfExists';

/** Thrown when a write carries an eTag that no longer matches the stored item. */
export class ETagConflictError extends Error {
  readonly code = 'ETagConflict';

  constructor(readonly key: string) {
    // Same wording as botbuilder's MemoryStorage so logs read alike whichever store runs.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** Thrown when a stored file cannot be parsed; names the file so an operator can inspect it. */
export class CorruptStoreFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`Storage file ${file} is not valid JSON (${reason}); move it away or restore it from a backup`);
    this.name = 'CorruptStoreFileError';
  }
}

/** What one file holds: the key (to detect hash collisions of long keys), the eTag and the item. */
interface StoredEnvelope {
  key: string;
  eTag: string;
  item: StoreItem;
}

const TEMP_SUFFIX = '.tmp';
/** The version a file had before its last write, kept to recover from a damaged file. */
const PREVIOUS_SUFFIX = '.prev';
/** Unreadable files are moved here (inside the store directory), never deleted. */
export const QUARANTINE_DIR = 'quarantine';

export interface FileStorageOptions {
  /** Where quarantined files are reported (a warning per file). */
  logger?: Logger;
}
const MAX_FILE_NAME = 180;
const STALE_TEMP_MS = 10 * 60_000;

/**
 * botbuilder `Storage` on local files: one JSON file per key under `directory`.
 *
 * - Writes are atomic: the new content goes to a temp file in the same directory, is fsynced,
 *   renamed over the target, and the directory is fsynced, so a crash leaves the old or the new
 *   file, never a torn one.
 * - eTags behave like botbuilder's MemoryStorage: a write with no eTag or '*' is unconditional,
 *   a write with another eTag fails with `ETagConflictError` unless it matches the stored one
 *   (or nothing is stored yet). `read` returns items with their current eTag.
 * - A file that cannot be parsed (damaged outside our control: a truncated copy, a full disk
 *   during a restore) is moved to `quarantine/` with a log line, and the key falls back to its
 *   version before the last write (`<file>.prev`, a hard link kept by every write) or reads as
 *   absent: one bad file never makes every later read throw.
 * - Within one process, writes to a key are serialised so the eTag check and the rename are one
 *   step. Several processes sharing the directory are NOT coordinated: a multi-replica deployment
 *   needs a shared store with server-side conditional writes (e.g. Azure Blob storage with
 *   If-Match), plus a lease for singleton work.
 */
export class FileStorage implements Storage {
  private readonly locks = new KeyedMutex();
  private prepared?: Promise<void>;

  constructor(
    private readonly directory: string,
    private readonly options: FileStorageOptions = {},
  ) {
    if (!directory || typeof directory !== 'string') throw new TypeError('FileStorage needs a directory path');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    await this.prepare();
    const result: StoreItems = {};
    for (const key of keys) {
      let envelope = await this.readEnvelope(key);
      // Repairs run under the key's lock, so a write landing meanwhile is never moved aside.
      if (envelope === CORRUPT) envelope = await this.locks.runExclusive(key, () => this.readOrRepair(key));
      if (envelope) result[key] = { ...envelope.item, eTag: envelope.eTag };
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    await this.prepare();
    const keys = Object.keys(changes);
    await this.locks.runExclusive(keys, async () => {
      // Check every eTag before touching any file, so a conflict writes nothing.
      for (const key of keys) await this.assertWritable(key, changes[key]);
      for (const key of keys) await this.writeEnvelope(key, changes[key]).catch((err: unknown) => this.rethrow(err));
    });
  }

  /** A read-only, forbidden or full directory becomes a StorageUnwritableError that says so. */
  private rethrow(err: unknown): never {
    throw unwritableFrom(err, this.directory) ?? err;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await this.prepare();
    await this.locks.runExclusive(keys, async () => {
      try {
        for (const key of keys) {
          await fs.rm(this.fileFor(key), { force: true });
          await fs.rm(`${this.fileFor(key)}${PREVIOUS_SUFFIX}`, { force: true });
        }
        await this.syncDirectory();
      } catch (err) {
        this.rethrow(err);
      }
    });
  }

  /**
   * Keys stored under `prefix` (not part of botbuilder's Storage; see listableStorage.ts). Used to
   * rebuild an index document that was damaged or fell behind its items.
   */
  async listKeys(prefix: string): Promise<string[]> {
    await this.prepare();
    const encodedPrefix = prefix === '' ? '' : encodeKey(prefix);
    const keys: string[] = [];
    for (const name of await fs.readdir(this.directory)) {
      if (!name.endsWith('.json') || !name.startsWith(encodedPrefix)) continue;
      if (!name.includes('~')) {
        keys.push(decodeFileName(name));
        continue;
      }
      // A long key's file name is cut and hashed: the key is read from the file itself.
      const raw = await fs.readFile(path.join(this.directory, name), 'utf8').catch(() => undefined);
      try {
        const key = raw === undefined ? undefined : parseEnvelope(name, raw).key;
        if (key?.startsWith(prefix)) keys.push(key);
      } catch {
        // Unreadable: quarantined by the next read of its key.
      }
    }
    return keys;
  }

  /** Absolute path of the file that holds `key` (for diagnostics and tests). */
  fileFor(key: string): string {
    return path.join(this.directory, fileNameFor(key));
  }

  private async assertWritable(key: string, change: StoreItem): Promise<void> {
    const eTag = change?.eTag;
    if (!eTag || eTag === '*') return;
    const current = await this.readOrRepair(key);
    if (current && current.eTag !== eTag) throw new ETagConflictError(key);
  }

  /**
   * Reads a key, repairing a damaged file (caller holds the key's lock): the unreadable file is moved
   * to `quarantine/` with a log line, and the version before the last write takes its place when it
   * is readable. One bad file must not stop every reader of the store (an exception here would stop
   * the outbox, the lease or the watcher on every pass).
   */
  private async readOrRepair(key: string): Promise<StoredEnvelope | undefined> {
    const envelope = await this.readEnvelope(key);
    if (envelope !== CORRUPT) return envelope;
    const file = this.fileFor(key);
    const movedTo = await this.quarantine(file);
    const previous = await this.readPrevious(key);
    if (previous) {
      // Restored under a fresh eTag: a writer holding the damaged version's eTag must re-read.
      await this.writeEnvelope(key, { ...previous.item, eTag: '*' });
    }
    this.options.logger?.warn(
      { file, movedTo, key, restored: previous ? 'the version before the last write' : 'nothing (treated as absent)' },
      'storage: a stored file could not be read and was quarantined',
    );
    return previous ? this.readEnvelopeOrThrow(key) : undefined;
  }

  private async readPrevious(key: string): Promise<StoredEnvelope | undefined> {
    const file = `${this.fileFor(key)}${PREVIOUS_SUFFIX}`;
    const raw = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (raw === undefined) return undefined;
    try {
      const envelope = parseEnvelope(file, raw);
      return envelope.key === key ? envelope : undefined;
    } catch {
      await this.quarantine(file);
      return undefined;
    }
  }

  private async readEnvelopeOrThrow(key: string): Promise<StoredEnvelope | undefined> {
    const envelope = await this.readEnvelope(key);
    if (envelope === CORRUPT) throw new CorruptStoreFileError(this.fileFor(key), 'still unreadable after repair');
    return envelope;
  }

  /** Moves a file into quarantine/ under a unique name; returns where it went. */
  private async quarantine(file: string): Promise<string> {
    const dir = path.join(this.directory, QUARANTINE_DIR);
    await fs.mkdir(dir, { recursive: true });
    const movedTo = path.join(dir, `${path.basename(file)}.${new Date().toISOString().replace(/[:.]/g, '-')}.${randomBytes(2).toString('hex')}`);
    await fs.rename(file, movedTo).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return movedTo;
  }

  private async writeEnvelope(key: string, change: StoreItem): Promise<void> {
    if (change === null || typeof change !== 'object') throw new TypeError(`Storage: the value for "${key}" must be an object`);
    const { eTag: _ignored, ...item } = change;
    const envelope: StoredEnvelope = { key, eTag: newETag(), item };
    const target = this.fileFor(key);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(envelope), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.keepPrevious(target);
    try {
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    await this.syncDirectory();
  }

  /**
   * Hard-links the current file as `<file>.prev` before it is replaced (two cheap metadata calls,
   * no copy): the recovery source if the file is later damaged outside our control.
   */
  private async keepPrevious(target: string): Promise<void> {
    const link = `${target}.${process.pid}.${randomBytes(4).toString('hex')}${PREVIOUS_SUFFIX}${TEMP_SUFFIX}`;
    try {
      await fs.link(target, link);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await fs.rename(link, `${target}${PREVIOUS_SUFFIX}`);
  }

  private async readEnvelope(key: string): Promise<StoredEnvelope | undefined | typeof CORRUPT> {
    const file = this.fileFor(key);
    const raw = await readTextIfExists(file);
    if (raw === undefined) return undefined;
    let envelope: StoredEnvelope;
    try {
      envelope = parseEnvelope(file, raw);
    } catch (err) {
      if (err instanceof CorruptStoreFileError) return CORRUPT;
      throw err;
    }
    // Long keys share a hashed file name; a different key there means "not stored".
    return envelope.key === key ? envelope : undefined;
  }

  /** Creates the directory once and clears temp files left by writers that died long ago. */
  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      await fs.mkdir(this.directory, { recursive: true });
      await this.removeStaleTempFiles();
    })();
    return this.prepared;
  }

  private async removeStaleTempFiles(): Promise<void> {
    const names = await fs.readdir(this.directory);
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of names.filter((n) => n.endsWith(TEMP_SUFFIX))) {
      const file = path.join(this.directory, name);
      const stat = await fs.stat(file).catch(() => undefined);
      // Recent temp files may belong to another live process writing right now.
      if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
    }
  }

  private async syncDirectory(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open(this.directory, 'r');
      await handle.sync();
    } catch (err) {
      // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw err;
    } finally {
      await handle?.close();
    }
  }
}

const CORRUPT = Symbol('corrupt');

function parseEnvelope(file: string, raw: string): StoredEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new CorruptStoreFileError(file, (err as Error).message);
  }
  const envelope = parsed as Partial<StoredEnvelope> | null;
  if (!envelope || typeof envelope.key !== 'string' || typeof envelope.eTag !== 'string' || typeof envelope.item !== 'object' || envelope.item === null) {
    throw new CorruptStoreFileError(file, 'missing key, eTag or item');
  }
  return envelope as StoredEnvelope;
}

/**
 * File name for a key: letters a-z, digits, '-' and '_' stay readable, everything else
 * (including upper case, so names stay distinct on case-insensitive file systems) becomes %XX.
 * Long names are cut and suffixed with a hash of the full key.
 */
export function fileNameFor(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('Storage keys must be non-empty strings');
  const encoded = encodeKey(key);
  if (encoded.length + 5 <= MAX_FILE_NAME) return `${encoded}.json`;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  return `${encoded.slice(0, MAX_FILE_NAME - 40).replace(/%[0-9A-F]?$/, '')}~${hash}.json`;
}

function encodeKey(key: string): string {
  return Array.from(Buffer.from(key, 'utf8'))
    .map((byte) => (isPlain(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** The key a (not hashed) file name stands for: the inverse of fileNameFor. */
function decodeFileName(name: string): string {
  const encoded = name.slice(0, -'.json'.length);
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '%') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

function isPlain(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x5f;
}

function newETag(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}
