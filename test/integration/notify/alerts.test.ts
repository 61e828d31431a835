import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { NotifyHarness, buttonsOf, cardOf, textOf } from './notifyHarness';

const OPS = '19:ops@thread.tacv2';
const DBA = '19:dba@thread.tacv2';
const US = '19:us-ops@thread.tacv2';
const ALEX_CHAT = 'a:alex-personal';

const VAULT = 'rsv-weu-prod';
const POLICY = 'pol-weu-nightly';

describe('job alerts (watcher -> outbox -> Teams), on the sandbox', () => {
  let h: NotifyHarness;

  beforeAll(async () => {
    h = await new NotifyHarness().start();
    // Four conversations with different filters: every conversation gets what it asked for, once.
    await h.say('subscribe alerts', ALEX, OPS);
    await h.say('subscribe alerts --status failed', ALEX, DBA);
    await h.say('subscribe alerts --vault rsv-eus-prod', MEGAN, US);
    await h.say('subscribe alerts --vault RSV-WEU-PROD --status warnings', ALEX, ALEX_CHAT, 'personal');
    // First pass: learns the estate's history without alerting about it.
    const baseline = await h.notify.watcher.tick();
    expect(baseline.alertsQueued).toBe(0);
    expect(baseline.failedVaults).toEqual([]);
  });
  afterAll(() => h.stop());

  it('sends one alert per subscribed conversation for a warning job and a failed job, with phases and remedy', async () => {
    h.sandbox.setOutcome({ vm: 'vm-web-01', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    h.sandbox.setOutcome({ vm: 'vm-sql-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    const jobs = h.sandbox.runPolicy(VAULT, POLICY);
    expect(Array.isArray(jobs) && jobs.length).toBeGreaterThanOrEqual(2);

    // While the jobs run nothing is reported.
    await h.advance(1);
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(0);

    await h.advance(4 * 60);
    const report = await h.notify.watcher.tick();
    expect(report.failedVaults).toEqual([]);
    // OPS gets both, DBA the failure, the personal chat the warning, US (another vault) nothing.
    expect(report.alertsQueued).toBe(4);
    await h.drain();

    const ops = h.proactive(OPS).map(cardOf);
    expect(ops.map((c) => textOf(c).split('\n')[0]).sort()).toEqual(['Backup completed with warnings: vm-web-01', 'Backup failed: vm-sql-01']);
    expect(h.proactive(DBA).map((c) => textOf(cardOf(c)).split('\n')[0])).toEqual(['Backup failed: vm-sql-01']);
    expect(h.proactive(ALEX_CHAT).map((c) => textOf(cardOf(c)).split('\n')[0])).toEqual(['Backup completed with warnings: vm-web-01']);
    expect(h.proactive(US)).toHaveLength(0);

    const warning = textOf(ops.find((c) => textOf(c).includes('warnings: vm-web-01')));
    expect(warning).toContain(`Vault: ${VAULT}`);
    expect(warning).toContain('Take Snapshot: Completed');
    expect(warning).toContain('Transfer data to vault: Failed');
    expect(warning).toContain('no vault copy');
    expect(warning).toMatch(/kept for 2 days \(instant-restore retention, policy pol-weu-nightly\)/);
    expect(warning).toContain('**CopyingVHDsFromBackUpVaultTakingLongTime**');
    expect(warning).toMatch(/\*\*What to do:\*\* .+/);
    expect(warning).toMatch(/Retry the backup/);

    const failed = ops.find((c) => textOf(c).includes('failed: vm-sql-01'))!;
    expect(textOf(failed)).toContain('Take Snapshot: Failed');
    expect(textOf(failed)).toContain('**UserErrorGuestAgentStatusUnavailable**');
    expect(buttonsOf(failed).map((b) => [b.title, b.verb])).toEqual([
      ['Back up now', 'backupNow'],
      ['Acknowledge', 'alertAcknowledge'],
    ]);
    expect(buttonsOf(failed)[0].data).toEqual({ vm: 'vm-sql-01' });
    for (const card of ops) assertValidCard(card);
  });

  it('never sends the same alert twice: later passes find nothing new', async () => {
    const sentBefore = h.connector.sent().length;
    await h.advance(30);
    const again = await h.notify.watcher.tick();
    expect(again.alertsQueued).toBe(0);
    await h.drain();
    expect(h.connector.sent().length).toBe(sentBefore);
  });

  it('Acknowledge records who and when and replaces the card for everyone; a viewer cannot', async () => {
    const alert = h.proactive(OPS).find((c) => textOf(cardOf(c)).includes('failed: vm-sql-01'))!;
    const jobId = String(buttonsOf(cardOf(alert))[1].data.jobId);

    const refused = await h.click('alertAcknowledge', { jobId }, VIEWER, OPS, alert.resultId);
    expect(textOf(refused)).toContain('needs the operator role');

    // The warning alert's card, its button made to carry the failed job's id: refused, nothing recorded or replaced.
    const other = h.proactive(OPS).find((c) => c.resultId !== alert.resultId)!;
    const forged = await h.click('alertAcknowledge', { jobId }, ALEX, OPS, other.resultId);
    expect(textOf(forged)).toContain('does not belong to the alert it names');
    expect(h.connector.updates(OPS)).toEqual([]);
    expect((await h.notify.alerts.get(jobId))?.acknowledgements).toEqual({});

    const clicked = await h.click('alertAcknowledge', { jobId }, ALEX, OPS, alert.resultId);
    expect(textOf(clicked)).toMatch(/Acknowledged by Alex Wilber on .+ UTC\./);
    expect(buttonsOf(clicked).map((b) => b.title)).toEqual(['Back up now']);
    const updates = h.connector.updates(OPS).filter((u) => u.activityId === alert.resultId);
    expect(updates).toHaveLength(1);
    expect(textOf(cardOf(updates[0]))).toContain('Acknowledged by Alex Wilber');

    // A second click (someone else, later) keeps the first acknowledgement.
    const second = await h.click('alertAcknowledge', { jobId }, MEGAN, OPS, alert.resultId);
    expect(textOf(second)).toContain('Acknowledged by Alex Wilber');

    // Forged or foreign ids change nothing.
    expect(textOf(await h.click('alertAcknowledge', { jobId: 'not a job/../x' }, ALEX, OPS))).toContain('not a valid alert');
    expect(textOf(await h.click('alertAcknowledge', { jobId }, ALEX, US))).toContain('no record of this alert in this conversation');
  });

  it('"Back up now" on an alert starts a backup of that VM (operators only)', async () => {
    const alert = h.proactive(OPS).find((c) => textOf(cardOf(c)).includes('failed: vm-sql-01'))!;
    const button = buttonsOf(cardOf(alert))[0];
    const backups = () => h.sandbox.requests().filter((r) => r.method === 'POST' && /\/backup$/i.test(r.path.split('?')[0]));
    expect(textOf(await h.click(button.verb, button.data, VIEWER, OPS, alert.resultId))).toContain('needs the operator role');
    expect(backups()).toHaveLength(0);
    await h.click(button.verb, button.data, ALEX, OPS, alert.resultId);
    expect(backups()).toHaveLength(1);
    expect(backups()[0].path.toLowerCase()).toContain('vm-sql-01');
  });

  it('shows what the conversation receives and refuses viewers and bad options clearly', async () => {
    expect(textOf(await h.say('subscriptions', VIEWER, DBA))).toContain('Alerts: failures only, every vault (set by Alex Wilber)');
    expect(textOf(await h.say('subscribe alerts', VIEWER, DBA))).toContain('**subscribe** needs the operator role and you are a viewer');
    expect(textOf(await h.say('subscribe alerts --status sometimes', ALEX, DBA))).toContain('--status takes warnings, failed or both');
    expect(textOf(await h.say('subscribe alerts --vault rsv-nowhere', ALEX, DBA))).toContain('I cannot find a vault called rsv-nowhere. Type **vaults** to list the ones I can see. Nothing was changed.');
    expect(textOf(await h.say('subscribe alerts --days 3', ALEX, DBA))).toContain('--days does not apply to **subscribe alerts**');
    expect(textOf(await h.say('subscribe newsletter', ALEX, DBA))).toContain('Say what to subscribe to: **alerts**, **digest** or **dst**');
    // The refusals changed nothing.
    expect(textOf(await h.say('subscriptions', VIEWER, DBA))).toContain('Alerts: failures only, every vault');

    expect(textOf(await h.say('unsubscribe alerts', ALEX, DBA))).toContain('no longer receives job alerts');
    expect(textOf(await h.say('unsubscribe alerts', ALEX, DBA))).toContain('was not subscribed to job alerts');
    expect(textOf(await h.say('subscriptions', VIEWER, DBA))).toContain('None: this conversation receives nothing');
  });
});
