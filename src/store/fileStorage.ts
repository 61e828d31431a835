import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { KeyedMutex } from './keyedMutex';

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
 * - Within one process, writes to a key are serialised so the eTag check and the rename are one
 *   step. Several processes sharing the directory are NOT coordinated: a multi-replica deployment
 *   needs a shared store with server-side conditional writes (e.g. Azure Blob storage with
 *   If-Match), plus a lease for singleton work.
 */
export class FileStorage implements Storage {
  private readonly locks = new KeyedMutex();
  private prepared?: Promise<void>;

  constructor(private readonly directory: string) {
    if (!directory || typeof directory !== 'string') throw new TypeError('FileStorage needs a directory path');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    await this.prepare();
    const result: StoreItems = {};
    for (const key of keys) {
      const envelope = await this.readEnvelope(key);
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
      for (const key of keys) await this.writeEnvelope(key, changes[key]);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await this.prepare();
    await this.locks.runExclusive(keys, async () => {
      for (const key of keys) {
        await fs.rm(this.fileFor(key), { force: true });
      }
      await this.syncDirectory();
    });
  }

  /** Absolute path of the file that holds `key` (for diagnostics and tests). */
  fileFor(key: string): string {
    return path.join(this.directory, fileNameFor(key));
  }

  private async assertWritable(key: string, change: StoreItem): Promise<void> {
    const eTag = change?.eTag;
    if (!eTag || eTag === '*') return;
    const current = await this.readEnvelope(key);
    if (current && current.eTag !== eTag) throw new ETagConflictError(key);
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
    try {
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    await this.syncDirectory();
  }

  private async readEnvelope(key: string): Promise<StoredEnvelope | undefined> {
    const file = this.fileFor(key);
    let raw: string;
    try {
      raw = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const envelope = parseEnvelope(file, raw);
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
  const encoded = Array.from(Buffer.from(key, 'utf8'))
    .map((byte) => (isPlain(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  if (encoded.length + 5 <= MAX_FILE_NAME) return `${encoded}.json`;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  return `${encoded.slice(0, MAX_FILE_NAME - 40).replace(/%[0-9A-F]?$/, '')}~${hash}.json`;
}

function isPlain(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x5f;
}

function newETag(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}
