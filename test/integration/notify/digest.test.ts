import { ALEX, VIEWER } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { NotifyHarness, cardOf, textOf } from './notifyHarness';

const OPS = '19:ops@thread.tacv2';

describe('scheduled failure digest, on the sandbox clock', () => {
  let h: NotifyHarness;

  beforeAll(async () => {
    h = await new NotifyHarness().start();
  });
  afterAll(() => h.stop());

  it('fires at its cron time in the subscription zone (Europe/Paris) with the night\'s failures and remedies', async () => {
    // Friday 20 March 2026, 12:00 UTC. Weekdays 08:00 Paris (UTC+1 in March) is 07:00 UTC.
    const reply = textOf(await h.say('subscribe digest weekdays 08:00 Europe/Paris', ALEX, OPS));
    expect(reply).toContain('weekdays at 08:00 (Europe/Paris)');
    expect(reply).toContain('Next one: Mon 23 Mar 2026 08:00 Europe/Paris');
    await h.notify.watcher.tick();

    // The weekend: Saturday 08:00 is not a weekday, nothing fires.
    await h.advanceTo('2026-03-22T12:00:00.000Z');
    await h.notify.watcher.tick();
    expect(await h.notify.digests.runDue(h.sandbox.now())).toEqual([]);

    // Sunday night's scheduled runs (pol-weu-nightly at 22:00 W. Europe) go wrong for two VMs.
    h.sandbox.setOutcome({ vm: 'vm-sql-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    h.sandbox.setOutcome({ vm: 'vm-web-02', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    await h.advanceTo('2026-03-23T06:59:00.000Z');
    await h.notify.watcher.tick();
    expect(await h.notify.digests.runDue(h.sandbox.now())).toEqual([]);
    await h.drain();
    expect(h.proactive(OPS).filter((c) => textOf(cardOf(c)).startsWith('Backup digest'))).toHaveLength(0);

    await h.advanceTo('2026-03-23T07:00:00.000Z');
    expect(await h.notify.digests.runDue(h.sandbox.now())).toEqual([OPS]);
    // The same minute checked again (or by another replica's late tick) sends nothing more.
    expect(await h.notify.digests.runDue(h.sandbox.now())).toEqual([]);
    await h.drain();

    const digests = h.proactive(OPS).filter((c) => textOf(cardOf(c)).startsWith('Backup digest'));
    expect(digests).toHaveLength(1);
    const card = cardOf(digests[0]);
    assertValidCard(card);
    const text = textOf(card);
    expect(text).toContain('Sun 22 Mar 2026 08:00 Europe/Paris to Mon 23 Mar 2026 08:00 Europe/Paris');
    expect(text).toMatch(/\d+ backup jobs ended \(\d+ completed, 1 completed with warnings, 1 failed\)/);
    expect(text).toContain('Failed: 1');
    expect(text).toContain('**rsv-weu-prod**: 1 failed, 1 with warnings');
    expect(text).toContain('vm-sql-01: Failed at Sun 22 Mar 2026 22:');
    expect(text).toContain('(UserErrorGuestAgentStatusUnavailable)');
    expect(text).toContain('vm-web-02: Completed with warnings at Sun 22 Mar');
    expect(text).toMatch(/\*\*UserErrorGuestAgentStatusUnavailable\*\*: .+/);
    expect(text).toMatch(/\*\*CopyingVHDsFromBackUpVaultTakingLongTime\*\*: .+/);
    expect(text).toContain('only the snapshot exists');
    expect(text).not.toContain('Nothing to report');

    // Next one on Tuesday, in Paris time.
    expect(textOf(await h.say('subscriptions', VIEWER, OPS))).toContain('Next digest: Tue 24 Mar 2026 08:00 Europe/Paris');
  });

  it('covers the time since the previous digest; a weekly VM 54 h past its last recovery point is listed (STALE_BACKUP_HOURS=48), with its schedule', async () => {
    // Nothing fails on Monday night; Tuesday's digest covers Monday 08:00 to Tuesday 08:00 Paris.
    await h.advanceTo('2026-03-24T07:00:00.000Z');
    expect(await h.notify.digests.runDue(h.sandbox.now())).toEqual([OPS]);
    await h.drain();
    const digests = h.proactive(OPS).filter((c) => textOf(cardOf(c)).startsWith('Backup digest'));
    expect(digests).toHaveLength(2);
    const text = textOf(cardOf(digests[1]));
    expect(text).toContain('Mon 23 Mar 2026 08:00 Europe/Paris to Tue 24 Mar 2026 08:00 Europe/Paris');
    expect(text).toMatch(/^Backup digest\n.+\n\d+ backup jobs ended \(\d+ completed\); \d+ running now\n/);
    expect(text).not.toContain('Nothing to report');
    // Issue 13.5: "last backup" is the VM's newest recovery point, compared with STALE_BACKUP_HOURS and read against its policy.
    expect(text).toContain('VMs without a successful backup (recovery point) in the last 48 h');
    expect(text).toMatch(/vm-batch-01 \(rsv-weu-prod\): last good backup Sun 22 Mar 2026 \d\d:\d\d Europe\/Paris, 2 days ago; policy pol-weu-weekly runs every 7 days, so no run was missed yet/);
  });

  it('refuses a bad schedule and changes nothing', async () => {
    expect(textOf(await h.say('subscribe digest every 15 minutes', ALEX, OPS))).toContain('I could not read "every 15 minutes" as a schedule');
    expect(textOf(await h.say('subscribe digest */10 * * * *', ALEX, OPS))).toContain('more than once an hour');
    expect(textOf(await h.say('subscribe digest daily 08:00 Mars/Base', ALEX, OPS))).toContain('"Mars/Base" is not a time zone I know');
    expect(textOf(await h.say('subscriptions', VIEWER, OPS))).toContain('weekdays at 08:00 (Europe/Paris)');
  });
});
