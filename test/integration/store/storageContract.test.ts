import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/logger';
import { ETagConflictError, FileStorage, QUARANTINE_DIR } from '../../../src/store/fileStorage';
import { isETagConflict, readItem, updateItem, writeItem } from '../../../src/store/storeHelpers';
import { crashValue } from './fixtures/crashValue';
import { BlobStorage } from '../../../src/store/blobStorage';
import { TestAzurite } from '../../helpers/azurite';

const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'store-contract-'));
  tempDirs.push(dir);
  return dir;
}

/** A logger whose JSON lines land in `lines`. */
function captureLogger(lines: Array<Record<string, unknown>>): Logger {
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return createLogger('info', sink);
}

// One Azurite for the file, started on first use (the blob store runs the same contract).
let azurite: Promise<TestAzurite> | undefined;

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  await (await azurite)?.stop();
});

interface Counter {
  count: number;
}

const stores: Array<[string, () => Promise<Storage>]> = [
  ['MemoryStorage', async () => new MemoryStorage()],
  ['FileStorage', async () => new FileStorage(await tempDir())],
  ['BlobStorage (Azurite)', async () => new BlobStorage((await (azurite ??= new TestAzurite().start())).container())],
];

describe.each(stores)('Storage contract: %s', (_name, createStore) => {
  let storage: Storage;

  beforeEach(async () => {
    storage = await createStore();
  });

  it('reads nothing for keys never written', async () => {
    expect(await storage.read(['missing', 'also-missing'])).toEqual({});
  });

  it('reads back what was written, with an eTag', async () => {
    await storage.write({ a: { name: 'alpha', nested: { list: [1, 2, 3] } }, b: { name: 'beta' } });
    const items = await storage.read(['a', 'b', 'c']);
    expect(Object.keys(items).sort()).toEqual(['a', 'b']);
    expect(items.a).toMatchObject({ name: 'alpha', nested: { list: [1, 2, 3] } });
    expect(typeof items.a.eTag).toBe('string');
    expect(items.a.eTag).not.toBe('');
    expect(items.b.name).toBe('beta');
  });

  it('returns copies: changing a read item does not change the store', async () => {
    await storage.write({ a: { list: [1] } });
    const first = await storage.read(['a']);
    first.a.list.push(2);
    const second = await storage.read(['a']);
    expect(second.a.list).toEqual([1]);
  });

  it('overwrites unconditionally without an eTag or with "*"', async () => {
    await storage.write({ a: { v: 1 } });
    await storage.write({ a: { v: 2 } });
    expect((await storage.read(['a'])).a.v).toBe(2);
    await storage.write({ a: { v: 3, eTag: '*' } });
    expect((await storage.read(['a'])).a.v).toBe(3);
  });

  it('accepts a write with the current eTag and gives the item a new eTag', async () => {
    await storage.write({ a: { v: 1 } });
    const { a } = await storage.read(['a']);
    await storage.write({ a: { ...a, v: 2 } });
    const after = (await storage.read(['a'])).a;
    expect(after.v).toBe(2);
    expect(after.eTag).not.toBe(a.eTag);
  });

  it('rejects a write with a stale eTag and keeps the newer value', async () => {
    await storage.write({ a: { v: 1 } });
    const stale = (await storage.read(['a'])).a;
    await storage.write({ a: { ...stale, v: 2 } });
    const error = await storage.write({ a: { ...stale, v: 3 } }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isETagConflict(error)).toBe(true);
    expect((await storage.read(['a'])).a.v).toBe(2);
  });

  it('creates a missing item even when the write carries an eTag (MemoryStorage semantics)', async () => {
    await storage.write({ fresh: { v: 1, eTag: 'some-old-etag' } });
    expect((await storage.read(['fresh'])).fresh.v).toBe(1);
  });

  it('deletes items, and deleting a missing key is not an error', async () => {
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    await storage.delete(['a', 'never-there']);
    const items = await storage.read(['a', 'b']);
    expect(items.a).toBeUndefined();
    expect(items.b.v).toBe(2);
  });

  it('keeps keys with separators, dots, unicode, case and great length apart', async () => {
    const keys = ['conv:19:abc@thread.tacv2', 'a/b/../c', '..', 'Key', 'key', 'été ☃', `long:${'x'.repeat(400)}`, `long:${'x'.repeat(399)}y`];
    await storage.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
    const items = await storage.read(keys);
    keys.forEach((key, i) => expect(items[key].i).toBe(i));
  });

  it('ends at exactly 50 after 50 concurrent read-modify-write increments with eTag retry', async () => {
    await storage.write({ counter: { count: 0 } });
    let conflicts = 0;
    const increment = async (): Promise<void> => {
      for (;;) {
        const current = (await storage.read(['counter'])).counter;
        try {
          await storage.write({ counter: { count: current.count + 1, eTag: current.eTag } });
          return;
        } catch (err) {
          if (!isETagConflict(err)) throw err;
          conflicts++;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, increment));
    expect((await storage.read(['counter'])).counter.count).toBe(50);
    // The race is real: at least some writers had to retry.
    expect(conflicts).toBeGreaterThan(0);
  });

  it('updateItem serialises 50 concurrent increments without losing one', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => updateItem<Counter>(storage, 'counter', (c) => ({ count: (c?.count ?? 0) + 1 }))));
    expect((await readItem<Counter>(storage, 'counter'))?.count).toBe(50);
    expect(results.map((r) => r?.count).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('updateItem retries from a fresh read when another writer gets in between', async () => {
    await writeItem<Counter>(storage, 'counter', { count: 10 });
    let calls = 0;
    // Another writer (e.g. another replica) changes the item after our read and before our write
    // lands; done inside the write so that it also holds for stores reached over HTTP.
    let interfered = false;
    const racing: Storage = {
      read: (keys) => storage.read(keys),
      delete: (keys) => storage.delete(keys),
      write: async (changes) => {
        if (!interfered) {
          interfered = true;
          await storage.write({ counter: { count: 100 } });
        }
        return storage.write(changes);
      },
    };
    const result = await updateItem<Counter>(racing, 'counter', (current) => {
      calls++;
      return { count: (current?.count ?? 0) + 1 };
    });
    expect(calls).toBe(2);
    expect(result?.count).toBe(101);
    expect((await readItem<Counter>(storage, 'counter'))?.count).toBe(101);
  });

  it('updateItem writes nothing when mutate returns undefined', async () => {
    await writeItem<Counter>(storage, 'counter', { count: 1 });
    const before = await readItem<Counter>(storage, 'counter');
    expect(await updateItem<Counter>(storage, 'counter', () => undefined)).toBeUndefined();
    expect((await readItem<Counter>(storage, 'counter'))?.eTag).toBe(before?.eTag);
  });

  it('writeItem with a stale eTag fails as a recognisable conflict', async () => {
    await writeItem<Counter>(storage, 'counter', { count: 1 });
    const stale = await readItem<Counter>(storage, 'counter');
    await writeItem<Counter>(storage, 'counter', { count: 2 }, stale?.eTag);
    const error = await writeItem<Counter>(storage, 'counter', { count: 3 }, stale?.eTag).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isETagConflict(error)).toBe(true);
  });
});

