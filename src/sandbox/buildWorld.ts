import { HOUR_MS, MINUTE_MS, SimClock } from './model/clock';
import { addJob, createBackupJob, createSimpleJob } from './sim/jobs';
import { startOperation } from './sim/operations';
import { parseSchedule, previousFireTimes, ScheduleError } from './sim/schedule';
import { containerName, key, protectedItemName, vaultId, vmId } from './model/ids';
import { SeededRandom } from './model/random';
import type { JobPlan, JobState, PolicyState, ProtectedItemState, VaultState, VmState } from './model/types';
import { LookupError, World } from './model/world';
import { defaultPolicyProperties, normalizePolicyProperties } from './estate/defaultPolicy';
import type { Estate, EstateJob, EstateProtectedItem, EstateVault, EstateVm } from './estate/estateSchema';
import { EstateError } from './estate/loadEstate';
import { warningProblem } from './control/controlSchemas';

export interface BuildOptions {
  seed: number;
  start: Date;
  /** Status reads that answer "in progress" for operations the estate lists as under way. */
  pendingPolls: number;
  /** Apply the VMs' recurringOutcomes (off unless asked: see SandboxOptions.recurringTrouble). */
  recurringTrouble?: boolean;
}

/** Turns a validated estate into the in-memory world, including the job history it describes. */
export function buildWorld(estate: Estate, options: BuildOptions): World {
  const world = new World(new SimClock(options.start), new SeededRandom(options.seed));
  world.recurringTrouble = options.recurringTrouble ?? false;
  const history = new HistoryTimes(world.nowMs());
  const defaultSubscription = estate.subscriptions[0].subscriptionId;
  for (const subscription of estate.subscriptions) world.subscriptions.set(subscription.subscriptionId.toLowerCase(), { ...subscription });
  for (const vm of estate.virtualMachines) addVm(world, vm, defaultSubscription);
  for (const vault of estate.vaults) addVault(world, vault, defaultSubscription);
  for (const vault of estate.vaults) {
    const state = world.getVault(vault.subscriptionId ?? defaultSubscription, vault.resourceGroup, vault.name)!;
    for (const item of vault.protectedItems) addProtectedItem(world, state, item, history);
    for (const job of vault.jobs) addExplicitJob(world, state, job);
    for (const operation of vault.operations) {
      const vm = operation.vm ? resolve(world, operation.vm, state.subscriptionId, `vault ${vault.name} operation ${operation.id}`) : undefined;
      const polls = operation.status === 'Succeeded' ? 0 : (operation.polls ?? Math.max(1, options.pendingPolls));
      const started = startOperation(world, state, operation.kind, { pendingPolls: polls }, {
        id: operation.id,
        jobId: operation.jobId,
        containerName: vm ? containerName(vm.resourceGroup, vm.name) : undefined,
        itemName: vm ? protectedItemName(vm.resourceGroup, vm.name) : undefined,
      });
      if (operation.status === 'InProgress' && operation.polls === undefined) started.doneAtMs = Infinity;
      if (operation.polls !== undefined && polls > 0) started.doneAtMs = Infinity;
    }
  }
  return world;
}

function addVm(world: World, vm: EstateVm, defaultSubscription: string): void {
  const subscriptionId = vm.subscriptionId ?? defaultSubscription;
  if (!world.getSubscription(subscriptionId)) throw new EstateError(`VM ${vm.name}: subscription ${subscriptionId} is not in the estate.`);
  const vmKey = key(subscriptionId, vm.resourceGroup, vm.name);
  if (world.vms.has(vmKey)) throw new EstateError(`VM ${vm.resourceGroup}/${vm.name} is listed twice.`);
  const state: VmState = { ...vm, subscriptionId, key: vmKey, id: vmId(subscriptionId, vm.resourceGroup, vm.name), vmId: world.random.guid() };
  world.vms.set(vmKey, state);
}

