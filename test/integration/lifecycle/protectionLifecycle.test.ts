import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from '../approvals/approvalHarness';

// unprotect / reprotect / assign: approval card, four-eyes click, the Azure write (PUT/DELETE on the
// protected item, 202 + operation), over real HTTP with the real SDKs against the in-process sandbox.

const h = new ApprovalHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

function itemWrites(vm: string) {
  return h.sandbox.requests().filter((r) => (r.method === 'PUT' || r.method === 'DELETE') && /\/protectedItems\//i.test(r.path) && r.path.toLowerCase().endsWith(`;${vm}`));
}

/** Types the command as Alex, approves as Megan, returns the request card text before and after. */
async function requestAndApprove(command: string): Promise<{ asked: string; done: string }> {
  const posted = await h.say(command, ALEX);
  const card = cardOf(posted);
  const requestId = requestIdOf(card);
  const done = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
  return { asked: textOf(card), done: textOf(done) };
}

/** Requests that change something (backupStatus is a POST that only reads). */
function azureWrites() {
  return h.sandbox.requests().filter((r) => r.method === 'PUT' || r.method === 'DELETE' || r.method === 'PATCH' || (r.method === 'POST' && !/\/backupStatus$/i.test(r.path)));
}

function stoppedCount(coverage: string): number {
  return Number(/\nStopped: (\d+)/.exec(coverage)![1]);
}

async function say(command: string, from = ALEX): Promise<string> {
  return textOf(cardOf(await h.say(command, from)));
}

describe('unprotect and reprotect', () => {
  it('stop keeping data, then resume: one write each, only after approval, the VM state follows', async () => {
    const before = itemWrites('vm-web-01').length;
    const stoppedBefore = stoppedCount(await say('coverage', VIEWER));
    const { asked, done } = await requestAndApprove('unprotect vm-web-01');
    expect(asked).toContain('Stop protection of vm-web-01 (keep its backup data)');
    expect(asked).toContain('Policy now: pol-weu-nightly');
    expect(asked).toMatch(/recovery points stay in vault rsv-weu-prod until you delete them/);
    expect(asked).toContain('Azure portal: [Backup of vm-web-01](https://portal.azure.com/#resource/subscriptions/');
    expect(done).toMatch(/Approved by Megan Bowen/);
    expect(done).toContain('Protection of vm-web-01 is stopped; its recovery points are kept');
    expect(done).toMatch(/Operation: DisableBackup/);
    expect(itemWrites('vm-web-01')).toHaveLength(before + 1);
    expect(await say('vms rsv-weu-prod', VIEWER)).toMatch(/\*\*vm-web-01\*\*\n(.*\n)?(Protection stopped|Stopped)/);
    // Coverage counts it as stopped now.
    expect(stoppedCount(await say('coverage', VIEWER))).toBe(stoppedBefore + 1);
    // The points are still there, kept until the data is deleted.
    expect(await say('points vm-web-01', VIEWER)).toContain('kept until the backup data is deleted');

    // Asking again: a specific sentence, no new request, no write.
    expect(await say('unprotect vm-web-01')).toContain('Protection of vm-web-01 is already stopped');
    expect(await say('assign vm-web-01 --policy DefaultPolicy')).toContain('Protection of vm-web-01 is stopped, so it has no policy to change');

    const resumed = await requestAndApprove('reprotect vm-web-01 --policy pol-weu-nightly');
    expect(resumed.asked).toContain('Resume protection of vm-web-01');
    expect(resumed.done).toContain('Protection of vm-web-01 is resumed in vault rsv-weu-prod with pol-weu-nightly');
    expect(itemWrites('vm-web-01')).toHaveLength(before + 2);
    expect(await say('reprotect vm-web-01')).toContain('vm-web-01 is already protected in vault rsv-weu-prod with pol-weu-nightly');
  });

  it('delete data with soft delete on: kept 14 days, reprotect undeletes then resumes', async () => {
    const { asked, done } = await requestAndApprove('unprotect vm-batch-01 --delete-data');
    expect(asked).toContain('Stop protection of vm-batch-01 and delete its backup data');
    expect(asked).toContain('Soft delete is on in this vault: the recovery points of vm-batch-01 are kept 14 days');
    expect(asked).toContain('To undo within 14 days: **reprotect vm-batch-01**');
    expect(done).toContain('The backup data of vm-batch-01 is deleted.');
    expect(done).toMatch(/Operation: DeleteBackupData/);
    expect(await say('unprotect vm-batch-01 --delete-data')).toMatch(/already soft-deleted \(purged in 1[34] days\)/);

    const resumed = await requestAndApprove('reprotect vm-batch-01');
    expect(resumed.asked).toContain('First: undelete the soft-deleted backup data');
    expect(resumed.asked).toContain('No --policy given: DefaultPolicy');
    expect(resumed.done).toMatch(/Undelete job: [0-9a-f-]+ \((Completed|InProgress)\)/);
    expect(resumed.done).toContain('Protection of vm-batch-01 is resumed');
    const writes = itemWrites('vm-batch-01').map((r) => r.method);
    expect(writes).toEqual(['DELETE', 'PUT', 'PUT']);
  });
});

describe('assign <vm> --policy P', () => {
  it('moves a protected VM to another policy of its vault after approval', async () => {
    const { asked, done } = await requestAndApprove('assign vm-sql-01 --policy pol-weu-weekly');
    expect(asked).toContain('Move vm-sql-01 to policy pol-weu-weekly');
    expect(asked).toContain('New policy: pol-weu-weekly');
    expect(done).toContain('vm-sql-01 now uses policy pol-weu-weekly');
    expect(await say('vms rsv-weu-prod', VIEWER)).toMatch(/\*\*vm-sql-01\*\*\n(.*\n){0,3}.*rsv-weu-prod · pol-weu-weekly/);
  });
});

describe('bad input changes nothing', () => {
  it('each gets a specific sentence and no request, no Azure write', async () => {
    const requestsBefore = (await h.app.services.audit!.last(500)).filter((e) => e.event === 'requested').length;
    const writesBefore = azureWrites().length;
    expect(await say('unprotect')).toContain('Which VM? Usage: unprotect ‹vm› [--delete-data]');
    expect(await say('unprotect vm-web-03')).toContain('vm-web-03 has no backup in any vault the bot can see');
    expect(await say('unprotect vm-web-01 --keep-data')).toContain('Unknown option --keep-data');
    expect(await say('unprotect vm-web-01', VIEWER)).toMatch(/operator/);
    expect(await say('assign vm-web-02')).toContain('Which policy? Usage: assign ‹vm› --policy P');
    expect(await say('assign vm-web-02 --policy pol-nope')).toContain('Vault rsv-weu-prod has no policy called pol-nope');
    expect(await say('assign vm-web-02 --policy pol-dev-daily')).toContain('Vault rsv-weu-prod has no policy called pol-dev-daily');
    expect(await say('assign vm-web-02 --policy "bad name!"')).toMatch(/policy/i);
    expect(await say('assign vm-sql-02 --policy pol-weu-enhanced-4h')).toContain('already uses policy pol-weu-enhanced-4h');
    expect(await say('reprotect vm-web-02 --policy DefaultPolicy')).toContain('already protected');
    expect((await h.app.services.audit!.last(500)).filter((e) => e.event === 'requested')).toHaveLength(requestsBefore);
    expect(azureWrites()).toHaveLength(writesBefore);
  });

  it('a requester cannot approve their own stop, and a second approval does nothing', async () => {
    const posted = await h.say('unprotect vm-web-02', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    const writes = itemWrites('vm-web-02').length;
    expect(textOf(await h.click('approvalApprove', { requestId }, ALEX, posted.resultId))).toMatch(/Only approvers|four-eyes/);
    await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId))).toContain('already approved');
    expect(itemWrites('vm-web-02')).toHaveLength(writes + 1);
  });
});
