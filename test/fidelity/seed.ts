import type { EstateInput } from '../../src/sandbox';
import { kindOf, type Exchange, type RecordingFile } from './recording';

// The sandbox estate a recording starts from, read from the recording itself: its subscription,
// vaults (and their region), VMs, policies, the items already protected before the first write,
// the jobs and operations that existed before the recording started.

type Json = Record<string, unknown>;
const VAULT_PATH = /\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/?]+)/i;
const VM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i;
const OPERATION_POLL = /\/(?:backupOperations|operationsStatus|operationResults|backupOperationResults)\/([^/?]+)/i;

export interface SeedVm {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** From a recorded Compute GET, when there is one. */
  compute?: Json;
}

export function decodedPath(exchange: Exchange): string {
  try {
    return decodeURIComponent(exchange.path);
  } catch {
    return exchange.path;
  }
}

/** Operation id of the 202 an exchange answered, from its Azure-AsyncOperation or Location header. */
export function operationIdOfHeaders(headers: Record<string, string | undefined>): string | undefined {
  for (const name of ['azure-asyncoperation', 'location']) {
    const value = headers[name];
    const match = value ? OPERATION_POLL.exec(decodeURIComponent(value.split('?')[0])) : null;
    if (match) return match[1].toLowerCase();
  }
  return undefined;
}

export function operationIdOfPoll(exchange: Exchange): string | undefined {
  if (exchange.method !== 'GET') return undefined;
  return OPERATION_POLL.exec(decodedPath(exchange))?.[1].toLowerCase();
}

/** Operation ids started by a write (202) within the recording. */
export function startedOperations(recording: RecordingFile): Set<string> {
  const ids = new Set<string>();
  for (const exchange of recording.exchanges) {
    if (exchange.status === 202 && exchange.method !== 'GET') {
      const id = operationIdOfHeaders(exchange.headers);
      if (id) ids.add(id);
    }
  }
  return ids;
}

/** Job ids created within the recording: named by a Succeeded poll of an operation it started. */
function createdJobs(recording: RecordingFile, started: Set<string>): Set<string> {
  const ids = new Set<string>();
  for (const exchange of recording.exchanges) {
    const op = operationIdOfPoll(exchange);
    const jobId = ((exchange.body as Json | undefined)?.properties as Json | undefined)?.jobId;
    if (op && started.has(op) && typeof jobId === 'string') ids.add(jobId.toLowerCase());
  }
  return ids;
}

function walk(value: unknown, visit: (key: string, value: unknown, parent: Json) => void): void {
  if (Array.isArray(value)) for (const element of value) walk(element, visit);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Json)) {
      visit(key, child, value as Json);
      walk(child, visit);
    }
  }
}

function vmsOf(recording: RecordingFile): Map<string, SeedVm> {
  const vms = new Map<string, SeedVm>();
  const add = (id: string) => {
    const match = VM_ID.exec(id.trim());
    // The first mention wins: a later id naming the same VM must not drop the compute body seen with it.
    if (match && !vms.has(`${match[2]}/${match[3]}`.toLowerCase())) vms.set(`${match[2]}/${match[3]}`.toLowerCase(), { subscriptionId: match[1], resourceGroup: match[2], name: match[3] });
  };
  for (const exchange of recording.exchanges) {
    const pathVm = /\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/[^/?]+/i.exec(decodedPath(exchange));
    if (pathVm) {
      add(pathVm[0]);
      const match = VM_ID.exec(pathVm[0])!;
      const vm = vms.get(`${match[2]}/${match[3]}`.toLowerCase());
      if (vm && exchange.status === 200 && exchange.body && typeof exchange.body === 'object') vm.compute = exchange.body as Json;
    }
    // A subscription-wide VM list (what the bot reads): each element is the VM as a GET returns it.
    if (/\/providers\/Microsoft\.Compute\/virtualMachines$/i.test(decodedPath(exchange)) && exchange.status === 200) {
      for (const element of listElements(exchange.body)) {
        const match = typeof element.id === 'string' ? VM_ID.exec(element.id) : null;
        if (!match) continue;
        add(element.id as string);
        vms.get(`${match[2]}/${match[3]}`.toLowerCase())!.compute = element;
      }
    }
    const subscription = /\/subscriptions\/([^/?]+)/i.exec(decodedPath(exchange))?.[1];
    for (const body of [exchange.body, exchange.requestBody]) {
      walk(body, (key, value, parent) => {
        if ((key === 'virtualMachineId' || key === 'sourceResourceId') && typeof value === 'string') add(value);
        // Jobs name their VM by container only (TF:5): iaasvmcontainerv2;{rg};{vm}.
        const container = key === 'containerName' && typeof value === 'string' ? /^iaasvmcontainerv2;([^;]+);([^;]+)$/i.exec(value) : null;
        if (container && subscription && !vms.has(`${container[1]}/${container[2]}`.toLowerCase())) {
          const name = typeof parent.entityFriendlyName === 'string' && parent.entityFriendlyName.toLowerCase() === container[2] ? parent.entityFriendlyName : container[2];
          add(`/subscriptions/${subscription}/resourceGroups/${container[1]}/providers/Microsoft.Compute/virtualMachines/${name}`);
        }
      });
    }
  }
  return vms;
}

