import { ALEX } from '../../helpers/activities';
import { NotifyHarness, cardOf, textOf } from './notifyHarness';

// One job poller for the job follower and the job watcher (issue 12): a backup started from Teams
// is followed on its card, and when it fails the alert is built from the read the follower already
// made. The sandbox's request log counts the reads of that job at Azure.
const OPS = '19:ops-shared-reads@thread.tacv2';

describe('follower and watcher share one read of a job', () => {
  let h: NotifyHarness;
  beforeAll(async () => {
    h = await new NotifyHarness().start();
    await h.say('subscribe alerts', ALEX, OPS);
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(0);
  });
  afterAll(() => h.stop());

  const readsOf = (jobId: string) => h.sandbox.requests().filter((r) => r.method === 'GET' && r.path.toLowerCase().endsWith(`/backupjobs/${jobId.toLowerCase()}`)).length;

  it('the alert for a followed job that failed costs no read of its own', async () => {
    h.sandbox.setOutcome({ vm: 'vm-web-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    const posted = await h.reply('backup vm-web-01', ALEX, OPS, 'channel');
    const jobId = /Job id: ([0-9a-f-]{36})/.exec(textOf(cardOf(posted)))![1];
    await h.advance(4 * 60);

    // The follower's poll reads the job once and edits the card to its end.
    const before = readsOf(jobId);
    await h.app.services.jobFollower.tick();
    expect(readsOf(jobId)).toBe(before + 1);
    expect(await h.app.services.jobFollower.followed()).not.toContain(jobId);

    // The watcher lists the vault, finds the job failed and alerts from the follower's read.
    const report = await h.notify.watcher.tick();
    expect(report.alertsQueued).toBe(1);
    expect(readsOf(jobId)).toBe(before + 1);
    await h.drain();
    const alert = h.proactive(OPS).map(cardOf).find((card) => textOf(card).startsWith('Backup failed: vm-web-01'));
    expect(alert).toBeDefined();
    expect(textOf(alert!)).toContain('**UserErrorGuestAgentStatusUnavailable**');
  });
});
