import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { FileStorage } from '../../../src/store/fileStorage';
import { Lease } from '../../../src/store/lease';
import { LeaseKeeper } from '../../../src/store/leaseKeeper';
import { createLogger } from '../../../src/logger';

const TTL = 30_000;
let dir: string;
let storage: Storage;
let clock: number;
const now = (): number => clock;

function lease(holderId: string, store: Storage = storage): Lease {
  return new Lease({ storage: store, name: 'scheduler', holderId, ttlMs: TTL, now });
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lease-'));
  storage = new FileStorage(dir);
  clock = Date.UTC(2026, 2, 29, 0, 59, 0);
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('Lease over one FileStorage', () => {
  it('lets one instance hold it while the other is refused', async () => {
    const a = lease('replica-a');
    const b = lease('replica-b');
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(a.isHeld()).toBe(true);
    expect(b.isHeld()).toBe(false);
    expect(await a.current()).toMatchObject({ holder: 'replica-a', expiresAt: clock + TTL, generation: 1 });
  });

  it('is extended by renew and keeps its generation', async () => {
    const a = lease('replica-a');
    await a.acquire();
    clock += TTL / 2;
    expect(await a.renew()).toBe(true);
    expect(await a.current()).toMatchObject({ holder: 'replica-a', expiresAt: clock + TTL, generation: 1 });
    clock += TTL / 2 + 1;
    // Renewed half-way, so still held past the first expiry and still refused to others.
    expect(a.isHeld()).toBe(true);
    expect(await lease('replica-b').acquire()).toBe(false);
  });

  it('passes to another instance once it expires, and the old holder learns it lost it', async () => {
    const a = lease('replica-a');
    const b = lease('replica-b');
    await a.acquire();
    clock += TTL + 1;
    expect(a.isHeld()).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect(b.generation).toBe(2);
    expect(await a.renew()).toBe(false);
    expect(await a.acquire()).toBe(false);
    expect((await a.current())?.holder).toBe('replica-b');
  });

  it('can be taken at once after the holder releases it', async () => {
    const a = lease('replica-a');
    const b = lease('replica-b');
    await a.acquire();
    await a.release();
    expect(a.isHeld()).toBe(false);
    expect(await b.acquire()).toBe(true);
    // Releasing a lease we do not hold changes nothing.
    await a.release();
    expect((await b.current())?.holder).toBe('replica-b');
  });

  it('renew does not take a free lease', async () => {
    expect(await lease('replica-a').renew()).toBe(false);
    expect((await lease('replica-a').current())?.holder ?? '').toBe('');
  });

  it.each([
    ['FileStorage', () => storage],
    ['MemoryStorage', () => new MemoryStorage()],
  ])('gives it to exactly one of five instances racing for it, round after round (%s)', async (_name, store) => {
    const shared = store();
    const contenders = ['a', 'b', 'c', 'd', 'e'].map((id) => lease(`replica-${id}`, shared));
    let previous: { winner: Lease; generation: number } | undefined;
    for (let round = 0; round < 10; round++) {
      // Rotate who asks first, so the lease really changes hands between rounds.
      const order = [...contenders.slice(round % 5), ...contenders.slice(0, round % 5)];
      const results = await Promise.all(order.map((c) => c.acquire()));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(contenders.filter((c) => c.isHeld())).toHaveLength(1);
      const winner = order[results.indexOf(true)];
      // The fencing token moves on exactly when the lease changes hands.
      const generation = (await winner.current())!.generation;
      expect(generation).toBe(!previous ? 1 : previous.winner === winner ? previous.generation : previous.generation + 1);
      previous = { winner, generation };
      clock += TTL + 1;
    }
  });
});

describe('LeaseKeeper', () => {
  it('makes exactly one of two replicas leader and hands over when the leader stops', async () => {
    const changes: string[] = [];
    const keeperA = new LeaseKeeper(lease('replica-a'), { intervalMs: 60_000, onChange: (held) => changes.push(`a:${held}`) });
    const keeperB = new LeaseKeeper(lease('replica-b'), { intervalMs: 60_000, onChange: (held) => changes.push(`b:${held}`) });
    await keeperA.tick();
    await keeperB.tick();
    expect([keeperA.isLeader(), keeperB.isLeader()]).toEqual([true, false]);
    clock += TTL / 3;
    await Promise.all([keeperA.tick(), keeperB.tick()]);
    expect([keeperA.isLeader(), keeperB.isLeader()]).toEqual([true, false]);
    await keeperA.stop();
    await keeperB.tick();
    expect([keeperA.isLeader(), keeperB.isLeader()]).toEqual([false, true]);
    expect(changes).toEqual(['a:true', 'a:false', 'b:true']);
    await keeperB.stop();
  });

  it('says "released on shutdown" (info) on a normal stop, and warns only when the lease is really lost', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
    const keeperA = new LeaseKeeper(lease('replica-a'), { intervalMs: 60_000, logger });
    await keeperA.tick();
    await keeperA.stop();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[30, 'lease acquired'], [30, 'lease released on shutdown']]);

    lines.length = 0;
    const keeperB = new LeaseKeeper(lease('replica-b'), { intervalMs: 60_000, logger });
    await keeperB.tick();
    clock += TTL + 1;
    await lease('replica-c').acquire(); // B missed its renewals: C takes over
    await keeperB.tick();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[30, 'lease acquired'], [40, expect.stringMatching(/^lease lost: another instance/)]]);
    await keeperB.stop();
  });
});
