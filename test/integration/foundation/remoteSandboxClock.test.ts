import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { RemoteSandboxClock } from '../../../src/sandboxClock';

// Replicas on SANDBOX_URL follow the shared sandbox's simulated clock over its control API.
let sandbox: SandboxHandle;
let clock: RemoteSandboxClock | undefined;

afterEach(async () => {
  clock?.stop();
  await sandbox?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('tells the sandbox time, follows an advance within a sync, and does not mistake the jump for the pace', async () => {
  sandbox = await startSandbox({ speed: 0, startTime: '2026-03-29T00:30:00Z' });
  clock = await RemoteSandboxClock.start(sandbox.url, sandbox.caPem, 200);
  expect(clock.now().toISOString()).toBe('2026-03-29T00:30:00.000Z');
  await sandbox.control.advanceClock(60);
  await pause(500);
  expect(clock.now().toISOString()).toBe('2026-03-29T01:30:00.000Z');
  await pause(300);
  // A stopped clock (speed 0) stays where the advance left it.
  expect(clock.now().toISOString()).toBe('2026-03-29T01:30:00.000Z');
});

it('moves between syncs at the pace the sandbox runs', async () => {
  sandbox = await startSandbox({ speed: 600, startTime: '2026-03-29T00:00:00Z' });
  clock = await RemoteSandboxClock.start(sandbox.url, sandbox.caPem, 200);
  await pause(2_500);
  const seen = clock.now().getTime();
  const actual = sandbox.control.now().getTime();
  // The sandbox steps its clock once a real second (10 simulated minutes at 600x); we follow within a step.
  expect(actual).toBeGreaterThan(Date.parse('2026-03-29T00:15:00Z'));
  expect(Math.abs(seen - actual)).toBeLessThanOrEqual(12 * 60_000);
});

it('fails with a sentence naming SANDBOX_URL when no sandbox answers', async () => {
  sandbox = await startSandbox({ speed: 0 });
  const url = sandbox.url;
  const ca = sandbox.caPem;
  await sandbox.close();
  await expect(RemoteSandboxClock.start(url, ca)).rejects.toThrow(/the sandbox at SANDBOX_URL \(https:\/\/127\.0\.0\.1:\d+\) did not tell its time/);
});