interface SeedVault {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  identity?: 'SystemAssigned';
  policies: Map<string, Json>;
  items: Json[];
  jobs: Json[];
  operations: Json[];
}

export function estateOf(recording: RecordingFile): EstateInput {
  const vaults = new Map<string, SeedVault>();
  const subscriptions = new Set<string>();
  const started = startedOperations(recording);
  const created = createdJobs(recording, started);
  const createdPolicies = new Set<string>();
  const firstDate = recording.exchanges.map((e) => Date.parse(e.headers.date ?? '')).filter((t) => !Number.isNaN(t))[0];
  for (const exchange of recording.exchanges) {
    const match = VAULT_PATH.exec(decodedPath(exchange));
    const sub = /\/subscriptions\/([^/?]+)/i.exec(decodedPath(exchange));
    if (sub) subscriptions.add(sub[1].toLowerCase());
    // A subscription's vault list (what the bot reads): location, tags and identity of each vault.
    if (/\/providers\/Microsoft\.RecoveryServices\/vaults$/i.test(decodedPath(exchange)) && exchange.status === 200) {
      for (const element of listElements(exchange.body)) {
        const id = typeof element.id === 'string' ? VAULT_PATH.exec(element.id) : null;
        if (!id) continue;
        const key = `${id[2]}/${id[3]}`.toLowerCase();
        if (!vaults.has(key)) vaults.set(key, { subscriptionId: id[1], resourceGroup: id[2], name: id[3], location: '', tags: {}, policies: new Map(), items: [], jobs: [], operations: [] });
        const vault = vaults.get(key)!;
        if (vault.location === '' && typeof element.location === 'string') vault.location = element.location.replace(/\s+/g, '').toLowerCase();
        if (Object.keys(vault.tags).length === 0 && element.tags) vault.tags = element.tags as Record<string, string>;
        if ((element.identity as Json | undefined)?.type === 'SystemAssigned') vault.identity = 'SystemAssigned';
      }
    }
    if (!match) continue;
    const key = `${match[2]}/${match[3]}`.toLowerCase();
    if (!vaults.has(key)) vaults.set(key, { subscriptionId: match[1], resourceGroup: match[2], name: match[3], location: '', tags: {}, policies: new Map(), items: [], jobs: [], operations: [] });
    const vault = vaults.get(key)!;
    const body = exchange.body as Json | undefined;
    if (kindOf(exchange).endsWith(' vaults/{}') && typeof body?.location === 'string') {
      if (vault.location === '') vault.location = body.location.replace(/\s+/g, '').toLowerCase();
      if (Object.keys(vault.tags).length === 0 && body.tags) vault.tags = body.tags as Record<string, string>;
    }
    collectPolicies(vault, exchange, createdPolicies);
  }
  const vms = vmsOf(recording);
  const location = [...vaults.values()].find((vault) => vault.location !== '')?.location ?? 'westeurope';
  for (const vault of vaults.values()) if (vault.location === '') vault.location = location;
  seedItems(recording, vaults, vms);
  seedJobsAndOperations(recording, vaults, vms, started, created);
  const discoveredBefore = discoveredBeforeRefresh(recording);
  const subscriptionIds = [...new Set([...[...vaults.values()].map((vault) => vault.subscriptionId), ...[...vms.values()].map((vm) => vm.subscriptionId)])];
  if (subscriptionIds.length === 0) subscriptionIds.push(...subscriptions);
  return {
    seed: 1,
    clock: firstDate !== undefined ? { start: new Date(firstDate - 1000).toISOString() } : undefined,
    subscriptions: subscriptionIds.map((subscriptionId) => ({ subscriptionId: guidOr(subscriptionId), displayName: 'Recorded subscription' })),
    // A vault the recording creates (PUT answered 201) must not exist before it: the create is replayed.
    vaults: [...vaults.values()].filter((vault) => !createdVaults(recording).has(`${vault.resourceGroup}/${vault.name}`.toLowerCase())).map((vault) => ({
      name: vault.name,
      subscriptionId: guidOr(vault.subscriptionId),
      resourceGroup: vault.resourceGroup,
      location: vault.location,
      tags: vault.tags,
      ...(vault.identity ? { identity: vault.identity } : {}),
      policies: [...vault.policies.entries()].map(([name, properties]) => ({ name, properties: properties as { backupManagementType: string } })),
      protectedItems: vault.items as never,
      jobs: vault.jobs as never,
      operations: vault.operations as never,
    })),
    virtualMachines: [...vms.values()].map((vm) => ({
      name: vm.name,
      subscriptionId: guidOr(vm.subscriptionId),
      resourceGroup: vm.resourceGroup,
      // Its own region when the recording shows the VM (a vault discovers only VMs of its region).
      location: typeof vm.compute?.location === 'string' ? vm.compute.location.replace(/\s+/g, '').toLowerCase() : location,
      os: { ...(osTypeOf(vm) === 'Linux' ? { type: 'Linux' as const, name: 'Ubuntu 22.04' } : { type: 'Windows' as const, name: 'Windows Server 2019 Datacenter' }), version: exactVersionOf(vm), image: imageOf(vm) },
      disks: { managed: (storageOf(vm)?.osDisk as Json | undefined)?.vhd === undefined, data: dataDisksOf(vm) },
      tags: (vm.compute?.tags as Record<string, string> | undefined) ?? {},
      // A VM a recording refreshes for was created after the vault's last discovery (softdel:16-21).
      discovered: discoveredBefore === undefined || discoveredBefore.has(`${vm.resourceGroup}/${vm.name}`.toLowerCase()),
    })),
  };
}

