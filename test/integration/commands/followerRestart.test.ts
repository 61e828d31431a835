import { ALEX } from '../../helpers/activities';
import { CommandHarness } from './commandHarness';

// A followed job survives a bot restart: the follower's list is in the file store, and the new
// process keeps editing the same message. The sandbox stands for Azure and outlives the bot.

const h = new CommandHarness({ sandbox: 'external', sandboxOptions: { startTime: '2026-03-02T08:00:00Z' } });
beforeAll(() => h.start());
afterAll(() => h.stop());

it('resumes following after a restart and edits the same card to the end', async () => {
  const card = await h.say('backup vm-web-01 --until 2026-04-30', ALEX);
  const activityId = card.call.resultId!;
  const jobId = /Job id: ([0-9a-f-]{36})/.exec(card.text)![1];
  expect(card.text).toContain('Kept until: Thu 30 Apr 2026 23:59 UTC (60 days), once in the vault');
  expect(await h.app.services.jobFollower!.followed()).toEqual([jobId]);

  await h.restart();
  expect(await h.app.services.jobFollower!.followed()).toEqual([jobId]);
  // Nothing changed while the bot was down: the new process has nothing to edit yet.
  await h.app.services.jobFollower!.tick();
  expect(h.updatesOf(activityId)).toEqual([]);

  await h.sandbox.advanceClock(16);
  await h.app.services.jobFollower.tick();
  await h.connector.waitFor(() => h.updatesOf(activityId).length >= 1, 30_000, 'the transfer phase after the restart');
  expect(h.updatesOf(activityId)[0].text).toContain('Transfer data to vault\nRunning');

  await h.sandbox.advanceClock(125);
  await h.app.services.jobFollower.tick();
  await h.connector.waitFor(() => h.updatesOf(activityId).length >= 2, 30_000, 'the final status after the restart');
  const final = h.updatesOf(activityId)[1];
  expect(final.text).toMatch(/^Backup of vm-web-01\nCompleted\n/);
  expect(final.text).toContain('The snapshot was taken and the recovery point was transferred to the vault.');
  expect(final.text).toContain('Kept until: Thu 30 Apr 2026 23:59 UTC (60 days)\n');
  expect(final.buttons).toEqual([]);

  await h.app.services.jobFollower!.tick();
  expect(await h.app.services.jobFollower!.followed()).toEqual([]);
  expect(h.connector.sent()).toHaveLength(1);
  expect(h.connector.updates().map((u) => u.activityId)).toEqual([activityId, activityId]);
});

it('names the vault\'s region in a network remedy on a card followed across a restart (the restarted bot holds no vault list)', async () => {
  h.sandbox.setOutcome({ vm: 'rg-web/vm-web-02', status: 'Failed', errorCode: 'ExtensionSnapshotFailedNoNetwork' });
  const card = await h.say('backup vm-web-02', ALEX);
  const activityId = card.call.resultId!;
  await h.restart();

  await h.sandbox.advanceClock(20);
  await h.app.services.jobFollower.tick();
  await h.connector.waitFor(() => h.updatesOf(activityId).length >= 1, 30_000, 'the failed status after the restart');
  const final = h.updatesOf(activityId)[0];
  expect(final.text).toMatch(/^Backup of vm-web-02\nFailed\n/);
  expect(final.text).toContain('Error **ExtensionSnapshotFailedNoNetwork**');
  expect(final.text).toContain('Storage.westeurope');
  expect(final.text).not.toContain('<region>');
});
