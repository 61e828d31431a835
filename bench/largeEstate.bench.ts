// The BackupService over the real SDKs on a large sandbox estate (20,000 VMs, 50 vaults, 30 days
// of jobs), as ratios against bare HTTPS GETs of the same ARM lists in the same run: what the SDK
// clients, paging, filtering and view models cost on top of the sandbox's own serving time.
// Run: npx tsx bench/largeEstate.bench.ts [--scale 20000]
import https from 'node:https';
import { createBackupService } from '../src/backup/backupService';
import { createLogger } from '../src/logger';
import { generateEstate } from '../src/sandbox/generateEstate';
import { startSandbox } from '../src/sandbox';

const scaleFlag = process.argv.indexOf('--scale');
const SCALE = scaleFlag > 0 ? Number(process.argv[scaleFlag + 1]) : 20_000;
const ROUNDS = 3;

async function time(work: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    await work();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

function rawGetAll(url: string, token: string, agent: https.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = (next: string, count: number) => {
      https
        .get(next, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const total = count + (body.value?.length ?? 0);
            if (body.nextLink) get(body.nextLink, total);
            else resolve(total);
          });
        })
        .on('error', reject);
    };
    get(url, 0);
  });
}

async function inBatches(tasks: Array<() => Promise<unknown>>, concurrency: number): Promise<void> {
  const queue = [...tasks];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  }));
}

async function main(): Promise<void> {
  const generated = Date.now();
  const estate = generateEstate({ vms: SCALE, vaults: 50, historyDays: 30, seed: 7 });
  console.log(`estate: ${SCALE} VMs generated in ${Date.now() - generated} ms`);
  const sandbox = await startSandbox({ port: 0, estate });
  const backup = createBackupService({ mode: 'sandbox', subscriptionIds: [], sandbox: { url: sandbox.url, caPem: sandbox.caPem, token: sandbox.token }, cacheTtlSeconds: 0, logger: createLogger('silent'), clock: () => sandbox.control.now() });
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  try {
    const vaults = await backup.listVaults();
    const vault = vaults[0];
    const subscriptionId = vault.subscriptionId;
    const get = (url: string) => rawGetAll(url, sandbox.token, agent);
    const itemsUrl = (vaultId: string) => `${sandbox.url}${vaultId}/backupProtectedItems?api-version=2023-06-01&$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'")}`;
    const vmsUrl = `${sandbox.url}/subscriptions/${subscriptionId}/providers/Microsoft.Compute/virtualMachines?api-version=2024-03-01`;
    const vaultsUrl = `${sandbox.url}/subscriptions/${subscriptionId}/providers/Microsoft.RecoveryServices/vaults?api-version=2023-04-01`;
    const jobsUrl = `${sandbox.url}${vault.id}/backupJobs?api-version=2023-06-01&$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM' and status eq 'Failed'")}`;
    // Same ARM reads the service makes, as bare HTTPS GETs with the same concurrency (4): the baselines.
    const everyVaultsItems = () => inBatches(vaults.map((v) => () => get(itemsUrl(v.id))), 4);

    const rawVms = await time(() => Promise.all([get(vmsUrl), everyVaultsItems()]));
    const serviceVms = await time(() => backup.listVms({ vault: vault.name }));
    const rawJobs = await time(() => get(jobsUrl));
    const serviceJobs = await time(() => backup.listJobs({ vault: vault.name, status: 'Failed', limit: 500 }));
    const rawVaults = await time(() => Promise.all([get(vaultsUrl), everyVaultsItems()]));
    const serviceVaults = await time(() => backup.listVaults());

    console.log(`vms <vault> (all ${SCALE} VMs + every vault's protected items): raw GETs ${rawVms.toFixed(0)} ms (baseline); listVms ${serviceVms.toFixed(0)} ms; ratio ${(serviceVms / rawVms).toFixed(2)}`);
    console.log(`jobs --status failed on one vault: raw GET ${rawJobs.toFixed(1)} ms (baseline); listJobs ${serviceJobs.toFixed(1)} ms; ratio ${(serviceJobs / rawJobs).toFixed(2)}`);
    console.log(`vaults (${vaults.length} vaults with protected-item counts): raw GETs ${rawVaults.toFixed(0)} ms (baseline); listVaults ${serviceVaults.toFixed(0)} ms; ratio ${(serviceVaults / rawVaults).toFixed(2)}`);
  } finally {
    agent.destroy();
    await sandbox.close();
  }
}

void main();