/** Vaults (rg/name) the recording itself creates: their first exchange is a PUT answered 201 (scenario:0, softdel:0). */
function createdVaults(recording: RecordingFile): Set<string> {
  const created = new Set<string>();
  const seen = new Set<string>();
  for (const exchange of recording.exchanges) {
    const match = VAULT_PATH.exec(decodedPath(exchange));
    if (!match) continue;
    const key = `${match[2]}/${match[3]}`.toLowerCase();
    if (!seen.has(key) && exchange.method === 'PUT' && exchange.status === 201 && kindOf(exchange) === 'PUT vaults/{}') created.add(key);
    seen.add(key);
  }
  return created;
}

/** VMs listed as protectable before the recording's first refresh; undefined when it never refreshes. */
function discoveredBeforeRefresh(recording: RecordingFile): Set<string> | undefined {
  const first = recording.exchanges.findIndex((exchange) => /\/refreshContainers$/i.test(exchange.path));
  if (first < 0) return undefined;
  const seen = new Set<string>();
  for (const exchange of recording.exchanges.slice(0, first)) {
    walk(exchange.body, (key, value) => {
      const match = key === 'virtualMachineId' && typeof value === 'string' ? VM_ID.exec(value) : null;
      if (match && /backupProtectableItems/i.test(exchange.path)) seen.add(`${match[2]}/${match[3]}`.toLowerCase());
    });
  }
  return seen;
}

function listElements(body: unknown): Json[] {
  const value = (body as Json | undefined)?.value;
  return Array.isArray(value) ? value.filter((element): element is Json => element !== null && typeof element === 'object') : [];
}

function exactVersionOf(vm: SeedVm): string {
  const exact = (storageOf(vm)?.imageReference as Json | undefined)?.exactVersion;
  return typeof exact === 'string' ? exact : '';
}

/** Linux when the recorded VM says so (osDisk.osType or a linuxConfiguration), else Windows. */
function osTypeOf(vm: SeedVm): 'Windows' | 'Linux' {
  const properties = vm.compute?.properties as Json | undefined;
  const osDisk = (storageOf(vm)?.osDisk as Json | undefined)?.osType;
  const linux = osDisk === 'Linux' || (properties?.osProfile as Json | undefined)?.linuxConfiguration !== undefined;
  return linux ? 'Linux' : 'Windows';
}

function storageOf(vm: SeedVm): Json | undefined {
  return (vm.compute?.properties as Json | undefined)?.storageProfile as Json | undefined;
}

function imageOf(vm: SeedVm): { publisher: string; offer: string; sku: string; version: string } | undefined {
  const image = storageOf(vm)?.imageReference as Record<string, string> | undefined;
  return image?.publisher ? { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version ?? 'latest' } : undefined;
}