export function addVault(world: World, vault: EstateVault, defaultSubscription: string): void {
  const subscriptionId = vault.subscriptionId ?? defaultSubscription;
  if (!world.getSubscription(subscriptionId)) throw new EstateError(`Vault ${vault.name}: subscription ${subscriptionId} is not in the estate.`);
  const vaultKey = key(subscriptionId, vault.resourceGroup, vault.name);
  if (world.vaults.has(vaultKey)) throw new EstateError(`Vault ${vault.resourceGroup}/${vault.name} is listed twice.`);
  const state: VaultState = {
    key: vaultKey,
    id: vaultId(subscriptionId, vault.resourceGroup, vault.name),
    name: vault.name,
    subscriptionId,
    resourceGroup: vault.resourceGroup,
    location: vault.location,
    redundancy: vault.redundancy,
    crossRegionRestore: vault.crossRegionRestore,
    tags: vault.tags,
    identity: vault.identity,
    extraProperties: vault.extraProperties,
    storageLocked: vault.protectedItems.length > 0,
    // VMs the estate marks discovered were seen by the vault's last discovery.
    discovered: new Set(world.vmsOf(subscriptionId).filter((vm) => vm.discovered).map((vm) => vm.key)),
    policies: new Map(),
    items: new Map(),
    jobs: [],
    jobsUnsorted: false,
    jobsById: new Map(),
    operations: new Map(),
  };
  for (const policy of vault.policies) addPolicy(state, policy.name, policy.properties);
  if (!state.policies.has('defaultpolicy')) addPolicy(state, 'DefaultPolicy', defaultPolicyProperties());
  world.vaults.set(vaultKey, state);
}

function addPolicy(vault: VaultState, name: string, properties: Record<string, unknown>): void {
  try {
    parseSchedule(properties);
  } catch (error) {
    if (error instanceof ScheduleError) throw new EstateError(`Vault ${vault.name}, policy ${name}: ${error.message}`);
    throw error;
  }
  const policy: PolicyState = { name, properties: normalizePolicyProperties(properties) };
  vault.policies.set(name.toLowerCase(), policy);
}

function resolve(world: World, reference: string, subscriptionId: string, context: string): VmState {
  try {
    return world.resolveVm(reference, subscriptionId);
  } catch (error) {
    if (error instanceof LookupError) throw new EstateError(`${context}: ${error.message}`);
    throw error;
  }
}

/** Past fire times per policy, computed once and shared by every item of that policy. */
class HistoryTimes {
  private readonly cache = new Map<string, number[]>();

  constructor(private readonly nowMs: number) {}

  runs(vault: VaultState, policy: PolicyState, count: number): number[] {
    const cacheKey = `${vault.key}/${policy.name.toLowerCase()}`;
    let times = this.cache.get(cacheKey);
    if (!times || times.length < count) {
      const schedule = parseSchedule(policy.properties);
      times = schedule ? previousFireTimes(schedule, this.nowMs, count) : [];
      this.cache.set(cacheKey, times);
    }
    return times.slice(0, count).reverse();
  }
}

