import { readFileSync } from 'node:fs';
import https from 'node:https';
import { RecoveryServicesClient } from '@azure/arm-recoveryservices';
import { RecoveryServicesBackupClient, type AzureIaaSVMJob, type AzureIaaSVMProtectedItem, type OperationStatusJobExtendedInfo } from '@azure/arm-recoveryservicesbackup';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';

// Proof that the sandbox is usable with nothing but the published Azure SDK packages:
//   npm run sandbox -- --port 8443 --ca-file ca.pem      (in one terminal)
//   npx tsx scripts/sandbox-demo.ts --url https://127.0.0.1:8443 --ca-file ca.pem
// It trusts ca.pem, authenticates with a static bearer token, and walks the whole flow: list vaults,
// discover protectable VMs, enable protection and read the ConfigureBackup job, back up now and follow
// the job to its end by advancing the sandbox clock, page jobs with filters, read job details.

export interface DemoOptions {
  url: string;
  caPem: string;
  token?: string;
  log?: (line: string) => void;
}

export interface DemoResult {
  subscription: string;
  vaults: string[];
  protectable: string[];
  protectedVm: string;
  configureJob: { id: string; status: string };
  backupJob: { id: string; status: string; tasks: string[] };
  filteredJobs: number;
  pages: number;
}

const VAULT = 'rsv-weu-prod';
const VAULT_RG = 'rg-backup-weu';
const POLICY = 'pol-weu-nightly';