function dataDisksOf(vm: SeedVm): number {
  const disks = storageOf(vm)?.dataDisks;
  return Array.isArray(disks) ? disks.length : 0;
}

function guidOr(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000';
}

/** Policies made up for items that name a policy the recording has not shown (yet). */
const STAND_INS = new WeakSet<Json>();

function collectPolicies(vault: SeedVault, exchange: Exchange, createdHere: Set<string>): void {
  if (exchange.method === 'PUT' || exchange.method === 'DELETE') {
    const name = /\/backupPolicies\/([^/?]+)$/i.exec(decodedPath(exchange))?.[1];
    if (name && exchange.method === 'PUT' && !vault.policies.has(name)) createdHere.add(name.toLowerCase());
    return;
  }
  const body = exchange.body as Json | undefined;
  const resources = Array.isArray(body?.value) ? (body.value as Json[]) : body ? [body] : [];
  for (const resource of resources) {
    if (!/\/backupPolicies$/i.test(String(resource.type ?? ''))) continue;
    const properties = structuredClone(resource.properties as Json);
    if (String(properties.backupManagementType).toLowerCase() !== 'azureiaasvm') continue;
    const known = vault.policies.get(String(resource.name));
    // A recorded policy body replaces the stand-in made for an item that named it earlier.
    if ((known === undefined || STAND_INS.has(known)) && !createdHere.has(String(resource.name).toLowerCase())) vault.policies.set(String(resource.name), properties);
  }
  // Items name their policy: make sure it exists.
  walk(body, (key, value, parent) => {
    if (key === 'policyName' && typeof value === 'string' && value !== '' && parent.protectedItemType !== undefined && !vault.policies.has(value)) {
      const standIn = defaultPolicy();
      STAND_INS.add(standIn);
      vault.policies.set(value, standIn);
    }
  });
}

function defaultPolicy(): Json {
  const time = '2022-01-01T03:30:00Z';
  return {
    backupManagementType: 'AzureIaasVM',
    instantRPDetails: {},
    schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: [time], scheduleWeeklyFrequency: 0 },
    retentionPolicy: { retentionPolicyType: 'LongTermRetentionPolicy', dailySchedule: { retentionTimes: [time], retentionDuration: { count: 30, durationType: 'Days' } } },
    instantRpRetentionRangeInDays: 2,
    timeZone: 'UTC',
  };
}

/** Items listed before the recording writes to them were protected already. */
function seedItems(recording: RecordingFile, vaults: Map<string, SeedVault>, vms: Map<string, SeedVm>): void {
  const written = new Set<string>();
  const seeded = new Set<string>();
  const listsJobs = vaultsListingJobs(recording);
  for (const exchange of recording.exchanges) {
    const vaultMatch = VAULT_PATH.exec(decodedPath(exchange));
    if (!vaultMatch) continue;
    const vault = vaults.get(`${vaultMatch[2]}/${vaultMatch[3]}`.toLowerCase())!;
    const itemName = /\/protectedItems\/([^/?]+)/i.exec(decodedPath(exchange))?.[1];
    if (itemName && exchange.method !== 'GET') written.add(`${vault.name}|${itemName.split(';').slice(-2).join('/')}`.toLowerCase());
    if (exchange.method !== 'GET' || !/\/backupProtectedItems$|\/protectedItems\/[^/]+$/i.test(decodedPath(exchange))) continue;
    const body = exchange.body as Json | undefined;
    const resources = Array.isArray(body?.value) ? (body.value as Json[]) : body ? [body] : [];
    for (const resource of resources) {
      const properties = resource.properties as Json | undefined;
      const vmMatch = VM_ID.exec(String(properties?.virtualMachineId ?? properties?.sourceResourceId ?? ''));
      if (!properties || !vmMatch) continue;
      const vmKey = `${vmMatch[2]}/${vmMatch[3]}`.toLowerCase();
      const key = `${vault.name}|${vmKey}`.toLowerCase();
      if (written.has(key) || seeded.has(key) || !vms.has(vmKey)) continue;
      seeded.add(key);
      const status = String(properties.lastBackupStatus ?? '');
      const stopped = properties.protectionState === 'ProtectionStopped';
      // A recording that lists the vault's jobs says which exist: the item's own come from that list.
      const listed = listsJobs.has(`${vault.resourceGroup}/${vault.name}`.toLowerCase());
      vault.items.push({
        vm: `${vmMatch[2]}/${vmMatch[3]}`,
        policy: stopped || !properties.policyName ? 'DefaultPolicy' : String(properties.policyName),
        state: stopped ? 'ProtectionStopped' : 'Protected',
        ...(listed ? { ownJobs: false } : {}),
        // Backed up before: a few finished runs (so a recovery point exists), the last one as recorded.
        history: status === '' || listed ? { runs: 0, overrides: [] } : { runs: 3, overrides: status === 'Completed' ? [] : [{ run: 1, status: status === 'CompletedWithWarnings' ? 'CompletedWithWarnings' : 'Failed', errorCode: codeOf(properties) }] },
      });
    }
  }
}

