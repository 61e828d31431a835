import { createBackupService } from '../../../src/backup/backupService';
import { createLogger } from '../../../src/logger';
import { notifyBackupFrom } from '../../../src/notify/backupAdapter';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox';

// The job watcher lists vaults every tick (every minute by default): that must cost one ARM list
// per subscription, not one more per vault for protected-item counts it does not use.
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

it("lists the watcher's vaults without reading any vault's protected items", async () => {
  const service = createBackupService({ mode: 'sandbox', subscriptionIds: [], sandbox: { url: sandbox.url, caPem: sandbox.caPem, token: sandbox.token }, cacheTtlSeconds: 0, logger: createLogger('silent') });
  const before = sandbox.control.requests().length;
  const vaults = await notifyBackupFrom(service).listVaults();
  const calls = sandbox.control.requests().slice(before);
  expect(vaults.map((v) => v.name)).toEqual(expect.arrayContaining(['rsv-weu-prod', 'rsv-eus-prod', 'rsv-test-weu']));
  expect(calls.filter((c) => /backupProtectedItems/i.test(c.path))).toEqual([]);
  expect(calls.filter((c) => /Microsoft\.RecoveryServices\/vaults$/i.test(c.path)).length).toBeGreaterThanOrEqual(1);
});
