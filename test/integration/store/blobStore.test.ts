import type { ContainerClient } from '@azure/storage-blob';
import { BlobLease } from '../../../src/store/blobLease';
import { BlobStorage, blobNameFor } from '../../../src/store/blobStorage';
import { ETagConflictError } from '../../../src/store/fileStorage';
import { LeaseKeeper } from '../../../src/store/leaseKeeper';
import { CREATE_ONLY_ETAG, readItem, updateItem } from '../../../src/store/storeHelpers';
import { TestAzurite } from '../../helpers/azurite';

// Blob-specific behaviour on a real Azurite; the Storage contract itself runs in storageContract.test.ts.
jest.setTimeout(60_000);

const azurite = new TestAzurite();
let name: string;

beforeAll(async () => {
  await azurite.start();
});

afterAll(async () => {
  await azurite.stop();
});

beforeEach(() => {
  name = `t-${Math.random().toString(36).slice(2, 10)}`;
});

/** Each "replica" builds its own client, as separate processes do. */
const replica = (): ContainerClient => azurite.container(name);

describe('BlobStorage shared by several replicas', () => {
  it('lets exactly one of two creators win a create-only write (If-None-Match: *)', async () => {
    const [a, b] = [new BlobStorage(replica()), new BlobStorage(replica())];
    const results = await Promise.allSettled([a.write({ k: { by: 'a', eTag: CREATE_ONLY_ETAG } }), b.write({ k: { by: 'b', eTag: CREATE_ONLY_ETAG } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ETagConflictError);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    expect((await a.read(['k'])).k.by).toBe(winner);
  });

  it('loses no increment when 10 replicas create and update one missing key at once', async () => {
    const replicas = Array.from({ length: 10 }, () => new BlobStorage(replica()));
    await Promise.all(replicas.map((storage) => updateItem<{ count: number }>(storage, 'counter', (c) => ({ count: (c?.count ?? 0) + 1 }), 50)));
    expect((await readItem<{ count: number }>(replicas[0], 'counter'))?.count).toBe(10);
  });

  it('refuses a write whose eTag another replica has moved past', async () => {
    const [a, b] = [new BlobStorage(replica()), new BlobStorage(replica())];
    await a.write({ k: { v: 1 } });
    const seen = (await a.read(['k'])).k;
    await b.write({ k: { ...(await b.read(['k'])).k, v: 2 } });
    await expect(a.write({ k: { ...seen, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await b.read(['k'])).k.v).toBe(2);
  });

  it('keeps one JSON blob per key under state/, named so that no key escapes its prefix', async () => {
    const container = replica();
    const storage = new BlobStorage(container);
    await storage.write({ 'outbox/item/alert:job-1:19:x@thread.tacv2': { v: 1 }, '../escape': { v: 2 } });
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    expect(names.sort()).toEqual([blobNameFor('../escape'), blobNameFor('outbox/item/alert:job-1:19:x@thread.tacv2')].sort());
    names.forEach((n) => expect(n).toMatch(/^state\/([A-Za-z0-9_:@~-]|%[0-9A-F]{2})+$/));
    const props = await container.getBlockBlobClient(names[0]).getProperties();
    expect(props.contentType).toBe('application/json');
  });
});

describe('BlobLease (leader election on the service)', () => {
  const lease = (holderId: string, now?: () => number) => new BlobLease({ container: replica(), name: 'notify', holderId, durationSeconds: 15, now });

  it('has one holder; renew keeps it; release hands it over at once', async () => {
    const [a, b] = [lease('replica-a'), lease('replica-b')];
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(a.isHeld()).toBe(true);
    expect(b.isHeld()).toBe(false);
    expect(await a.renew()).toBe(true);
    expect(await a.current()).toMatchObject({ state: 'leased', holder: 'replica-a' });
    await a.release();
    expect(a.isHeld()).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect(await a.renew()).toBe(false);
    expect(await b.current()).toMatchObject({ state: 'leased', holder: 'replica-b' });
  });

  it('lets only one of five simultaneous contenders win', async () => {
    const contenders = Array.from({ length: 5 }, (_, i) => lease(`replica-${i}`));
    const won = await Promise.all(contenders.map((c) => c.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('passes to another replica once a holder that stopped renewing (killed) runs out, and the old one learns it lost it', async () => {
    const a = lease('replica-a');
    const b = lease('replica-b');
    expect(await a.acquire()).toBe(true);
    const acquiredAt = Date.now();
    while (!(await b.acquire())) await new Promise((resolve) => setTimeout(resolve, 500));
    const waited = Date.now() - acquiredAt;
    // The service frees it after the lease period (15 s), not before.
    expect(waited).toBeGreaterThanOrEqual(14_000);
    expect(await a.renew()).toBe(false);
    expect(a.isHeld()).toBe(false);
  });

  it('believes it holds the lease only until its period (minus a margin) runs out without renewal', async () => {
    let clock = 1_000_000;
    const a = lease('replica-a', () => clock);
    expect(await a.acquire()).toBe(true);
    clock += 12_000;
    expect(a.isHeld()).toBe(true);
    clock += 2_000;
    expect(a.isHeld()).toBe(false);
  });

  it('drives a LeaseKeeper: one leader among keepers, and stop() releases so the other leads at its next round', async () => {
    const changes: string[] = [];
    const keepers = ['a', 'b'].map((id) => new LeaseKeeper(lease(`replica-${id}`), { intervalMs: 5_000, onChange: (held) => changes.push(`${id}:${held}`) }));
    await keepers[0].tick();
    await keepers[1].tick();
    expect(keepers.map((k) => k.isLeader())).toEqual([true, false]);
    await keepers[0].stop();
    await keepers[1].tick();
    expect(keepers[1].isLeader()).toBe(true);
    expect(changes).toEqual(['a:true', 'a:false', 'b:true']);
    await keepers[1].stop();
  });
});
