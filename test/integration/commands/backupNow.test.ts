import { ALEX, VIEWER } from '../../helpers/activities';
import { rawTextOf } from '../../helpers/cardReading';
import { CommandHarness } from './commandHarness';

// "Back up now": the backup command, the Back up now / Retry backup buttons, and the job card
// followed in place (one POST, then PUTs to the same activity) on the sandbox's simulated clock.

const h = new CommandHarness();
const NOTICE = 'application/vnd.microsoft.activity.message';

beforeAll(async () => {
  await h.start();
  // Start the day at 08:00 UTC, so "today" (UTC) cannot roll over while the tests move the clock.
  const now = h.sandbox.now();
  const next8 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8));
  await h.sandbox.advanceClock(Math.round((next8.getTime() - now.getTime()) / 60_000));
});
afterAll(() => h.stop());

/** Trigger calls (POST .../protectedItems/{item}/backup) the sandbox received, optionally for one VM. */
function triggers(vm?: string) {
  return h.sandbox.requests().filter((r) => r.method === 'POST' && /\/backup$/i.test(r.path) && (vm === undefined || r.path.toLowerCase().includes(`;${vm}/backup`)));
}

/** The harness's timers are off: one follower pass (the runner's job-follower task), then the outbox's edit. */
async function waitForUpdates(activityId: string, count: number, what: string) {
  await h.app.services.jobFollower.tick();
  await h.connector.waitFor(() => h.updatesOf(activityId).length >= count, 30_000, what);
}