export async function runSandboxDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const agent = new https.Agent({ ca: options.caPem, keepAlive: true });
  const credential = { getToken: async () => ({ token: options.token ?? 'sandbox-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const clientOptions = {
    endpoint: options.url,
    additionalPolicies: [
      {
        position: 'perCall' as const,
        policy: {
          name: 'trustSandboxCa',
          sendRequest: (request: { agent?: https.Agent }, next: (request: never) => Promise<unknown>) => {
            request.agent = agent;
            return next(request as never);
          },
        },
      },
    ],
  };
  const control = (path: string, body: unknown) => postJson(`${options.url}/_sandbox${path}`, body, agent);

  const subscriptions = new SubscriptionClient(credential, clientOptions as never);
  let subscriptionId = '';
  for await (const subscription of subscriptions.subscriptions.list()) {
    subscriptionId ||= subscription.subscriptionId ?? '';
    log(`subscription ${subscription.displayName} (${subscription.subscriptionId})`);
  }
  const vaultsClient = new RecoveryServicesClient(credential, subscriptionId, clientOptions as never);
  const backup = new RecoveryServicesBackupClient(credential, subscriptionId, clientOptions as never);

  const vaults: string[] = [];
  for await (const vault of vaultsClient.vaults.listBySubscriptionId()) {
    vaults.push(vault.name!);
    log(`vault ${vault.name} in ${vault.location} (${vault.properties?.redundancySettings?.standardTierStorageRedundancy})`);
  }

  // Discovery: refresh the containers, wait for the operation (202 ... 204), list protectable VMs.
  let refreshLocation = '';
  await backup.protectionContainers.refresh(VAULT, VAULT_RG, 'Azure', { onResponse: (response) => (refreshLocation = response.headers.get('location') ?? '') });
  for (let attempt = 0, status = 202; status === 202 && attempt < 10; attempt++) {
    await backup.protectionContainerRefreshOperationResults.get(VAULT, VAULT_RG, 'Azure', lastSegment(refreshLocation), { onResponse: (response) => (status = response.status) });
  }
  const protectable: Array<{ name: string; vmId: string }> = [];
  for await (const item of backup.backupProtectableItems.list(VAULT, VAULT_RG, { filter: "backupManagementType eq 'AzureIaasVM'" })) {
    const properties = item.properties as { friendlyName: string; virtualMachineId: string };
    protectable.push({ name: properties.friendlyName, vmId: properties.virtualMachineId });
  }
  log(`protectable in ${VAULT}: ${protectable.map((vm) => vm.name).join(', ')}`);
  const target = protectable.find((vm) => vm.name === 'vm-new-01') ?? protectable[0];
  const resourceGroup = target.vmId.split('/')[4];
  const container = `IaasVMContainer;iaasvmcontainerv2;${resourceGroup};${target.name}`;
  const item = `VM;iaasvmcontainerv2;${resourceGroup};${target.name}`;

  // Enable protection: 202 + Azure-AsyncOperation -> operation status -> jobId -> ConfigureBackup job.
  let protectAsync = '';
  await backup.protectedItems.createOrUpdate(
    VAULT,
    VAULT_RG,
    'Azure',
    container,
    item,
    {
      properties: {
        protectedItemType: 'Microsoft.Compute/virtualMachines',
        sourceResourceId: target.vmId,
        policyId: `/subscriptions/${subscriptionId}/resourceGroups/${VAULT_RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}/backupPolicies/${POLICY}`,
      } as AzureIaaSVMProtectedItem,
    },
    { onResponse: (response) => (protectAsync = response.headers.get('azure-asyncoperation') ?? '') },
  );
  const configureJobId = await jobIdOf(backup, lastSegment(protectAsync));
  let configure = await jobDetails(backup, configureJobId);
  log(`protect ${target.name}: ${configure.operation} job ${configureJobId} is ${configure.status}`);
  while (configure.status === 'InProgress') {
    await control('/clock/advance', { minutes: 1 });
    configure = await jobDetails(backup, configureJobId);
  }
  log(`ConfigureBackup job ${configure.status}`);

  // Backup now, then follow the job phase by phase while moving the sandbox clock.
  let backupAsync = '';
  const keepUntil = new Date(Date.parse(await clockNow(options.url, agent)) + 30 * 24 * 3_600_000);
  await backup.backups.trigger(VAULT, VAULT_RG, 'Azure', container, item, { properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: keepUntil } }, {
    onResponse: (response) => (backupAsync = response.headers.get('azure-asyncoperation') ?? ''),
  });
  const backupJobId = await jobIdOf(backup, lastSegment(backupAsync));
  let job = await jobDetails(backup, backupJobId);
  let lastPhase = '';
  for (let step = 0; step < 100 && job.status === 'InProgress'; step++) {
    const phase = (job.extendedInfo?.tasksList ?? []).map((task) => `${task.taskId}: ${task.status}`).join(', ');
    if (phase !== lastPhase) log(`backup job ${backupJobId}: ${phase}`);
    lastPhase = phase;
    await control('/clock/advance', { minutes: 15 });
    job = await jobDetails(backup, backupJobId);
  }
  const tasks = (job.extendedInfo?.tasksList ?? []).map((task) => `${task.taskId}: ${task.status}`);
  log(`backup job ${job.status} (${tasks.join(', ')}) after ${job.duration}`);

  // Page the vault's jobs with a server-side filter (dates on the 12-hour clock, UTC).
  const since = formatFilterDate(Date.parse(await clockNow(options.url, agent)) - 3 * 24 * 3_600_000);
  const filter = `operation eq 'Backup' and status eq 'Completed' and startTime eq '${since}' and endTime eq '${formatFilterDate(Date.parse(await clockNow(options.url, agent)))}'`;
  let pages = 0;
  let filteredJobs = 0;
  for await (const page of backup.backupJobs.list(VAULT, VAULT_RG, { filter }).byPage()) {
    pages++;
    filteredJobs += page.length;
  }
  log(`${filteredJobs} completed backup jobs in the last 3 days (${pages} page(s), filter: ${filter})`);

  return {
    subscription: subscriptionId,
    vaults,
    protectable: protectable.map((vm) => vm.name),
    protectedVm: target.name,
    configureJob: { id: configureJobId, status: configure.status ?? '' },
    backupJob: { id: backupJobId, status: job.status ?? '', tasks },
    filteredJobs,
    pages,
  };

  async function jobIdOf(client: RecoveryServicesBackupClient, operationId: string): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const status = await client.backupOperationStatuses.get(VAULT, VAULT_RG, operationId);
      const jobId = (status.properties as OperationStatusJobExtendedInfo | undefined)?.jobId;
      if (status.status === 'Succeeded' && jobId) return jobId;
      if (status.status === 'Failed') throw new Error(`operation ${operationId} failed: ${status.error?.message}`);
    }
    throw new Error(`operation ${operationId} did not finish`);
  }
}

async function jobDetails(client: RecoveryServicesBackupClient, jobId: string): Promise<AzureIaaSVMJob> {
  return (await client.jobDetails.get(VAULT, VAULT_RG, jobId)).properties as AzureIaaSVMJob;
}

function lastSegment(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
}

function formatFilterDate(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = date.getUTCHours();
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(hours % 12 || 12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

async function clockNow(url: string, agent: https.Agent): Promise<string> {
  return ((await requestJson('GET', `${url}/_sandbox/clock`, undefined, agent)) as { now: string }).now;
}

function postJson(url: string, body: unknown, agent: https.Agent): Promise<unknown> {
  return requestJson('POST', url, body, agent);
}

function requestJson(method: string, url: string, body: unknown, agent: https.Agent): Promise<unknown> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((response.statusCode ?? 500) >= 400) reject(new Error(`${method} ${url}: ${response.statusCode} ${text}`));
        else resolve(text === '' ? undefined : JSON.parse(text));
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

if (require.main === module) {
  const url = argument('url', 'https://127.0.0.1:8443');
  const caFile = argument('ca-file', 'ca.pem');
  runSandboxDemo({ url, caPem: readFileSync(caFile, 'utf8'), log: (line) => console.log(line) })
    .then((result) => console.log(`done: ${result.protectedVm} protected, backup ${result.backupJob.status}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
