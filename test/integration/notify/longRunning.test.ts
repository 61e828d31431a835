import { ALEX } from '../../helpers/activities';
import { NotifyHarness, cardOf, textOf } from './notifyHarness';

// Jobs that run longer than the watcher's window (issue 16): every tick makes one jobs list per
// vault, which reaches back to the oldest job still followed; a job running longer than that is
// read by id on a slower cadence. Either way its end is alerted once.

const OPS = '19:ops@thread.tacv2';

describe('the watcher follows long backups with one jobs list per vault and tick', () => {
  let h: NotifyHarness;
  let vaults: number;

  beforeAll(async () => {
    h = await new NotifyHarness().start();
    await h.say('subscribe alerts', ALEX, OPS);
    vaults = (await h.notify.backup.listVaults()).length;
    await h.notify.watcher.tick();
  });
  afterAll(() => h.stop());

  /** One tick: the alerts it queued and the ARM requests it made (jobs lists and job reads). */
  async function tick(): Promise<{ queued: number; lists: number; reads: string[]; listStarts: string[] }> {
    const before = h.sandbox.requests().length;
    const { alertsQueued } = await h.notify.watcher.tick();
    const made = h.sandbox.requests().slice(before);
    const lists = made.filter((r) => /\/backupJobs$/i.test(r.path));
    return {
      queued: alertsQueued,
      lists: lists.length,
      reads: made.filter((r) => /\/backupJobs\/[^/]+$/i.test(r.path)).map((r) => r.path.split('/').pop()!),
      listStarts: lists.map((r) => /startTime eq '([^']+)'/.exec(decodeURIComponent(r.query))?.[1] ?? ''),
    };
  }

  const alertsFor = (vm: string) => h.proactive(OPS).filter((c) => textOf(cardOf(c)).startsWith(`Backup completed with warnings: ${vm}`));

  it('a two-hour transfer: one list per vault on every tick, reaching back to its start, and one alert when it ends', async () => {
    h.sandbox.setOutcome({ vm: 'vm-app-01', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime', snapshotSeconds: 300, transferSeconds: 2 * 3600 });
    h.sandbox.runPolicy('rsv-weu-dev', 'pol-dev-daily');
    await h.advance(1);
    expect(await tick()).toMatchObject({ queued: 0, lists: vaults, reads: [] });

    let reachedBack = false;
    for (let minutes = 0; minutes < 150; minutes += 20) {
      await h.advance(20);
      const pass = await tick();
      expect(pass.lists).toBe(vaults);
      expect(pass.reads.length).toBeLessThanOrEqual(1); // the finished job's details, for its alert
      if (new Set(pass.listStarts).size > 1) reachedBack = true;
    }
    expect(reachedBack).toBe(true);
    await h.drain();
    expect(alertsFor('vm-app-01')).toHaveLength(1);
  });

  it('a transfer longer than the listing reaches back: read by id at most every 10 minutes, alerted once when it ends', async () => {
    h.sandbox.setOutcome({ vm: 'vm-app-01', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime', snapshotSeconds: 300, transferSeconds: 14 * 3600 });
    const [jobId] = h.sandbox.runPolicy('rsv-weu-dev', 'pol-dev-daily') ?? [];
    await h.advance(1);
    await tick();
    const before = alertsFor('vm-app-01').length;

    for (let hour = 0; hour < 11; hour++) {
      await h.advance(60);
      const pass = await tick();
      expect(pass).toMatchObject({ lists: vaults, reads: [] });
    }
    await h.advance(90); // now older than the 12 hours a listing reaches back
    const vault = (await h.notify.backup.listVaults()).find((v) => v.name === 'rsv-weu-dev')!;
    expect(Object.keys((await h.notify.watcher.state(vault.id))!.running)).toContain(jobId);
    const first = await tick();
    expect(first.reads).toContain(jobId);
    expect(first.lists).toBe(vaults);
    await h.advance(1);
    expect((await tick()).reads).not.toContain(jobId); // not again within 10 minutes

    for (let hour = 0; hour < 3; hour++) {
      await h.advance(60);
      expect((await tick()).lists).toBe(vaults);
    }
    expect(Object.keys((await h.notify.watcher.state(vault.id))!.running)).not.toContain(jobId);
    await h.drain();
    expect(alertsFor('vm-app-01')).toHaveLength(before + 1);
  });
});
