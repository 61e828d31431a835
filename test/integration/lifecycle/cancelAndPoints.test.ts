import { ALEX, VIEWER } from '../../helpers/activities';
import { linksOf } from '../../helpers/cardReading';
import { CommandHarness } from '../commands/commandHarness';

// cancel <job> and points <vm> over real HTTP, with the real SDKs against the in-process sandbox.

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

function cancelPosts() {
  return h.sandbox.requests().filter((r) => r.method === 'POST' && /\/backupJobs\/[^/]+\/cancel$/i.test(r.path));
}

describe('cancel <job>', () => {
  it('cancels a running backup: Cancelling at once, Cancelled later, one POST', async () => {
    const running = (await h.app.services.backup.listJobs({ status: 'InProgress', operation: 'Backup' })).find((job) => job.vm === 'vm-eus-api-01');
    expect(running).toBeDefined();
    const id = running!.id;

    // A viewer may not cancel: refused before Azure is called.
    const refused = await h.say(`cancel ${id}`, VIEWER);
    expect(refused.text).toMatch(/operator/i);
    expect(cancelPosts()).toHaveLength(0);

    const card = await h.say(`cancel ${id}`, ALEX);
    expect(card.text).toContain('Cancel requested: backup of vm-eus-api-01');
    expect(card.text).toMatch(/\nCancelling\n/);
    expect(card.text).toContain(`Job id: ${id}`);
    expect(card.text).toContain('Take Snapshot: Cancelling');
    const portal = linksOf(card.card)[0];
    expect(portal?.url).toMatch(/^https:\/\/portal\.azure\.com\/#resource\/subscriptions\/[^/]+\/resourceGroups\/rg-backup-eus\/providers\/Microsoft\.RecoveryServices\/vaults\/rsv-eus-prod\/backupJobs$/);
    expect(cancelPosts()).toHaveLength(1);
    // The write is in the audit trail, as it started and as it ended, with Alex as actor (issue 12).
    const audited = (await h.app.services.audit.last(10)).filter((e) => e.what.startsWith(`cancel job ${id} `));
    expect(audited.map((e) => [e.event, e.actor.aadObjectId, e.outcome]).reverse()).toEqual([
      ['azureWrite', ALEX.aadObjectId, 'started'],
      ['azureWrite', ALEX.aadObjectId, 'succeeded (HTTP 202)'],
    ]);
    expect(audited[0].what).toBe(`cancel job ${id} in vault rsv-eus-prod (backup of vm-eus-api-01)`);

    // Asking again changes nothing (and records nothing).
    expect((await h.say(`cancel ${id}`, ALEX)).text).toContain('already being cancelled');
    expect(cancelPosts()).toHaveLength(1);
    expect((await h.app.services.audit.last(10)).filter((e) => e.what.startsWith(`cancel job ${id} `))).toHaveLength(2);

    await h.sandbox.advanceClock(1);
    expect((await h.say(`job ${id}`, VIEWER)).text).toMatch(/\nCancelled\n/);
    expect((await h.say(`cancel ${id}`, ALEX)).text).toContain('has already ended (Cancelled)');
    expect(cancelPosts()).toHaveLength(1);
  });

  it('refuses finished jobs, non-backup jobs and bad ids with a specific sentence, calling nothing', async () => {
    const done = (await h.app.services.backup.listJobs({ status: 'Completed', operation: 'Backup' }))[0];
    expect((await h.say(`cancel ${done.id}`, ALEX)).text).toContain(`Job ${done.id} has already ended (Completed)`);
    expect((await h.say('cancel not_a_job!', ALEX)).text).toContain('is not a job id');
    expect((await h.say('cancel', ALEX)).text).toContain('Which job?');
    expect((await h.say('cancel 00000000-0000-4000-8000-000000000000', ALEX)).text).toContain('There is no job 00000000-0000-4000-8000-000000000000');
    // Only the cancel of the test above reached Azure.
    expect(cancelPosts()).toHaveLength(1);
  });
});

describe('points <vm>', () => {
  it('lists the points newest first with tier, expiry, what each allows and a portal link', async () => {
    const card = await h.say('points vm-web-01', VIEWER);
    expect(card.text).toMatch(/^Recovery points of vm-web-01\n\d+ recovery points\n/);
    expect(card.text).toContain('Vault: rsv-weu-prod (rg-backup-weu)');
    // Fresh points still have their snapshot; older ones live in the vault only.
    expect(card.text).toContain('Snapshot + vault');
    expect(card.text).toMatch(/\nVault\n/);
    expect(card.text).toMatch(/App consistent · kept until \w{3} \d\d? \w{3} \d{4} \d\d:\d\d UTC/);
    expect(card.text).toContain('What each kind allows');
    expect(card.text).toContain('every restore option');
    const link = linksOf(card.card).find((l) => l.title === 'Restore in the Azure portal');
    expect(link?.url).toMatch(/\/resourceGroups\/rg-web\/providers\/Microsoft\.Compute\/virtualMachines\/vm-web-01\/backup$/);
  });

  it('a backup with warnings left a snapshot only', async () => {
    const card = await h.say('points vm-web-02', VIEWER);
    expect(card.text).toContain('Snapshot only');
    expect(card.text).toContain('Snapshot only (no vault copy)');
  });

  it('bad input gets a specific sentence', async () => {
    expect((await h.say('points', VIEWER)).text).toContain('Which VM?');
    expect((await h.say('points vm-web-03', VIEWER)).text).toContain('vm-web-03 has no backup in any vault the bot can see');
    expect((await h.say('points vm-nope-99', VIEWER)).text).toMatch(/vm-nope-99/);
  });
});
