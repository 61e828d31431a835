import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { BackupError } from '../../../src/backup/backupError';
import { closestNames, editDistance } from '../../../src/backup/closestNames';
import { createLimiter, mapLimited } from '../../../src/backup/limiter';
import { isPollAborted, operationIdFromHeaders, pollDelay, pollUntil, retryAfterMs, sleep } from '../../../src/backup/operationPolling';
import { TtlCache } from '../../../src/backup/ttlCache';

describe('operationIdFromHeaders', () => {
  it('reads the id from Azure-AsyncOperation first, then Location (published TriggerBackup example)', () => {
    const headers = createHttpHeaders({
      Location: 'https://management.azure.com/Subscriptions/0/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainer;testrg;v1win2012r/protectedItems/VM;iaasvmcontainer;testrg;v1win2012r/operationResults/11111111-0000-0000-0000-000000000000?api-version=2016-12-01',
      'Azure-AsyncOperation': 'https://management.azure.com/Subscriptions/0/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainer;testrg;v1win2012r/protectedItems/VM;iaasvmcontainer;testrg;v1win2012r/operationsStatus/22222222-0000-0000-0000-000000000000?api-version=2016-12-01',
      'Retry-After': '60',
    });
    expect(operationIdFromHeaders(headers)).toBe('22222222-0000-0000-0000-000000000000');
    expect(retryAfterMs(headers)).toBe(60_000);
  });

  it('falls back on Location and gives undefined without headers', () => {
    expect(operationIdFromHeaders(createHttpHeaders({ Location: 'https://x/vaults/v/backupFabrics/Azure/operationResults/abc-1?api-version=1' }))).toBe('abc-1');
    expect(operationIdFromHeaders(createHttpHeaders({}))).toBeUndefined();
    expect(operationIdFromHeaders(createHttpHeaders({ Location: 'https://x/elsewhere' }))).toBeUndefined();
  });
});

describe('pollUntil', () => {
  it('reads until done, waiting between reads', async () => {
    const values = ['InProgress', 'InProgress', 'Succeeded'];
    const waits: number[] = [];
    const result = await pollUntil(async () => values.shift()!, (v) => v !== 'InProgress', { intervalMs: 7, timeoutMs: 1000 }, 'x', async (ms) => {
      waits.push(ms);
    });
    expect(result).toBe('Succeeded');
    expect(waits).toEqual([7, 7]);
  });

  it('honours Retry-After (the 202\'s before the first read, then each read\'s) up to the cap, else the interval', async () => {
    // 202 -> 202 (Retry-After 60) -> 204, as refreshContainers' operationResults (job:20-23); Azure says 60 s since 2024 (FINDINGS (i)).
    const reads = [{ status: 202, retryAfter: 60_000 }, { status: 202, retryAfter: undefined }, { status: 204, retryAfter: undefined }];
    const waits: number[] = [];
    const settings = { intervalMs: 7, timeoutMs: 600_000, maxRetryAfterMs: 2_000 };
    const done = await pollUntil(
      async () => reads.shift()!,
      (r) => r.status !== 202,
      settings,
      'x',
      async (ms) => {
        waits.push(ms);
      },
      (r) => r.retryAfter,
      pollDelay(settings, 60_000),
    );
    expect(done.status).toBe(204);
    expect(waits).toEqual([2_000, 2_000, 7]);
    expect(pollDelay({ intervalMs: 7, timeoutMs: 1 }, 60_000)).toBe(7); // no cap set: the interval
    expect(pollDelay(settings, 500)).toBe(500);
  });

  it('stops with PollAborted when the shutdown signal fires during a wait: no read after it', async () => {
    const shutdown = new AbortController();
    let reads = 0;
    // A wait that never ends on its own (Azure said Retry-After: an hour): only the abort ends it.
    const forever = () => new Promise<void>(() => undefined);
    const polling = pollUntil(async () => (reads++, 'InProgress'), () => false, { intervalMs: 3_600_000, timeoutMs: 86_400_000, signal: shutdown.signal }, 'configuring protection of vm1', forever);
    await Promise.resolve();
    shutdown.abort();
    const err = await polling.catch((e: unknown) => e);
    expect(isPollAborted(err)).toBe(true);
    expect((err as Error).message).toBe('stopped following configuring protection of vm1: the bot is shutting down (the operation goes on in Azure)');
    expect(reads).toBe(1);
  });

  it('stops with PollAborted, not the read\'s own error, when the read in flight failed because of the abort', async () => {
    const shutdown = new AbortController();
    const err = await pollUntil(
      async () => {
        shutdown.abort();
        throw new BackupError('timeout', 'Azure did not answer in time');
      },
      () => false,
      { intervalMs: 1, timeoutMs: 1_000, signal: shutdown.signal },
      'x',
    ).catch((e: unknown) => e);
    expect(isPollAborted(err)).toBe(true);
    // Aborted before it starts: not even one read.
    let reads = 0;
    const early = await pollUntil(async () => reads++, () => false, { intervalMs: 60_000, timeoutMs: 120_000, signal: shutdown.signal }, 'x', sleep, undefined, 60_000).catch((e: unknown) => e);
    expect(isPollAborted(early)).toBe(true);
    expect(reads).toBe(0);
  });

  it('gives up with a timeout BackupError that says where to look', async () => {
    const err = await pollUntil(async () => 'InProgress', () => false, { intervalMs: 1, timeoutMs: 5 }, 'the backup of vm1').catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/has not finished the backup of vm1.*check the vault's backup jobs/);
  });
});

describe('TtlCache', () => {
  it('shares one load between concurrent callers and expires after the TTL', async () => {
    let now = 0;
    const cache = new TtlCache(1000, () => now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.getOrLoad('k', load)).toBe(1);
    now = 1000;
    expect(await cache.getOrLoad('k', load)).toBe(2);
    cache.clear();
    expect(await cache.getOrLoad('k', load)).toBe(3);
  });

  it('forgets failed loads and caches nothing with a zero TTL', async () => {
    const cache = new TtlCache(1000);
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrLoad('k', async () => 'ok')).toBe('ok');
    const none = new TtlCache(0);
    let loads = 0;
    await none.getOrLoad('k', async () => ++loads);
    await none.getOrLoad('k', async () => ++loads);
    expect(loads).toBe(2);
    expect(none.size).toBe(0);
  });
});

describe('limiter', () => {
  it('never runs more than the limit at once and keeps result order', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const results = await mapLimited(limit, [5, 1, 3, 2, 4], async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });

  it('keeps going after a failing task', async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await limit(async () => 'next')).toBe('next');
    expect(() => createLimiter(0)).toThrow(/at least|>= 1/);
  });
});

describe('closestNames', () => {
  it('suggests near names, substrings first', () => {
    expect(closestNames('vm-web-1', ['vm-web-01', 'vm-web-02', 'vm-sql-01', 'other'])).toEqual(['vm-web-01', 'vm-web-02']);
    expect(closestNames('web', ['vm-web-01', 'db'])).toEqual(['vm-web-01']);
    expect(closestNames('zzzzzz', ['vm-web-01'])).toEqual([]);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
