import { ALEX, VIEWER } from '../../helpers/activities';
import { CommandHarness } from '../commands/commandHarness';

// Every card that shows an Azure object links to it in the portal (src/backup/portalLinks.ts builds
// the URLs, src/bot/portalActions.ts adds them): over real HTTP against the default sandbox estate.

const SUB = '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c';
const PORTAL = 'https://portal.azure.com/#resource';
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod`;

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

type Json = Record<string, unknown>;

/** Every Action.OpenUrl on a card (buttons and clickable elements): title -> url. */
function links(card: unknown): Array<{ title: string; url: string }> {
  const found: Array<{ title: string; url: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.OpenUrl') found.push({ title: String(n.title), url: String(n.url) });
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

it('check, policy, policies, jobs and vms cards link to the VM, the vault, its jobs and its policies', async () => {
  expect(links((await h.say('check vm-web-03', VIEWER)).card)).toContainEqual({ title: 'VM backup in the portal', url: `${PORTAL}/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-03/backup` });
  expect(links((await h.say('policy pol-weu-nightly', VIEWER)).card)).toContainEqual({ title: 'Vault policies in the portal', url: `${PORTAL}${VAULT_ID}/backupPolicies` });
  expect(links((await h.say('policies rsv-weu-prod', VIEWER)).card)).toContainEqual({ title: 'Vault policies in the portal', url: `${PORTAL}${VAULT_ID}/backupPolicies` });
  expect(links((await h.say('jobs --vault rsv-weu-prod --since 7d', VIEWER)).card)).toContainEqual({ title: 'Vault jobs in the portal', url: `${PORTAL}${VAULT_ID}/backupJobs` });
  const vms = links((await h.say('vms rsv-weu-prod', VIEWER)).card);
  expect(vms).toContainEqual({ title: 'Vault in the portal', url: `${PORTAL}${VAULT_ID}/overview` });
  expect(vms).toContainEqual({ title: 'VM backup in the portal', url: `${PORTAL}/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01/backup` });
});

it('a job card links to its VM and to its vault\'s jobs; the protect request names the VM\'s Backup blade', async () => {
  const jobs = await h.say('jobs --vault rsv-weu-prod --vm vm-web-01 --since 7d', VIEWER);
  const jobId = /job ([0-9a-f-]{36})/.exec(jobs.text)![1];
  const job = links((await h.say(`job ${jobId}`, VIEWER)).card);
  expect(job).toContainEqual({ title: 'VM backup in the portal', url: `${PORTAL}/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01/backup` });
  expect(job).toContainEqual({ title: 'Vault jobs in the portal', url: `${PORTAL}${VAULT_ID}/backupJobs` });
  const protect = await h.say('protect vm-web-03', ALEX);
  expect(protect.text).toContain(`Azure portal: [Backup of vm-web-03](${PORTAL}/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-03/backup)`);
});