function addProtectedItem(world: World, vault: VaultState, entry: EstateProtectedItem, history: HistoryTimes): void {
  const vm = resolve(world, entry.vm, vault.subscriptionId, `vault ${vault.name}`);
  const other = world.protectedBy.get(vm.key);
  if (other) throw new EstateError(`VM ${vm.name} is protected twice (vault ${vault.name} and ${world.vaults.get(other)?.name}); a VM can be protected by one vault only.`);
  const policy = vault.policies.get(entry.policy.toLowerCase());
  if (!policy) throw new EstateError(`Vault ${vault.name}: policy ${entry.policy} (for VM ${vm.name}) is not defined in that vault.`);
  const rules = [
    ...entry.history.overrides.map((override) => ({ what: `history run ${override.run}`, outcome: override })),
    ...vm.recurringOutcomes.map((rule) => ({ what: `recurring outcome (every ${rule.every}, at ${rule.at})`, outcome: rule })),
  ];
  for (const { what, outcome } of rules) {
    const problem = warningProblem(outcome);
    if (problem) throw new EstateError(`Vault ${vault.name}, VM ${vm.name}, ${what}: ${problem}`);
  }
  const now = world.nowMs();
  const runs = history.runs(vault, policy, entry.history.runs);
  const protectedAtMs = (runs[0] ?? now - 24 * HOUR_MS) - HOUR_MS;
  const item: ProtectedItemState = {
    vm,
    vaultKey: vault.key,
    containerName: containerName(vm.resourceGroup, vm.name),
    itemName: protectedItemName(vm.resourceGroup, vm.name),
    policyName: policy.name,
    protectionState: 'Protected',
    protectedAtMs,
    scheduledRuns: 0,
    backupJobs: [],
  };
  vault.items.set(vm.key, item);
  world.protectedBy.set(vm.key, vault.key);
  if (!entry.ownJobs) {
    // Its jobs are in the vault's `jobs` list: a recording that read the job list says exactly which exist.
    item.protectionState = entry.state;
    return;
  }
  createSimpleJob(world, vault, vm, 'ConfigureBackup', protectedAtMs, { policyName: policy.name });
  runs.forEach((runMs, index) => {
    const runNumber = runs.length - index;
    const override = entry.history.overrides.find((candidate) => candidate.run === runNumber);
    createBackupJob(world, vault, item, runMs, { forced: override, scheduled: true });
  });
  if (entry.state === 'ProtectionStopped') {
    item.protectionState = 'ProtectionStopped';
    const lastRun = runs[runs.length - 1] ?? protectedAtMs;
    createSimpleJob(world, vault, vm, 'DisableBackup', Math.min(now - MINUTE_MS, lastRun + 12 * HOUR_MS), { policyName: '' });
  }
}

/** A job with a fixed id and times (used to replay published examples). */
function addExplicitJob(world: World, vault: VaultState, entry: EstateJob): void {
  const vm = entry.vm ? resolve(world, entry.vm, vault.subscriptionId, `vault ${vault.name} job ${entry.id}`) : undefined;
  const startMs = Date.parse(entry.startTime);
  const endMs = entry.endTime ? Date.parse(entry.endTime) : entry.status === 'InProgress' ? Infinity : startMs + 30 * MINUTE_MS;
  const job: JobState = {
    id: entry.id,
    vaultKey: vault.key,
    vmKey: vm?.key,
    entityFriendlyName: entry.entityFriendlyName ?? vm?.name ?? '',
    containerName: vm ? `iaasvmcontainerv2;${vm.resourceGroup.toLowerCase()};${vm.name.toLowerCase()}` : undefined,
    operation: entry.operation,
    startMs,
    policyName: entry.policyName,
    plan: explicitPlan(entry, startMs, endMs),
  };
  addJob(vault, job);
  const item = vm ? vault.items.get(vm.key) : undefined;
  if (item && entry.operation === 'Backup') {
    item.backupJobs.push(job);
    item.backupJobs.sort((a, b) => a.startMs - b.startMs);
  }
}

function explicitPlan(entry: EstateJob, startMs: number, endMs: number): JobPlan {
  const outcome = entry.status;
  if (entry.operation !== 'Backup') return { outcome, endMs, errorCode: entry.errorCode };
  const snapshotEnd = Math.min(endMs, startMs + 5 * MINUTE_MS);
  if (outcome === 'Failed') {
    return { outcome, endMs, errorCode: entry.errorCode, snapshot: { endMs, status: 'Failed' }, transfer: { startMs: endMs, endMs, status: 'Failed' } };
  }
  const transferStatus = outcome === 'CompletedWithWarnings' ? 'Failed' : 'Completed';
  return {
    outcome,
    endMs,
    errorCode: entry.errorCode,
    snapshot: { endMs: snapshotEnd, status: 'Completed' },
    transfer: { startMs: snapshotEnd, endMs, status: transferStatus },
  };
}
