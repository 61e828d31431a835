import { ALEX, VIEWER } from '../../helpers/activities';
import { CommandHarness } from './commandHarness';

// Azure answering 403, 429 or 500 (injected by the sandbox): every command answers with one
// sentence saying what failed and what to do; never a stack trace, and the next call works.

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());
beforeEach(() => {
  h.sandbox.clearFaults();
  // The bot caches lists for 30 s; a cached answer would not meet the fault.
  h.app.services.backup.invalidateCache();
});

function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|RestError|Error:|\.ts:\d+|correlation|reference:/i);
}

it('403 on a read: says the bot lacks a role, and which', async () => {
  h.sandbox.setFaults({ share: 1, status: 403, pathContains: '/providers/Microsoft.RecoveryServices/vaults' });
  const { text } = await h.say('vaults', VIEWER);
  expect(text).toContain(
    "The bot is not allowed to list the Recovery Services vaults (Azure answered AuthorizationFailed). Ask an administrator to give the bot's identity the Backup Contributor role (Backup Reader for read-only commands) on the vault's resource group.",
  );
  expectNoInternals(text);
  h.sandbox.clearFaults();
  expect((await h.say('vaults', VIEWER)).text).toContain('Recovery Services vaults (5)');
});

it('403 on backup now: nothing started, says what to ask for', async () => {
  h.sandbox.setFaults({ share: 1, status: 403, pathContains: ';vm-neu-web-01/backup' });
  const { text } = await h.say('backup vm-neu-web-01', ALEX);
  expect(text).toContain('The bot is not allowed to start the backup of vm-neu-web-01 (Azure answered AuthorizationFailed).');
  expect(text).toContain('Backup Contributor role');
  expectNoInternals(text);
  expect(await h.app.services.jobFollower!.followed()).toEqual([]);
  const [failed, started] = await h.app.services.audit!.last(2);
  expect(started).toMatchObject({ event: 'azureWrite', what: expect.stringMatching(/^back up vm-neu-web-01 /), outcome: 'started' });
  expect(failed).toMatchObject({ event: 'azureWrite', correlationId: started.correlationId, outcome: expect.stringMatching(/^failed: The bot is not allowed to start the backup of vm-neu-web-01/) });
});

it('429 throttling: says when to try again', async () => {
  h.sandbox.setFaults({ share: 1, status: 429, retryAfterSeconds: 1, pathContains: 'Microsoft.Compute/virtualMachines' });
  const { text } = await h.say('vms', VIEWER);
  expect(text).toContain('Azure is throttling requests right now, so I could not list the virtual machines. Try again in 1 second.');
  expectNoInternals(text);
});

it('500: says it is usually temporary', async () => {
  h.sandbox.setFaults({ share: 1, status: 500, pathContains: '/backupJobs' });
  const { text } = await h.say('jobs --vault rsv-weu-dev', VIEWER);
  expect(text).toContain('Azure Backup had an internal error (HTTP 500) when I tried to list the backup jobs of vault rsv-weu-dev. This is usually temporary: try again in a few minutes.');
  expectNoInternals(text);
  h.sandbox.clearFaults();
  expect((await h.say('jobs --vault rsv-weu-dev', VIEWER)).text).toContain('vault rsv-weu-dev · any status');
});

it('the job follower rides out a failing Azure and edits the card once it answers again', async () => {
  const card = await h.say('backup vm-app-01', ALEX);
  const jobId = /Job id: ([0-9a-f-]{36})/.exec(card.text)![1];
  const activityId = card.call.resultId!;
  h.sandbox.setFaults({ share: 1, status: 403, pathContains: jobId });
  await h.sandbox.advanceClock(16);
  await h.app.services.jobFollower!.tick();
  expect(h.updatesOf(activityId)).toEqual([]);
  expect(await h.app.services.jobFollower!.followed()).toContain(jobId);
  h.sandbox.clearFaults();
  await h.app.services.jobFollower.tick();
  await h.connector.waitFor(() => h.updatesOf(activityId).length >= 1, 30_000, 'the card update after the outage');
  expect(h.updatesOf(activityId)[0].text).toContain('Transfer data to vault\nRunning');
});
