import { createHash } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from './storage';
import type { BlobRequestConditions, ContainerClient } from '@azure/storage-blob';
import { ETagConflictError } from './fileStorage';
import { CREATE_ONLY_ETAG } from './storeHelpers';

/** Blob names of stored items start with this; leases live beside them under `leases/`. */
export const ITEM_PREFIX = 'state/';
// Blob names may have up to 1,024 characters; longer keys are cut and suffixed with a hash.
const MAX_NAME = 900;
// Reads of many keys (the outbox loads its queue 100 at a time) go out this many at once.
const READ_CONCURRENCY = 16;

/** What one blob holds: the key (to detect hash collisions of long keys) and the item. */
interface BlobEnvelope {
  key: string;
  item: StoreItem;
}

/**
 * botbuilder `Storage` on Azure Blob Storage (or Azurite): one JSON blob per key, for several
 * replicas sharing one state. Every eTag is the blob's own ETag and every conditional write is
 * conditional on the service, never read-then-write:
 * - no eTag or '*': unconditional upload;
 * - CREATE_ONLY_ETAG: `If-None-Match: *` (exactly one of several creators wins);
 * - any other eTag: `If-Match` that eTag. If the blob has meanwhile been deleted, the write
 *   creates it with `If-None-Match: *` (botbuilder's MemoryStorage semantics: a missing item
 *   accepts any eTag), so it still cannot overwrite what another writer created.
 * A failed precondition throws `ETagConflictError`, as the file store does.
 *
 * Unlike the file store, a multi-key write is not atomic (Blob Storage has no transaction across
 * blobs); the bot writes one key at a time wherever it relies on eTags.
 *
 * botbuilder-azure-blobs' BlobsStorage was not used: it maps only If-Match, so a creation is
 * unconditional (two replicas creating a record both "win"), and it builds its own client.
 */
export class BlobStorage implements Storage {
  private prepared?: Promise<void>;

  constructor(private readonly container: ContainerClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    await this.prepare();
    const result: StoreItems = {};
    await inBatches(keys, READ_CONCURRENCY, async (key) => {
      const item = await this.readOne(key);
      if (item) result[key] = item;
    });
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    await this.prepare();
    for (const [key, change] of Object.entries(changes)) await this.writeOne(key, change);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await this.prepare();
    await inBatches(keys, READ_CONCURRENCY, async (key) => {
      await this.container.getBlockBlobClient(blobNameFor(key)).deleteIfExists();
    });
  }

  private async readOne(key: string): Promise<StoreItem | undefined> {
    const blob = this.container.getBlockBlobClient(blobNameFor(key));
    let body: string;
    let eTag: string | undefined;
    try {
      const response = await blob.download();
      eTag = response.etag;
      body = await streamToString(response.readableStreamBody);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    const envelope = parseEnvelope(blob.name, body);
    // Long keys share a hashed name; a different key there means "not stored".
    if (envelope.key !== key) return undefined;
    return { ...envelope.item, eTag };
  }

  private async writeOne(key: string, change: StoreItem): Promise<void> {
    if (change === null || typeof change !== 'object') throw new TypeError(`Storage: the value for "${key}" must be an object`);
    const { eTag, ...item } = change;
    const body = JSON.stringify({ key, item } satisfies BlobEnvelope);
    const blob = this.container.getBlockBlobClient(blobNameFor(key));
    const upload = (conditions: BlobRequestConditions) =>
      blob.upload(body, Buffer.byteLength(body), { conditions, blobHTTPHeaders: { blobContentType: 'application/json' } });
    try {
      if (!eTag || eTag === '*') await upload({});
      else if (eTag === CREATE_ONLY_ETAG) await upload({ ifNoneMatch: '*' });
      else await this.replace(upload, eTag);
    } catch (err) {
      if (isPreconditionFailure(err)) throw new ETagConflictError(key);
      throw err;
    }
  }

  private async replace(upload: (conditions: BlobRequestConditions) => Promise<unknown>, eTag: string): Promise<void> {
    try {
      await upload({ ifMatch: eTag });
    } catch (err) {
      if (statusOf(err) !== 412) throw err;
      // 412 means "changed" or "gone": only a gone item may be created, and only if still gone.
      await upload({ ifNoneMatch: '*' });
    }
  }

  /** Creates the container once (idempotent; several replicas may race to create it). */
  private prepare(): Promise<void> {
    this.prepared ??= this.container
      .createIfNotExists()
      .then(() => undefined)
      .catch((err: unknown) => {
        this.prepared = undefined;
        throw err;
      });
    return this.prepared;
  }
}

/**
 * Blob name for a key: `state/` plus the key with letters, digits, '-', '_', ':' and '@' kept and
 * every other byte as %XX ('/' and '.' too, so no name has empty, '.' or '..' segments or a
 * trailing dot). Long names are cut and suffixed with a hash of the full key.
 */
export function blobNameFor(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('Storage keys must be non-empty strings');
  const encoded = Array.from(Buffer.from(key, 'utf8'))
    .map((byte) => (isPlain(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  if (encoded.length <= MAX_NAME) return `${ITEM_PREFIX}${encoded}`;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  return `${ITEM_PREFIX}${encoded.slice(0, MAX_NAME - 40).replace(/%[0-9A-F]?$/, '')}~${hash}`;
}

function isPlain(byte: number): boolean {
  const c = String.fromCharCode(byte);
  return /[A-Za-z0-9_:@-]/.test(c);
}

function parseEnvelope(name: string, raw: string): BlobEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(`Storage blob ${name} is not valid JSON (${(err as Error).message}); inspect or restore it in the container`, { cause: err });
  }
  const envelope = parsed as Partial<BlobEnvelope> | null;
  if (!envelope || typeof envelope.key !== 'string' || typeof envelope.item !== 'object' || envelope.item === null) {
    throw new Error(`Storage blob ${name} is missing its key or item; inspect or restore it in the container`);
  }
  return envelope as BlobEnvelope;
}

/** 412 (If-Match failed) or 409 BlobAlreadyExists (If-None-Match failed). */
function isPreconditionFailure(err: unknown): boolean {
  const status = statusOf(err);
  const code = (err as { code?: unknown })?.code;
  return status === 412 || (status === 409 && code === 'BlobAlreadyExists');
}

export function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

async function streamToString(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}
