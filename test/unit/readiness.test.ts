import { MemoryStorage } from 'botbuilder';
import { checkReadiness, type ReadinessSources } from '../../src/readiness';
import { StorageUnwritableError } from '../../src/store/storageErrors';

const START = Date.parse('2026-12-01T10:00:00.000Z');

function sources(overrides: Partial<ReadinessSources> = {}): ReadinessSources {
  return {
    storage: new MemoryStorage(),
    isLeader: () => true,
    oldestOutboxAgeMs: () => undefined,
    watcher: () => ({}),
    watcherScheduled: true,
    watchIntervalMs: 60_000,
    startedAt: new Date(START),
    now: () => START + 60_000,
    ...overrides,
  };
}

describe('readiness (/readyz)', () => {
  it('is ready with every check named when storage takes a write, the outbox is empty and the watcher is due', async () => {
    const report = await checkReadiness(sources());
    expect(report).toMatchObject({ status: 'ready', reasons: [] });
    expect(Object.keys(report.checks)).toEqual(['storage', 'lease', 'outbox', 'watcher']);
    expect(report.checks.lease.detail).toMatch(/held by this process/);
  });

  it('names an unwritable store precisely', async () => {
    const storage = new MemoryStorage();
    storage.write = async () => {
      throw new StorageUnwritableError('read-only file system', '/var/lib/bot', 'EROFS');
    };
    const report = await checkReadiness(sources({ storage }));
    expect(report.status).toBe('not ready');
    expect(report.reasons).toEqual(['storage: cannot be written: read-only file system (/var/lib/bot)']);
  });

  it('fails on the lease holder when the oldest outbox message has waited more than the limit', async () => {
    expect((await checkReadiness(sources({ oldestOutboxAgeMs: () => 14 * 60_000 }))).status).toBe('ready');
    const report = await checkReadiness(sources({ oldestOutboxAgeMs: () => 16 * 60_000 }));
    expect(report.reasons).toEqual(['outbox: the oldest message has waited 960 s (more than 15 min): Teams is refusing or throttling sends']);
    // A follower does not drain the outbox: its own queue says nothing.
    expect((await checkReadiness(sources({ isLeader: () => false, oldestOutboxAgeMs: () => 16 * 60_000 }))).status).toBe('ready');
  });

  it('fails when the watcher has not completed a pass for three intervals (at least 5 minutes), with its last error', async () => {
    const lastSuccessAt = new Date(START);
    const fine = await checkReadiness(sources({ watcher: () => ({ lastSuccessAt }), now: () => START + 4 * 60_000 }));
    expect(fine.checks.watcher).toEqual({ ok: true, detail: 'last complete pass 2026-12-01T10:00:00.000Z' });
    const stale = await checkReadiness(
      sources({ watcher: () => ({ lastSuccessAt, lastError: 'could not check rsv-weu-prod' }), now: () => START + 6 * 60_000 }),
    );
    expect(stale.reasons).toEqual(['watcher: no pass has succeeded since 2026-12-01T10:00:00.000Z; last error: could not check rsv-weu-prod']);
    const never = await checkReadiness(sources({ now: () => START + 6 * 60_000 }));
    expect(never.reasons).toEqual(['watcher: no pass has succeeded since the start (2026-12-01T10:00:00.000Z)']);
  });
});