describe('backup <vm>', () => {
  it('follows the job on one card, edited in place, to Completed with warnings', async () => {
    h.sandbox.setOutcome({ vm: 'rg-web/vm-web-01', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    const postsBefore = h.connector.sent().length;
    const card = await h.say('backup vm-web-01 --keep 45d', ALEX);
    const activityId = card.call.resultId!;

    expect(card.text).toMatch(/^Backup of vm-web-01\nIn progress\n/);
    expect(card.text).toMatch(/Kept until: \w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2} UTC \(45 days\), once in the vault/);
    expect(card.text).toContain('Take Snapshot\nRunning');
    expect(card.text).toContain('Transfer data to vault\nNot started');
    expect(card.text).toContain('Requested by Alex Wilber. This card updates itself as the job moves.');
    const jobId = /Job id: ([0-9a-f-]{36})/.exec(card.text)![1];
    expect(await h.app.services.jobFollower!.followed()).toContain(jobId);
    expect(triggers('vm-web-01')).toHaveLength(1);
    // The Azure write is in the audit trail: who, what, when, outcome, one correlation id.
    const [done, started] = (await h.app.services.audit!.last(2)).filter((e) => e.event === 'azureWrite');
    expect(started).toMatchObject({ actor: { name: 'Alex Wilber', aadObjectId: ALEX.aadObjectId }, what: expect.stringMatching(/^back up vm-web-01 \(rg-web\) now, recovery point kept 45 days/), outcome: 'started' });
    expect(done).toMatchObject({ what: started.what, outcome: `succeeded (job ${jobId}, InProgress)`, correlationId: started.correlationId });

    // Snapshot done (3-15 simulated minutes): the transfer runs.
    await h.sandbox.advanceClock(16);
    await waitForUpdates(activityId, 1, 'the transfer phase on the card');
    const transfer = h.updatesOf(activityId)[0];
    expect(transfer.text).toMatch(/^Backup of vm-web-01\nIn progress\n/);
    expect(transfer.text).toMatch(/Take Snapshot\nCompleted\n\d+ min\nTransfer data to vault\nRunning\nsince /);
    expect(transfer.text).toContain('The snapshot is taken, so instant restore is already possible');

    // VM lists read now are cached (CACHE_TTL_SECONDS) and still show the last backup before this one.
    const vmBefore = (await h.app.services.backup.listVms()).find((vm) => vm.name === 'vm-web-01')!;
    expect(vmBefore.protection.lastBackupStatus).not.toBe('CompletedWithWarnings');

    // The transfer fails (10-60 minutes later): snapshot only, no vault copy.
    await h.sandbox.advanceClock(61);
    await waitForUpdates(activityId, 2, 'the final status on the card');
    const final = h.updatesOf(activityId)[1];
    expect(final.text).toMatch(/^Backup of vm-web-01\nCompleted with warnings\n/);
    expect(final.text).toMatch(/Take Snapshot\nCompleted\n[^\n]+\nTransfer data to vault\nFailed/);
    expect(final.text).toContain('there is no vault copy of this backup');
    expect(final.text).toContain('The snapshot is kept for 2 days');
    // No "Kept until" 45 days: only the 2-day snapshot exists (issue 13.4).
    expect(final.text).not.toContain('Kept until');
    expect(final.text).toContain('Recovery point: snapshot only, no vault copy');
    // A warning is a failed transfer (the snapshot was taken), so its code is a transfer-phase one.
    expect(final.text).toContain('Error **CopyingVHDsFromBackUpVaultTakingLongTime**');
    expect(final.text).toContain('Retry the backup');
    expect(final.text).not.toContain('This card updates itself');
    expect(final.buttons).toEqual([{ title: 'Retry backup', verb: 'retryBackup', data: { jobId } }]);
    // The card says the job ended, and so do vms and coverage at once (the follower dropped the cached lists).
    expect((await h.app.services.backup.listVms()).find((vm) => vm.name === 'vm-web-01')!.protection.lastBackupStatus).toBe('CompletedWithWarnings');

    // Done: no longer followed, no more edits, and still the one message.
    await h.app.services.jobFollower!.tick();
    await h.app.services.jobFollower!.tick();
    expect(await h.app.services.jobFollower!.followed()).not.toContain(jobId);
    expect(h.updatesOf(activityId)).toHaveLength(2);
    expect(h.connector.sent().length).toBe(postsBefore + 1);
    expect(h.connector.updates().every((u) => u.activityId === activityId)).toBe(true);
  });

  it('a viewer may not back up; nothing reaches Azure', async () => {
    const before = triggers().length;
    const { text } = await h.say('backup vm-web-02', VIEWER);
    expect(text).toContain('**backup** needs the operator role and you are a viewer.');
    expect(triggers()).toHaveLength(before);
  });

  it.each([
    ['--keep 0d', 'The retention must be at least 1 day.'],
    ['--keep thirty', '"thirty" is not a retention length: use a number and a unit, like 30d, 12w, 6m or 1y.'],
    ['--keep 100y', 'Azure Backup keeps an on-demand recovery point for at most 99 years.'],
    ['--until 2020-01-01', '2020-01-01 is in the past: the recovery point must be kept at least until tomorrow.'],
    ['--until 31/01/2027', '"31/01/2027" is not a date: write it as YYYY-MM-DD, for example 2027-01-31.'],
    ['--until 2031-02-30', '2031-02-30 is not a real calendar date.'],
    ['--keep 30d --until 2031-01-31', 'Use either --keep or --until, not both.'],
    ['--keep', 'Option --keep needs a value'],
    ['--keep 30 days', 'Did you mean **--keep 30d**?'],
    ['--keep 2 Weeks', 'Did you mean **--keep 2w**?'],
  ])('bad retention %s: one sentence, nothing reaches Azure', async (flags, sentence) => {
    const before = triggers().length;
    const { text, card } = await h.say(`backup vm-web-02 ${flags}`);
    expect(text).toContain(sentence);
    // The flags it names cannot break across lines: non-breaking hyphens as sent (issue 13.9).
    expect(rawTextOf(card)).not.toMatch(/(^|[^\w\u2011-])-[-\u2011]?[a-z]/);
    expect(rawTextOf(card).split('\u2011\u2011').length - 1).toBe((text.match(/(^|[^\w-])--[a-z]/g) ?? []).length);
    expect(triggers()).toHaveLength(before);
  });

  it('an ambiguous VM lists the candidates; an unknown one gets the closest names; an unprotected one is explained', async () => {
    const before = triggers().length;
    expect((await h.say('backup vm-files-01')).text).toContain('Several VMs are called vm-files-01: rg-files/vm-files-01, rg-files-dr/vm-files-01.');
    expect((await h.say('backup vm-web-1')).text).toContain('I cannot find a VM called vm-web-1. Did you mean vm-web-01, vm-web-02, vm-web-03?');
    expect((await h.say('backup vm-web-03')).text).toContain('vm-web-03 is not protected by any vault, so it cannot be backed up on demand. Request protection first.');
    expect((await h.say('backup')).text).toContain('Which VM should I back up?');
    expect(triggers()).toHaveLength(before);
  });

  it('leaves the daily on-demand limit to Azure: every request reaches Azure, and one made while a backup runs shows what Azure made of it', async () => {
    const first = await h.say('backup vm-eus-api-01');
    expect(first.text).toMatch(/^Backup of vm-eus-api-01\nIn progress/);
    expect(first.text).toContain('Operation: Backup (on demand)');
    // Asked again while the first one snapshots: Azure makes it a Failed job (FINDINGS (d)) and the card shows it.
    const busy = await h.say('backup vm-eus-api-01');
    expect(busy.text).toMatch(/^Backup of vm-eus-api-01\nFailed\n/);
    expect(busy.text).toContain('another backup of the VM was still in progress');
    expect(busy.text).toContain('Error **UserErrorBackupOperationInProgress**');
    expect(busy.text).toContain('Wait for the running backup job to finish');
    await h.sandbox.advanceClock(16); // let the snapshot finish
    const third = await h.say('backup vm-eus-api-01');
    expect(third.text).toMatch(/^Backup of vm-eus-api-01\nIn progress/);
    expect(third.text).not.toMatch(/on-demand backup \d of 3|No backup started/);
    expect(triggers('vm-eus-api-01')).toHaveLength(3);
  });
});

describe('Back up now button (alerts, approved protection)', () => {
  it('posts a followed job card and leaves the clicked card alone', async () => {
    const before = h.connector.sent().length;
    const click = await h.click('backupNow', { vm: 'vm-test-01' }, ALEX, 'alert-card-1');
    expect(click.type).toBe(NOTICE);
    expect(click.text).toBe('Backup of vm-test-01 started: its job card is in the conversation and follows the job.');
    await h.connector.waitFor(() => h.connector.sent().length > before, 30_000, 'the job card');
    const { text } = h.sentSince(before)[0];
    expect(h.connector.updates().filter((u) => u.activityId === 'alert-card-1')).toEqual([]);
    expect(text).toMatch(/^Backup of vm-test-01\nIn progress/);
    const jobId = /Job id: ([0-9a-f-]{36})/.exec(text)![1];
    expect(await h.app.services.jobFollower!.followed()).toContain(jobId);
    expect(triggers('vm-test-01')).toHaveLength(1);
  });

  it('accepts the ARM id the approval card carries', async () => {
    const vms = await h.app.services.backup.listVms();
    const id = vms.find((vm) => vm.name === 'vm-neu-web-01')!.id;
    const click = await h.click('backupNow', { vm: id });
    expect(click.text).toBe('Backup of vm-neu-web-01 started: its job card is in the conversation and follows the job.');
    expect(triggers('vm-neu-web-01')).toHaveLength(1);
  });

  it('validates the card data like typed input, and checks the role on the server', async () => {
    const before = triggers().length;
    expect((await h.click('backupNow', { vm: 'vm-files-01' })).text).toContain('Several VMs are called vm-files-01');
    expect((await h.click('backupNow', {})).text).toBe('This button does not say which VM to back up. Type **backup VM** instead.');
    expect((await h.click('backupNow', { vm: '../../etc' })).text).toContain('".." is not a valid resource group name');
    const viewer = await h.click('backupNow', { vm: 'vm-web-02' }, VIEWER);
    expect(viewer.text).toContain('This button needs the operator role and you are a viewer. Nothing was changed.');
    expect(triggers()).toHaveLength(before);
  });
});

describe('Retry backup button', () => {
  async function failedJobCard() {
    const { text } = await h.say('jobs --status failed --vm vm-sql-01 --since 7d');
    const jobId = /UserErrorGuestAgentStatusUnavailable · job ([0-9a-f-]{36})/.exec(text)![1];
    return { jobId, card: await h.say(`job ${jobId}`, ALEX) };
  }

  it('backs the VM of a failed job up again, on a new followed card', async () => {
    const { jobId, card } = await failedJobCard();
    expect(card.buttons).toEqual([{ title: 'Retry backup', verb: 'retryBackup', data: { jobId } }]);
    const before = h.connector.sent().length;
    const click = await h.click('retryBackup', { jobId }, ALEX, card.call.resultId);
    expect(click.type).toBe(NOTICE);
    expect(click.text).toBe('Backup of vm-sql-01 started: its job card is in the conversation and follows the job.');
    await h.connector.waitFor(() => h.connector.sent().length > before, 30_000, 'the retry job card');
    expect(h.sentSince(before)[0].text).toMatch(/^Retry: backup of vm-sql-01\nIn progress/);
    expect(triggers('vm-sql-01')).toHaveLength(1);
  });

  it('refuses viewers, completed jobs and made-up ids; nothing reaches Azure', async () => {
    const { jobId } = await failedJobCard();
    const before = triggers().length;
    expect((await h.click('retryBackup', { jobId }, VIEWER)).text).toContain('This button needs the operator role and you are a viewer.');
    const { text } = await h.say('jobs --status completed --vault rsv-weu-dev --since 7d');
    const completed = /job ([0-9a-f-]{36})/.exec(text)![1];
    expect((await h.click('retryBackup', { jobId: completed })).text).toMatch(/is a Backup job that is Completed: only failed backups and backups with warnings are retried from here\./);
    expect((await h.click('retryBackup', { jobId: '00000000-0000-4000-8000-000000000000' })).text).toContain('There is no job 00000000-0000-4000-8000-000000000000');
    expect((await h.click('retryBackup', { jobId: 'x y' })).text).toContain('is not a job id');
    expect(triggers()).toHaveLength(before);
  });
});
