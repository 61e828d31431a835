import { ALEX } from '../../helpers/activities';
import { NotifyHarness, cardOf, textOf } from './notifyHarness';

const OPS = '19:ops@thread.tacv2';

describe('alerts across a restart', () => {
  let h: NotifyHarness;

  beforeAll(async () => {
    h = await new NotifyHarness().start();
    await h.say('subscribe alerts', ALEX, OPS);
    await h.notify.watcher.tick();
  });
  afterAll(() => h.stop());

  it('a job that ends while the bot is down is alerted once after the restart, and never again', async () => {
    h.sandbox.setOutcome({ vm: 'vm-app-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    h.sandbox.runPolicy('rsv-weu-dev', 'pol-dev-daily');
    await h.advance(1);
    // The watcher saw the job running (a failing snapshot takes a few minutes), then the process stops.
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(0);
    const vault = (await h.notify.backup.listVaults()).find((v) => v.name === 'rsv-weu-dev')!;
    expect(Object.values((await h.notify.watcher.state(vault.id))!.running).map((job) => job.vm)).toContain('vm-app-01');
    await h.app.close();

    // The job ends while nothing runs.
    await h.advance(4 * 60);

    await h.restart();
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(1);
    await h.drain();
    const alerts = () => h.proactive(OPS).filter((c) => textOf(cardOf(c)).includes('Backup failed: vm-app-01'));
    expect(alerts()).toHaveLength(1);

    // A second restart and more passes find nothing new to say.
    await h.restart();
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(0);
    await h.advance(30);
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(0);
    await h.drain();
    expect(alerts()).toHaveLength(1);
  });

  it('an alert queued but not yet sent when the bot stops goes out once after the restart', async () => {
    h.sandbox.setOutcome({ vm: 'vm-app-01', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    h.sandbox.runPolicy('rsv-weu-dev', 'pol-dev-daily');
    await h.advance(4 * 60);
    // The connector refuses everything for now (Teams down): the alert stays queued in the outbox.
    h.connector.setFaults(() => ({ status: 503 }));
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(1);
    await h.connector.waitFor((calls) => calls.some((c) => c.status === 503), 15_000, 'a refused send');
    await h.app.close();
    h.connector.setFaults(undefined);

    await h.restart();
    // The restarted watcher goes over the same window: the outbox key makes the second enqueue a no-op.
    await h.notify.watcher.tick();
    await h.drain();
    const warnings = h.proactive(OPS).filter((c) => textOf(cardOf(c)).includes('Backup completed with warnings: vm-app-01'));
    expect(warnings).toHaveLength(1);
  });
});
