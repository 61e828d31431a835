import { ALEX, VIEWER } from '../../helpers/activities';
import { CommandHarness } from './commandHarness';

// One vault of five forbidden, throttled or too slow (injected by the sandbox on that vault's
// paths only): commands across vaults answer with the other four and name the one they could not
// read, and why; a backup in a healthy vault still runs. Azure calls have a deadline
// (AZURE_CALL_TIMEOUT_MS) and the user is told what timed out.

const h = new CommandHarness();
// 1.2 s: short enough for the slow vault (5 s) to miss it by far, long enough that a healthy vault
// read on a loaded 2-core CI machine does not (0.4 s did, now and then).
beforeAll(() => h.start({ AZURE_CALL_TIMEOUT_MS: '1200' }));
afterAll(() => h.stop());
beforeEach(() => {
  h.sandbox.clearFaults();
  h.app.services.backup.invalidateCache();
});

const forbidDev = () => h.sandbox.setFaults({ share: 1, status: 403, pathContains: '/vaults/rsv-weu-dev/' });

it('jobs: the readable vaults answer, the forbidden one is named with the reason', async () => {
  forbidDev();
  const { text } = await h.say('jobs --since 7d', VIEWER);
  expect(text).toContain('Not included, could not be read: vault rsv-weu-dev (the bot is not allowed to read it (AuthorizationFailed)).');
  expect(text).toMatch(/^\*\*vm-[a-z0-9-]+\*\* · [A-Za-z ]+ · rsv-weu-prod$/m); // rsv-weu-prod's jobs are listed
  expect(text).not.toMatch(/ · rsv-weu-dev$/m);
  expect(text).not.toMatch(/Sorry, that did not work/);
});

it('vms: the forbidden vault is named and its VMs show protection unknown, not "not protected"', async () => {
  forbidDev();
  const all = await h.say('vms', VIEWER);
  expect(all.text).toContain('vault rsv-weu-dev (the bot is not allowed to read it');
  // vm-app-01 is protected by rsv-weu-dev: with that vault unreadable it must not be offered as unprotected.
  const unprotected = await h.say('vms --unprotected', VIEWER);
  expect(unprotected.text).not.toMatch(/vm-app-01\b/);
  expect(unprotected.text).toContain('vault rsv-weu-dev');
  h.sandbox.clearFaults();
  h.app.services.backup.invalidateCache();
  expect((await h.say('vms', VIEWER)).text).not.toContain('could not be read');
});

it('vaults and policies: every vault listed, the unreadable one counted "?" and named', async () => {
  // Retry-After 0: the SDK's retries give up at once (a longer wait meets the deadline, tested below).
  h.sandbox.setFaults({ share: 1, status: 429, retryAfterSeconds: 0, pathContains: '/vaults/rsv-neu-prod/' });
  const vaults = await h.say('vaults', VIEWER);
  expect(vaults.text).toContain('Recovery Services vaults (5)');
  expect(vaults.text).toContain('vault rsv-neu-prod (Azure is throttling requests).');
  expect(vaults.text).toMatch(/\*\*rsv-neu-prod\*\*[^*]*\?/); // its count is unknown, not 0
  const policies = await h.say('policies', VIEWER);
  expect(policies.text).toContain('pol-weu-nightly');
  expect(policies.text).toContain('vault rsv-neu-prod (Azure is throttling requests');
});

it('backup of a VM in a healthy vault runs while another vault is forbidden', async () => {
  forbidDev();
  const { text } = await h.say('backup vm-batch-01', ALEX);
  expect(text).toMatch(/Backup of vm-batch-01/);
  expect(text).not.toMatch(/Sorry, that did not work/);
  const triggers = h.sandbox.requests().filter((r) => r.method === 'POST' && /vm-batch-01\/backup$/i.test(r.path));
  expect(triggers).toHaveLength(1);
});

it('job <id> finds a job in a readable vault; not found names the vault it could not search', async () => {
  const [job] = await h.app.services.backup.listJobs({ vault: 'rsv-weu-prod', since: new Date(h.sandbox.now().getTime() - 7 * 86_400_000), limit: 1 });
  const jobId = job.id;
  h.app.services.backup.invalidateCache();
  forbidDev();
  expect((await h.say(`job ${jobId}`, VIEWER)).text).toContain(jobId);
  const missing = await h.say('job 00000000-0000-4000-8000-000000000000', VIEWER);
  expect(missing.text).toContain('There is no job 00000000-0000-4000-8000-000000000000 in the 5 vaults the bot can see. Not included, could not be read: vault rsv-weu-dev');
  expect(missing.text).toContain('It may be there.');
});

it('a vault slower than AZURE_CALL_TIMEOUT_MS: the others answer and the user is told what timed out', async () => {
  h.sandbox.setFaults({ share: 1, latencyMs: 5000, pathContains: '/vaults/rsv-eus-prod/' });
  const started = Date.now();
  const { text } = await h.say('jobs --since 7d', VIEWER);
  expect(Date.now() - started).toBeLessThan(4900); // answered before the slow vault did
  expect(text).toContain('vault rsv-eus-prod (Azure did not answer within 1.2 s)');
  expect(text).toMatch(/vm-web-01/);
});

it('a throttled vault whose Retry-After outlasts the deadline is named as timed out', async () => {
  h.sandbox.setFaults({ share: 1, status: 429, retryAfterSeconds: 30, pathContains: '/vaults/rsv-neu-prod/' });
  const { text } = await h.say('vaults', VIEWER);
  expect(text).toContain('vault rsv-neu-prod (Azure did not answer within 1.2 s)');
});

it('every vault timing out: one sentence saying what timed out, after the deadline', async () => {
  h.sandbox.setFaults({ share: 1, latencyMs: 5000, pathContains: '/backupJobs' });
  const { text } = await h.say('jobs --vault rsv-weu-prod', VIEWER);
  expect(text).toContain('Azure did not answer within 1.2 s when I tried to list the backup jobs of vault rsv-weu-prod. Try again in a minute.');
});