/** Vaults ("rg/name", lower case) whose job list the recording reads. */
function vaultsListingJobs(recording: RecordingFile): Set<string> {
  const names = new Set<string>();
  for (const exchange of recording.exchanges) {
    const match = VAULT_PATH.exec(decodedPath(exchange));
    if (match && exchange.method === 'GET' && exchange.status === 200 && /\/backupJobs$/i.test(decodedPath(exchange))) names.add(`${match[2]}/${match[3]}`.toLowerCase());
  }
  return names;
}

function codeOf(properties: Json): string | undefined {
  const details = properties.healthDetails as Json[] | undefined;
  const title = details?.[0]?.title;
  return typeof title === 'string' && title !== 'IaasVmHealthGreenDefault' ? title : undefined;
}

/** Jobs and operations the recording reads but did not start existed before it. */
function seedJobsAndOperations(recording: RecordingFile, vaults: Map<string, SeedVault>, vms: Map<string, SeedVm>, started: Set<string>, created: Set<string>): void {
  const seenJobs = new Set<string>();
  const seenOps = new Set<string>();
  for (const exchange of recording.exchanges) {
    const vaultMatch = VAULT_PATH.exec(decodedPath(exchange));
    if (!vaultMatch || exchange.method !== 'GET') continue;
    const vault = vaults.get(`${vaultMatch[2]}/${vaultMatch[3]}`.toLowerCase())!;
    const body = exchange.body as Json | undefined;
    const op = operationIdOfPoll(exchange);
    if (op && !started.has(op) && !seenOps.has(op) && /\/backupOperations\//i.test(exchange.path)) {
      seenOps.add(op);
      const polls = recording.exchanges.filter((candidate) => operationIdOfPoll(candidate) === op);
      const final = polls[polls.length - 1]?.body as Json | undefined;
      const jobId = (final?.properties as Json | undefined)?.jobId;
      const inProgress = polls.filter((poll) => (poll.body as Json | undefined)?.status === 'InProgress').length;
      vault.operations.push({ id: op, kind: 'DeleteBackupData', status: inProgress === 0 ? 'Succeeded' : 'InProgress', polls: inProgress, jobId: typeof jobId === 'string' ? jobId : undefined });
    }
    const resources = Array.isArray(body?.value) ? (body.value as Json[]) : body ? [body] : [];
    for (const resource of resources) {
      if (!/\/backupJobs$/i.test(String(resource.type ?? ''))) continue;
      const id = String(resource.name).toLowerCase();
      if (created.has(id) || seenJobs.has(id)) continue;
      seenJobs.add(id);
      const properties = resource.properties as Json;
      const status = String(properties.status);
      const container = String(properties.containerName ?? '').toLowerCase();
      const vm =
        [...vms.values()].find((candidate) => container === `iaasvmcontainerv2;${candidate.resourceGroup};${candidate.name}`.toLowerCase()) ??
        [...vms.values()].find((candidate) => candidate.name.toLowerCase() === String(properties.entityFriendlyName).toLowerCase());
      const errors = properties.errorDetails as Json[] | undefined;
      vault.jobs.push({
        id: String(resource.name),
        vm: vm ? `${vm.resourceGroup}/${vm.name}` : undefined,
        entityFriendlyName: String(properties.entityFriendlyName ?? ''),
        operation: ['Backup', 'ConfigureBackup', 'DisableBackup', 'DeleteBackupData', 'Restore'].includes(String(properties.operation)) ? properties.operation : 'Backup',
        status: ['InProgress', 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'].includes(status) ? status : 'InProgress',
        startTime: String(properties.startTime),
        endTime: typeof properties.endTime === 'string' ? properties.endTime : undefined,
        errorCode: typeof errors?.[0]?.errorTitle === 'string' ? errors[0].errorTitle : undefined,
        policyName: ((properties.extendedInfo as Json | undefined)?.propertyBag as Json | undefined)?.['Policy Name'] as string | undefined,
      });
    }
  }
}