describe('FileStorage on disk', () => {
  it('keeps values across instances (a process restart)', async () => {
    const dir = await tempDir();
    await new FileStorage(dir).write({ 'conv:19:abc@thread.tacv2': { v: 'kept' } });
    const reloaded = await new FileStorage(dir).read(['conv:19:abc@thread.tacv2']);
    expect(reloaded['conv:19:abc@thread.tacv2'].v).toBe('kept');
  });

  it('throws ETagConflictError on a stale eTag and writes nothing of a multi-key batch', async () => {
    const storage = new FileStorage(await tempDir());
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    const stale = (await storage.read(['a'])).a;
    await storage.write({ a: { v: 2 } });
    await expect(storage.write({ b: { v: 9 }, a: { ...stale, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    const items = await storage.read(['a', 'b']);
    expect([items.a.v, items.b.v]).toEqual([2, 1]);
  });

  it('uses only plain characters in file names', async () => {
    const dir = await tempDir();
    const storage = new FileStorage(dir);
    await storage.write({ 'outbox/item/alert:job-1:19:x@thread.tacv2': { v: 1 }, '../escape': { v: 2 } });
    const names = await fs.readdir(dir);
    expect(names).toHaveLength(2);
    names.forEach((name) => expect(name).toMatch(/^([a-z0-9_~-]|%[0-9A-F]{2})+\.json$/));
  });

  it('ignores stray temp files left by a dead writer', async () => {
    const dir = await tempDir();
    const storage = new FileStorage(dir);
    await storage.write({ k: { v: 'good' } });
    await fs.writeFile(`${storage.fileFor('k')}.12345.deadbeef.tmp`, '{"key":"k","eTag":"x","item":{"v":"to');
    expect((await new FileStorage(dir).read(['k'])).k.v).toBe('good');
  });

  it('quarantines an unreadable file with a log line and falls back to the version before the last write', async () => {
    const dir = await tempDir();
    const lines: Array<Record<string, unknown>> = [];
    const storage = new FileStorage(dir, { logger: captureLogger(lines) });
    await storage.write({ k: { v: 1 } });
    await storage.write({ k: { v: 2 } });
    await fs.writeFile(storage.fileFor('k'), '{"key":"k","eT');
    expect((await storage.read(['k'])).k.v).toBe(1);
    const quarantined = await fs.readdir(path.join(dir, QUARANTINE_DIR));
    expect(quarantined).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, QUARANTINE_DIR, quarantined[0]), 'utf8')).toBe('{"key":"k","eT');
    expect(lines).toEqual([expect.objectContaining({ msg: 'storage: a stored file could not be read and was quarantined', file: storage.fileFor('k'), restored: 'the version before the last write' })]);
    // The store goes on: conditional writes from the restored eTag work, the next read is clean.
    const restored = (await storage.read(['k'])).k;
    await storage.write({ k: { ...restored, v: 3 } });
    expect((await new FileStorage(dir).read(['k'])).k.v).toBe(3);
  });

  it('reads a damaged file that has no earlier version as absent, after quarantining it', async () => {
    const dir = await tempDir();
    const lines: Array<Record<string, unknown>> = [];
    const storage = new FileStorage(dir, { logger: captureLogger(lines) });
    await storage.write({ k: { v: 1 }, other: { v: 'fine' } });
    await fs.truncate(storage.fileFor('k'), 5);
    const items = await storage.read(['k', 'other']);
    expect(items.k).toBeUndefined();
    expect(items.other.v).toBe('fine');
    expect(lines[0]).toMatchObject({ restored: 'nothing (treated as absent)' });
    // A conditional write holding the damaged version's eTag is refused by nothing: the key is empty now.
    await storage.write({ k: { v: 'new' } });
    expect((await storage.read(['k'])).k.v).toBe('new');
  });

  it('leaves the old or the new value, never a corrupt file, when the writer is killed mid-write', async () => {
    const dir = await tempDir();
    const key = 'crash:target';
    let lastAcknowledged = -1;
    for (let round = 0; round < 6; round++) {
      const acknowledged = await runAndKillWriter(dir, key, lastAcknowledged + 1, 40 + round * 35);
      const stored = (await new FileStorage(dir).read([key]))[key] as ReturnType<typeof crashValue> | undefined;
      expect(stored).toBeDefined();
      const expected = crashValue(stored!.n);
      expect(stored!.payload).toBe(expected.payload);
      expect(stored!.digest).toBe(expected.digest);
      // Every write the child reported as finished is durable; at most the one in progress is newer.
      const floor = Math.max(acknowledged, lastAcknowledged);
      expect(stored!.n).toBeGreaterThanOrEqual(floor);
      expect(stored!.n).toBeLessThanOrEqual(floor + 1);
      lastAcknowledged = stored!.n;
    }
  }, 120_000);
});

/**
 * Starts the crash writer in a real child process, lets it complete a few writes, kills it with
 * SIGKILL after `killAfterMs`, and returns the highest sequence number it reported as written.
 */
async function runAndKillWriter(dir: string, key: string, start: number, killAfterMs: number): Promise<number> {
  const script = path.join(__dirname, 'fixtures', 'crashWriter.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, key, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let acknowledged = -1;
  let stderr = '';
  let buffered = '';
  let sawFirstWrite!: () => void;
  const firstWrite = new Promise<void>((resolve) => (sawFirstWrite = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
    if (acknowledged >= start) sawFirstWrite();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const failed = exited.then(() => {
    throw new Error(`crash writer exited before writing: ${stderr}`);
  });
  await Promise.race([firstWrite, failed]);
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  child.kill('SIGKILL');
  await exited;
  failed.catch(() => undefined);
  return acknowledged;
}
