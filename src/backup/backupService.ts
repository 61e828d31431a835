import type {
  AzureIaaSVMJob,
  AzureIaaSVMProtectionPolicy,
  IaaSVMProtectableItem,
  JobResource,
  WorkloadProtectableItemResource as ProtectableItemResource,
  OperationStatus,
  OperationStatusJobExtendedInfo,
  ProtectedItemResource,
  ProtectionPolicyResource,
} from '@azure/arm-recoveryservicesbackup';
import type { Vault } from '@azure/arm-recoveryservices';
import type { VirtualMachine } from '@azure/arm-compute';
import { z } from 'zod';
import type { Logger } from '../logger';
import { containerName, parseArmId, parseBackupItemName, parseVaultId, policyNameProblem, protectedItemName, sameArmId, vmId, vmNameProblem } from './armIds';
import { createAzureClients, type AzureClients, type RetrySettings, type SandboxConnection, type SubscriptionClients } from './azureClients';
import { mapAzureError } from './azureErrors';
import { BackupError, InvalidInputError, NotFoundError } from './backupError';
import { closestNames } from './closestNames';
import { configureOutcomeOf, type ConfigureOutcome } from './configureOutcome';
import { followPolicyOperation } from './policyOperation';
import type { OnAccepted } from './acceptedOperation';
import { buildJobFilter, buildJobFilters, JOB_OPERATIONS, JOB_STATUSES } from './jobFilter';
import { toJobRow, toJobView, type JobRow, type JobView } from './jobPhases';
import { createLimiter, mapLimited, type Limiter } from './limiter';
import { resolvePolicyTimes } from './policyTimes';
import { resolvePolicies } from './policyLookup';
import { parseVaultQuery, parseVmQuery, resolveVaultQuery, resolveVmQuery } from './nameResolution';
import { operationFailure, operationIdFromHeaders, operationUnsuccessful, pollDelay, pollUntil, retryAfterMs, sleep, type HeaderBag, type PollSettings } from './operationPolling';
import { isVmPolicy, toPolicyView, withRunTimes } from './policyView';
import { runPreflight, sameRegion, type PreflightResult } from './preflight';
import { NOT_PROTECTED, toProtectedVm, type ProtectedVm } from './protectionView';
import { rawListItems, rawListPages } from './rawPages';
import { TtlCache } from './ttlCache';
import { toVaultView } from './vaultView';
import { osTypeOf, toPreflightVm, toProtectedVmSummary, toVmDetails, toVmRow } from './vmView';
import { VmOsCache, type OsType } from './vmOs';
import { describeUnreadable, isPerVaultFailure, unreadableVault, vaultList, type UnreadableVault, type VaultList } from './unreadableVaults';
import type { PolicyView, ProtectionView, VaultView, VmDetails, VmRef, VmSummary } from './views';
import type { TokenCredential } from '@azure/identity';
import { quoted } from '../userText';
import { byVaultAndName, byVmName } from './listOrder';

/**
 * The Azure Backup domain service: owns the SDK clients of every configured subscription and
 * returns plain view models. Every Azure failure leaves as a BackupError with one readable sentence.
 */

export interface BackupServiceOptions {
  mode: 'sandbox' | 'azure';
  /** Subscriptions to work in; empty means every enabled subscription the identity can see. */
  subscriptionIds: string[];
  sandbox?: SandboxConnection;
  cacheTtlSeconds: number;
  logger: Logger;
  /** Parallel Azure calls across vaults and subscriptions (default 4). */
  concurrency?: number;
  /** Current time (the sandbox clock in tests); default the system clock. */
  clock?: () => Date;
  /** Pacing of the 202 operation polls (defaults: 3 s / 3 min / Retry-After capped at 5 s in Azure; 200 ms / 1 min / 1 s on the sandbox). */
  polling?: Partial<PollSettings>;
  /** SDK retry policy for 429/5xx (default: the SDK's 3 retries). */
  retry?: RetrySettings;
  requestTimeoutMs?: number;
  credential?: TokenCredential;
  /** ARM_RECORD_DIR: record every ARM exchange, sanitised, for the fidelity suite. */
  recordDir?: string;
}

export interface ListVmsOptions {
  vault?: string;
  unprotectedOnly?: boolean;
}

export interface ListJobsOptions {
  vault?: string;
  status?: (typeof JOB_STATUSES)[number];
  operation?: (typeof JOB_OPERATIONS)[number];
  since?: Date;
  until?: Date;
  /** VM name, resourceGroup/name or ARM id. */
  vm?: string;
  /** Most jobs returned (default 50, at most 500). */
  limit?: number;
}

export interface UpdateScheduleOptions {
  /** -1/+1 when the new run time crossed midnight: weekly run days move with it. */
  dayShift?: -1 | 0 | 1;
  /** Told the operation when Azure accepts the write (202), before it is followed (an approval stores it). */
  onAccepted?: OnAccepted;
}

export interface ConfigureOptions {
  /** Told the operation when Azure accepts the PUT (202), before it is followed (an approval stores it). */
  onAccepted?: OnAccepted;
}

const FABRIC = 'Azure';
const VM_FILTER = "backupManagementType eq 'AzureIaasVM'";
const PROTECTED_VM_FILTER = "backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'";
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;
const MAX_JOB_PAGES = 20;

const listJobsSchema = z
  .object({
    vault: z.string().optional(),
    status: z.enum(JOB_STATUSES).optional(),
    operation: z.enum(JOB_OPERATIONS).optional(),
    since: z.date().optional(),
    until: z.date().optional(),
    vm: z.string().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

type VaultBase = Omit<VaultView, 'protectedItemCount'>;
/** A vault without its protected-item count (reading the count costs a list of its items). */
export type VaultRef = VaultBase;
/** What one vault-scoped call needs of a vault the caller already holds (ids from Azure, never typed). */
export type VaultKey = Pick<VaultView, 'id' | 'name' | 'resourceGroup' | 'subscriptionId' | 'region'>;

/** A job the bot already knows: its id and its vault's ARM id (from the job it started or listed). */
export interface JobRef {
  jobId: string;
  vaultId: string;
  /** The vault's region, when known: names the Storage service tag in network remedies. */
  region?: string;
}

/** What an approved protect request holds: VM, vault and policy resolved and checked when it was made. */
export interface ProtectionTarget {
  vm: VmRef & { region: string };
  vault: VaultKey;
  policy: string;
}
/** A VM as listed (compact: the SDK object is dropped page by page), without its protection. */
type VmRow = Omit<VmSummary, 'protection'>;
/** How long the vault list is kept at least (vaults are created and deleted rarely). */
const VAULT_LIST_TTL_MS = 5 * 60_000;
/** Job id -> vault id remembered from listings, so `job <id>` asks one vault (bounded). */
const MAX_REMEMBERED_JOBS = 50_000;

export function createBackupService(options: BackupServiceOptions): BackupService {
  const clients = createAzureClients({
    mode: options.mode,
    sandbox: options.sandbox,
    retry: options.retry,
    requestTimeoutMs: options.requestTimeoutMs,
    credential: options.credential,
    recordDir: options.recordDir,
    logger: options.logger,
  });
  return new BackupService(clients, options);
}

export class BackupService {
  private readonly cache: TtlCache;
  private readonly vaultCache: TtlCache;
  private readonly jobVaults = new Map<string, string>();
  /** The OS of every VM listed or read so far (kept across cache clears: it does not change). */
  private readonly vmOs: VmOsCache;
  private readonly limit: Limiter;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly polling: PollSettings;

  constructor(
    private readonly clients: AzureClients,
    private readonly options: BackupServiceOptions,
  ) {
    const ttlMs = Math.max(0, options.cacheTtlSeconds) * 1000;
    this.cache = new TtlCache(ttlMs);
    this.vaultCache = new TtlCache(ttlMs === 0 ? 0 : Math.max(ttlMs, VAULT_LIST_TTL_MS));
    this.limit = createLimiter(options.concurrency ?? 4);
    this.logger = options.logger;
    this.now = options.clock ?? (() => new Date());
    this.vmOs = new VmOsCache(() => this.now().getTime());
    const sandbox = options.mode === 'sandbox';
    this.polling = {
      intervalMs: options.polling?.intervalMs ?? (sandbox ? 200 : 3000),
      timeoutMs: options.polling?.timeoutMs ?? (sandbox ? 60_000 : 180_000),
      // Retry-After (60 s on Azure's 202s since 2024) is honoured up to this cap: the operations it
      // names usually end within seconds (FINDINGS (e), (i)).
      maxRetryAfterMs: options.polling?.maxRetryAfterMs ?? (options.polling?.intervalMs !== undefined ? options.polling.intervalMs : sandbox ? 1_000 : 5_000),
      // Shutdown: polls stop (PollAborted), and the status read in flight is cancelled with them.
      signal: options.polling?.signal,
    };
  }

  // ---------------------------------------------------------------- subscriptions and vaults

  async listSubscriptions(): Promise<string[]> {
    if (this.options.subscriptionIds.length > 0) return this.options.subscriptionIds;
    const ids = await this.vaultCache.getOrLoad('subscriptions', () => this.call('list the Azure subscriptions', () => this.clients.discoverSubscriptionIds()));
    if (ids.length === 0) {
      throw new BackupError('not-found', "The bot's identity cannot see any enabled Azure subscription. Give it Reader access to the subscriptions with your vaults, or set AZURE_SUBSCRIPTION_IDS.");
    }
    return ids;
  }

  /** The vaults with their protected-item counts; a vault whose items cannot be read counts 0 and is named in `unreadable`. */
  async listVaults(): Promise<VaultList<VaultView>> {
    const vaults = await this.vaultBases();
    const { values, unreadable } = await this.eachVault(vaults, async (vault) => ({ ...vault, protectedItemCount: (await this.protectedVms(vault)).length }));
    const counted = new Map(values.map((vault) => [vault.id, vault]));
    return vaultList(
      vaults.map((vault) => counted.get(vault.id) ?? { ...vault, protectedItemCount: 0 }),
      unreadable,
    );
  }

  /** The vaults without their protected-item counts: one ARM list per subscription rather than one more per vault (background work). */
  async listVaultRefs(): Promise<Array<Omit<VaultView, 'protectedItemCount'>>> {
    return this.vaultBases();
  }

  /** A vault by name, resourceGroup/name or ARM id (from the vault list alone: its items are not read). */
  async resolveVault(query: string): Promise<VaultRef> {
    parseVaultQuery(query);
    return resolveVaultQuery(query, await this.vaultBases());
  }

  /**
   * A vault by ARM id: from the vault list when the bot holds it, else described from the id (its
   * name, resource group and subscription are all in it), so acting on one VM's vault never costs
   * the subscription and vault lists (issue 16: `backup <vm>`).
   */
  private async vaultById(id: string, region: string): Promise<VaultBase> {
    const listed = await this.vaultCache.peek<VaultBase[]>('vaults')?.catch(() => undefined);
    const known = listed?.find((vault) => sameArmId(vault.id, id));
    if (known) return known;
    const ref = parseVaultId(id);
    if (!ref) throw new BackupError('azure-error', `Azure named a vault with an id the bot cannot read: ${id}.`);
    return { ...ref, id, region, redundancy: 'Unknown', redundancyLabel: 'Not reported', crossRegionRestore: false };
  }

  /** Vaults change rarely: their list is kept longer than the other lists (and refreshed by every write). */
  private async vaultBases(): Promise<VaultBase[]> {
    return this.vaultCache.getOrLoad('vaults', async () => {
      const vaults = await this.acrossSubscriptions<Vault>('list the Recovery Services vaults', (clients) => clients.vaults.vaults.listBySubscriptionId());
      return vaults
        .map((vault) => {
          const { protectedItemCount: _count, ...base } = toVaultView(vault, 0);
          return base;
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  private async protectedVms(vault: VaultBase): Promise<ProtectedVm[]> {
    return this.cache.getOrLoad(`protected:${vault.id.toLowerCase()}`, () =>
      this.call(`list the protected VMs of vault ${vault.name}`, async () => {
        const items: ProtectedVm[] = [];
        // Raw JSON pages through the client's pipeline: the SDK's deserializer would cost ~70 KB per item (rawPages.ts).
        const client = this.sdk(vault.subscriptionId).backup;
        const url = `${this.armEndpoint()}${vault.id}/backupProtectedItems?api-version=${client.apiVersion}&$filter=${encodeURIComponent(PROTECTED_VM_FILTER)}`;
        for await (const item of rawListItems(client, url)) {
          const protectedVm = toProtectedVm(item as ProtectedItemResource, vault);
          if (protectedVm) items.push(protectedVm);
        }
        return items;
      }),
    );
  }

  /** Every protected VM across the vaults that could be read, keyed by lower-cased VM id, and the vaults that could not. */
  private async protectionIndex(): Promise<{ index: Map<string, ProtectedVm>; unreadable: UnreadableVault[]; unreadableRegions: Set<string> }> {
    const vaults = await this.vaultBases();
    const { values: lists, unreadable } = await this.eachVault(vaults, (vault) => this.protectedVms(vault));
    const index = new Map<string, ProtectedVm>();
    for (const item of lists.flat()) {
      const existing = index.get(item.vmKey);
      // An actively protected item wins over a stopped one left in another vault.
      if (!existing || (existing.view.state !== 'Protected' && item.view.state === 'Protected')) index.set(item.vmKey, item);
    }
    const unreadableIds = new Set(unreadable.map((u) => u.vaultId.toLowerCase()));
    const unreadableRegions = new Set(vaults.filter((vault) => unreadableIds.has(vault.id.toLowerCase())).map((vault) => normalRegion(vault.region)));
    return { index, unreadable, unreadableRegions };
  }

  /**
   * Runs `read` for each vault (bounded concurrency). A vault that fails for a reason of its own
   * (forbidden, throttled, timed out, unavailable) is named in `unreadable` and the others still
   * answer; when every vault fails, the first failure is the answer.
   */
  private async eachVault<R>(
    vaults: VaultBase[],
    read: (vault: VaultBase) => Promise<R>,
    options: { tolerateAll?: boolean } = {},
  ): Promise<{ values: R[]; unreadable: UnreadableVault[]; errors: BackupError[] }> {
    const outcomes = await mapLimited(this.limit, vaults, async (vault): Promise<{ value: R } | { error: BackupError; vault: VaultBase }> => {
      try {
        return { value: await read(vault) };
      } catch (err) {
        if (!isPerVaultFailure(err)) throw err;
        return { error: err, vault };
      }
    });
    const failures = outcomes.filter((o): o is { error: BackupError; vault: VaultBase } => 'error' in o);
    if (!options.tolerateAll && failures.length > 0 && failures.length === outcomes.length) throw failures[0].error;
    return {
      values: outcomes.flatMap((o) => ('value' in o ? [o.value] : [])),
      unreadable: failures.map((f) => unreadableVault(f.vault, f.error)),
      errors: failures.map((f) => f.error),
    };
  }

  // ---------------------------------------------------------------- VMs

  /**
   * VMs with their protection. When a vault cannot be read, the VMs of its region that no other
   * vault protects show protection "Unknown" (that vault may protect them) and it is named in `unreadable`.
   */
  async listVms(options: ListVmsOptions = {}): Promise<VaultList<VmSummary>> {
    // The VMs a vault protects are its protected items: neither the VM list nor other vaults are read.
    if (options.vault !== undefined && !options.unprotectedOnly) return vaultList(sortVms((await this.protectedVms(await this.resolveVault(options.vault))).map(toProtectedVmSummary)));
    const [vms, { index, unreadable, unreadableRegions }] = await Promise.all([this.allVms(), this.protectionIndex()]);
    const protectionOf = (vm: VmRow) => index.get(vm.id.toLowerCase())?.view ?? (unreadableRegions.has(normalRegion(vm.region)) ? UNKNOWN_PROTECTION : NOT_PROTECTED);
    const summaries: VmSummary[] = vms.map((vm) => ({ ...vm, protection: protectionOf(vm) }));
    let selected = summaries;
    if (options.vault !== undefined) {
      const vault = await this.resolveVault(options.vault);
      selected = options.unprotectedOnly
        ? summaries.filter((vm) => vm.protection.state === 'NotProtected' && canProtect(vault, vm))
        : summaries.filter((vm) => sameArmId(vm.protection.vaultId, vault.id));
    } else if (options.unprotectedOnly) {
      selected = summaries.filter((vm) => vm.protection.state === 'NotProtected');
    }
    return vaultList(sortVms(selected), unreadable);
  }

  /** A VM by name, resourceGroup/name or ARM id; ambiguous names and unknown names are BackupErrors. */
  async resolveVm(query: string): Promise<VmRef> {
    const parsed = parseVmQuery(query);
    // resourceGroup/name or an id names one VM: read it rather than list every VM (a plain name needs the list).
    const direct = parsed.form === 'name' ? undefined : await this.readVmByName(parsed.resourceGroup, parsed.name, parsed.form === 'id' ? parsed.id : undefined);
    const { name, resourceGroup, subscriptionId, id, osType } = direct ?? resolveVmQuery(query, await this.allVms());
    return { name, resourceGroup, subscriptionId, id, ...(osType ? { osType } : {}) };
  }

  /** The VM at resourceGroup/name in the subscription of `id`, else in the first subscription that has it; undefined when none does. */
  private async readVmByName(resourceGroup: string, name: string, id: string | undefined): Promise<VmRow | undefined> {
    const subscriptions = id !== undefined ? [id.split('/')[2]] : await this.listSubscriptions();
    for (const subscriptionId of subscriptions) {
      const row = await this.vmRow({ name, resourceGroup, subscriptionId, id: vmId({ subscriptionId, resourceGroup, name }) }).catch((err: unknown) => {
        if (err instanceof BackupError && err.status === 404) return undefined;
        throw err;
      });
      if (row) return row;
    }
    return undefined;
  }

  /** One VM read with its instance view, shared by everything a turn asks about it (resolve, details, region). */
  private async vmDetailsRaw(ref: VmRef): Promise<VirtualMachine> {
    return this.cache.getOrLoad(`vm:${ref.id.toLowerCase()}`, async () => {
      const vm = await this.call(`read the VM ${ref.name}`, () => this.sdk(ref.subscriptionId).compute.virtualMachines.get(ref.resourceGroup, ref.name, { expand: 'instanceView' }));
      this.vmOs.remember(vm.id ?? ref.id, osTypeOf(vm));
      return vm;
    });
  }

  private async vmRow(ref: VmRef): Promise<VmRow> {
    return toVmRow(await this.vmDetailsRaw(ref));
  }

  /**
   * Which vault protects one VM: Azure's backupStatus for the VM (one call), then its protected item
   * (one more), instead of every vault's items. Undefined when the VM is not protected.
   */
  private async protectionOfVm(ref: VmRef): Promise<ProtectedVm | undefined> {
    return this.cache.getOrLoad(`protection:${ref.id.toLowerCase()}`, async () => {
      const { region } = await this.vmRow(ref);
      const backup = this.sdk(ref.subscriptionId).backup;
      const status = await this.call(`find which vault protects ${ref.name}`, () => backup.backupStatus.get(region, { resourceType: 'VM', resourceId: ref.id }));
      const vaultId = status.vaultId;
      if (!vaultId || (status.protectionStatus ?? '').toLowerCase() === 'notprotected') return undefined;
      const vault = await this.vaultById(vaultId, region);
      const container = status.containerName ?? containerName(ref.resourceGroup, ref.name);
      const itemName = status.protectedItemName ?? protectedItemName(ref.resourceGroup, ref.name);
      const item = await this.call(`read the protection of ${ref.name} in vault ${vault.name}`, () =>
        this.sdk(vault.subscriptionId).backup.protectedItems.get(vault.name, vault.resourceGroup, FABRIC, container, itemName),
      );
      return toProtectedVm(item, vault);
    });
  }

  async getVmDetails(vm: string | VmRef): Promise<VmDetails> {
    const ref = await this.refOf(vm);
    const [raw, protection] = await Promise.all([this.vmDetailsRaw(ref), this.protectionOfVm(ref)]);
    return toVmDetails(raw, protection?.view ?? NOT_PROTECTED);
  }

  /** Preflight checks for protecting a VM, in `vaultName` or else the vault that fits. */
  async preflight(vmQuery: string | VmRef, vaultName?: string): Promise<PreflightResult> {
    const details = await this.getVmDetails(vmQuery);
    return this.preflightFor(details, vaultName !== undefined ? await this.resolveVault(vaultName) : undefined);
  }

  /**
   * Preflight of a VM the caller has read (getVmDetails) against a vault it holds, or else the
   * vault that protects it or the only one in its region: no VM or protection is read again.
   */
  async preflightFor(details: VmDetails, vault?: VaultKey): Promise<PreflightResult> {
    const vaults = await this.vaultBases();
    const inRegion = vaults.filter((candidate) => canProtect(candidate, details));
    const protecting = details.protection.vaultId;
    const chosen = vault ?? (protecting ? vaults.find((candidate) => sameArmId(candidate.id, protecting)) : inRegion.length === 1 ? inRegion[0] : undefined);
    const listed = chosen ? (vaults.find((candidate) => sameArmId(candidate.id, chosen.id)) ?? (await this.vaultById(chosen.id, chosen.region))) : undefined;
    return runPreflight({
      vm: toPreflightVm(details),
      vault: listed ? { name: listed.name, id: listed.id, subscriptionId: listed.subscriptionId, region: listed.region, redundancy: listed.redundancy } : undefined,
      vaultsInRegion: inRegion.map((candidate) => candidate.name),
    });
  }

  /**
   * Which vault protects a VM, read from Azure now (backupStatus, then its item): for checking
   * after a write whose outcome is unknown, so a cached "not protected" from before it cannot answer.
   */
  async currentProtection(vm: VmRef): Promise<ProtectionView> {
    return (await this.freshProtectionOfVm(vm))?.view ?? NOT_PROTECTED;
  }

  private async freshProtectionOfVm(vm: VmRef): Promise<ProtectedVm | undefined> {
    this.cache.delete(`protection:${vm.id.toLowerCase()}`);
    return this.protectionOfVm(vm);
  }

  /** Every VM as a compact row: 20,000 SDK objects with their profiles would be held for nothing. */
  private async allVms(): Promise<VmRow[]> {
    return this.cache.getOrLoad('vms', () =>
      this.acrossSubscriptions('list the virtual machines', (clients) => clients.compute.virtualMachines.listAll(), (vm) => {
        const row = toVmRow(vm);
        this.vmOs.remember(row.id, row.osType);
        return row;
      }),
    );
  }

  /**
   * The OS of a job's VM, for the remedies on its job and alert cards (issue 13.8). The job does not
   * say it (nor do protected items or containers), so it is what the VM lists and reads made so far
   * showed, else one plain VM read (the VM is in its vault's subscription), remembered. Undefined
   * when the VM cannot be read (deleted, forbidden, Azure failing): the card then shows the steps
   * for both OSs, labelled, rather than failing.
   */
  async vmOsType(job: Pick<JobView, 'vm' | 'vmResourceGroup' | 'subscriptionId'>): Promise<OsType | undefined> {
    const { vm: name, vmResourceGroup: resourceGroup, subscriptionId } = job;
    if (!name || !resourceGroup || !subscriptionId) return undefined;
    const id = vmId({ subscriptionId, resourceGroup, name });
    const known = this.vmOs.lookup(id);
    if (known !== undefined) return known ?? undefined;
    try {
      const vm = await this.call(`read the OS of VM ${name}`, () => this.sdk(subscriptionId).compute.virtualMachines.get(resourceGroup, name));
      const os = osTypeOf(vm);
      if (os === undefined) this.vmOs.rememberUnknown(id);
      else this.vmOs.remember(id, os);
      return os;
    } catch (err) {
      if (err instanceof BackupError && (err.status === 404 || err.status === 403)) this.vmOs.rememberUnknown(id);
      this.logger.info({ vm: name, status: err instanceof BackupError ? err.status : undefined }, 'OS of the VM unknown: its card shows the steps for both OSs');
      return undefined;
    }
  }

  /** Every page of a subscription-wide list, each item mapped as it arrives, for each subscription the bot works in (bounded concurrency). */
  private async acrossSubscriptions<T, R = T>(action: string, list: (clients: SubscriptionClients) => AsyncIterable<T>, map: (item: T) => R = (item) => item as unknown as R): Promise<R[]> {
    const subscriptions = await this.listSubscriptions();
    const lists = await mapLimited(this.limit, subscriptions, (subscriptionId) =>
      this.call(action, async () => {
        const items: R[] = [];
        for await (const item of list(this.sdk(subscriptionId))) items.push(map(item));
        return items;
      }),
    );
    return lists.flat();
  }

  private async refOf(vm: string | VmRef): Promise<VmRef> {
    return typeof vm === 'string' ? this.resolveVm(vm) : vm;
  }

  // ---------------------------------------------------------------- jobs

  /** Jobs across vaults (or one), filtered server-side, newest first. */
  async listJobs(options: ListJobsOptions = {}): Promise<VaultList<JobView>> {
    return this.jobList(options, (job, vault) => toJobView(job, { region: vault.region }));
  }

  /** The same list as rows (what a list shows: no phases, no sentences), for the jobs card. */
  async listJobRows(options: ListJobsOptions = {}): Promise<VaultList<JobRow>> {
    return this.jobList(options, (job) => toJobRow(job));
  }

  private async jobList<T extends { start?: string }>(options: ListJobsOptions, toItem: (job: JobResource, vault: VaultKey) => T): Promise<VaultList<T>> {
    const parsed = listJobsSchema.safeParse(options);
    if (!parsed.success) throw new InvalidInputError(`The job query is not valid: ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}.`);
    const o = parsed.data;
    const limit = o.limit ?? 50;
    const filters = buildJobFilters({ status: o.status, operation: o.operation, since: o.since, until: o.until }, this.now());
    const matchesVm = o.vm === undefined ? () => true : await this.jobVmMatcher(o.vm);
    const vaults = o.vault !== undefined ? [await this.resolveVault(o.vault)] : await this.vaultBases();
    const { values: perVault, unreadable } = await this.eachVault(vaults, (vault) => this.jobsOf(vault, filters, limit, matchesVm, toItem));
    const newestFirst = perVault
      .flat()
      .sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''))
      .slice(0, limit);
    return vaultList(newestFirst, unreadable);
  }

  /** Jobs of one vault for each filter (time windows, newest first), until `limit` are found. */
  private async jobsOf<T>(vault: VaultKey, filter: string | string[], limit: number, matches: (job: JobResource) => boolean, toItem: (job: JobResource, vault: VaultKey) => T): Promise<T[]> {
    return this.call(`list the backup jobs of vault ${vault.name}`, async () => {
      const jobs: T[] = [];
      const seen = new Set<string>();
      for (const windowFilter of Array.isArray(filter) ? filter : [filter]) {
        let pages = 0;
        const client = this.sdk(vault.subscriptionId).backup;
        const url = `${this.armEndpoint()}${vault.id}/backupJobs?api-version=${client.apiVersion}&$filter=${encodeURIComponent(windowFilter)}`;
        for await (const page of rawListPages(client, url)) {
          for (const job of page as JobResource[]) {
            if (job.name) this.rememberJob(job.name, vault.id);
            // A job running across a window boundary is listed by both windows.
            const key = (job.name ?? job.id ?? '').toLowerCase();
            if (!matches(job) || (key !== '' && seen.has(key))) continue;
            seen.add(key);
            jobs.push(toItem(job, vault));
          }
          if (jobs.length >= limit || ++pages >= MAX_JOB_PAGES) break;
        }
        if (jobs.length >= limit) break;
      }
      return jobs;
    });
  }

  /** Jobs only carry the VM's friendly name and container: a plain name matches every VM of that name. */
  private async jobVmMatcher(query: string): Promise<(job: JobResource) => boolean> {
    const trimmed = query.trim();
    if (!trimmed.includes('/')) {
      const problem = vmNameProblem(trimmed);
      if (problem) throw new InvalidInputError(problem);
      return (job) => (job.properties?.entityFriendlyName ?? '').toLowerCase() === trimmed.toLowerCase();
    }
    const ref = await this.resolveVm(trimmed);
    return (job) => {
      const container = (job.properties as AzureIaaSVMJob | undefined)?.containerName;
      const names = container ? parseBackupItemName(container) : undefined;
      if (names) return names.vmName.toLowerCase() === ref.name.toLowerCase() && names.resourceGroup.toLowerCase() === ref.resourceGroup.toLowerCase();
      return (job.properties?.entityFriendlyName ?? '').toLowerCase() === ref.name.toLowerCase();
    };
  }

  /** One job with its phases; without `vault` every vault is searched. */
  async getJob(jobId: string, vault?: string): Promise<JobView> {
    const id = jobId.trim();
    if (!JOB_ID.test(id)) throw new InvalidInputError(`${quoted(jobId)} is not a job id: job ids look like 3f2c9a1e-1b2c-4d5e-8f90-123456789abc.`);
    const vaults = vault !== undefined ? [await this.resolveVault(vault)] : await this.vaultBases();
    // The vault a listing saw the job in is asked first; then the others a few at a time, stopping at the first that has it.
    const knownVaultId = this.jobVaults.get(id.toLowerCase());
    const known = vaults.filter((v) => sameArmId(v.id, knownVaultId));
    const batches = [known, ...chunk(vaults.filter((v) => !sameArmId(v.id, knownVaultId)), this.options.concurrency ?? 4)].filter((batch) => batch.length > 0);
    const unreadable: UnreadableVault[] = [];
    const errors: BackupError[] = [];
    let hit: JobView | undefined;
    for (const batch of batches) {
      const result = await this.eachVault(batch, (candidate) => this.findJobIn(candidate, id), { tolerateAll: true });
      unreadable.push(...result.unreadable);
      errors.push(...result.errors);
      hit = result.values.find((job) => job !== undefined);
      if (hit) break;
    }
    if (!hit && errors.length > 0 && errors.length === vaults.length) throw errors[0];
    if (!hit) {
      const where = vault !== undefined ? `vault ${vaults[0].name}` : `the ${vaults.length} vault${vaults.length === 1 ? '' : 's'} the bot can see`;
      const unread = describeUnreadable(unreadable);
      throw new NotFoundError(`There is no job ${id} in ${where}.${unread ? ` ${unread} It may be there.` : ''}`);
    }
    return hit;
  }

  private async findJobIn(vault: VaultBase, jobId: string): Promise<JobView | undefined> {
    try {
      return await this.jobIn(vault, jobId);
    } catch (err) {
      if (err instanceof BackupError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Job ids are unique and never move: remembered (bounded, oldest forgotten first) so `job <id>` asks one vault. */
  private rememberJob(jobId: string, vaultId: string): void {
    const key = jobId.toLowerCase();
    this.jobVaults.delete(key);
    this.jobVaults.set(key, vaultId);
    if (this.jobVaults.size > MAX_REMEMBERED_JOBS) this.jobVaults.delete(this.jobVaults.keys().next().value as string);
  }

  /**
   * One poll of one job the bot already knows (the job card it follows, a job a listing showed):
   * one ARM request, GET backupJobs/{id} of the vault named by its id. No subscription or vault
   * list is read and no cache answers, so a poll costs the same cold or warm. Only a job that
   * ended CompletedWithWarnings costs two more reads (its item, then that item's policy), once,
   * to say how long its snapshot is kept.
   */
  async readJob(job: JobRef): Promise<JobView> {
    if (!JOB_ID.test(job.jobId)) throw new InvalidInputError(`${quoted(job.jobId)} is not a job id.`);
    return this.jobIn(await this.vaultById(job.vaultId, job.region ?? ''), job.jobId);
  }

  private async jobIn(vault: VaultBase, jobId: string): Promise<JobView> {
    const raw = await this.call(`read job ${jobId}`, () => this.sdk(vault.subscriptionId).backup.jobDetails.get(vault.name, vault.resourceGroup, jobId));
    this.rememberJob(jobId, vault.id);
    const region = vault.region || undefined;
    let view = toJobView(raw, { region });
    if (view.status === 'CompletedWithWarnings') {
      const days = await this.instantRestoreDaysFor(vault, raw).catch(() => undefined);
      if (days !== undefined) view = toJobView(raw, { region, instantRestoreDays: days });
    }
    return view;
  }

  /**
   * The instant-restore retention of the policy protecting the job's VM (to say how long a
   * snapshot lives): the vault's cached items and policies when the bot holds them, else the one
   * item the job names and its policy (two GETs rather than two whole lists).
   */
  private async instantRestoreDaysFor(vault: VaultBase, job: JobResource): Promise<number | undefined> {
    const container = (job.properties as AzureIaaSVMJob | undefined)?.containerName;
    const names = container ? parseBackupItemName(container) : undefined;
    const held = this.cache.peek<ProtectedVm[]>(`protected:${vault.id.toLowerCase()}`);
    let policyName: string | undefined;
    if (held) {
      const name = job.properties?.entityFriendlyName?.toLowerCase();
      const items = await held;
      policyName = items.find((i) => (container && i.containerName.toLowerCase().endsWith(container.toLowerCase())) || i.itemName.toLowerCase().endsWith(`;${name}`))?.policyName;
    } else if (names) {
      const item = await this.call(`read the protection of ${names.vmName} in vault ${vault.name}`, () =>
        this.sdk(vault.subscriptionId).backup.protectedItems.get(vault.name, vault.resourceGroup, FABRIC, containerName(names.resourceGroup, names.vmName), protectedItemName(names.resourceGroup, names.vmName)),
      );
      policyName = toProtectedVm(item, vault)?.policyName;
    }
    if (!policyName) return undefined;
    const policies = await this.cache.peek<ProtectionPolicyResource[]>(`policies:${vault.id.toLowerCase()}`);
    const policy = policies?.find((p) => p.name?.toLowerCase() === policyName.toLowerCase()) ?? (await this.vaultPolicy(vault, policyName));
    return (policy?.properties as AzureIaaSVMProtectionPolicy | undefined)?.instantRpRetentionRangeInDays;
  }

  // ---------------------------------------------------------------- backup now

  /** "Backup now": starts an on-demand backup kept until `expiry` and returns its job. */
  async triggerBackup(vm: string | VmRef, expiry: Date): Promise<JobView> {
    this.checkExpiry(expiry);
    const ref = await this.refOf(vm);
    const item = await this.protectionOfVm(ref);
    if (!item) throw new InvalidInputError(`${ref.name} is not protected by any vault, so it cannot be backed up on demand. Request protection first.`);
    if (item.view.state === 'ProtectionStopped') {
      throw new InvalidInputError(`Protection of ${ref.name} is stopped in vault ${item.vault.name}: resume protection before backing it up.`);
    }
    const { vault } = item;
    const backup = this.sdk(vault.subscriptionId).backup;
    const action = `start the backup of ${ref.name}`;
    const headers = await this.call(action, async () => {
      let captured: HeaderBag | undefined;
      await backup.backups.trigger(
        vault.name,
        vault.resourceGroup,
        FABRIC,
        item.containerName,
        item.itemName,
        { properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: expiry } },
        { onResponse: (response) => (captured = response.headers) },
      );
      return captured;
    });
    this.invalidateCache();
    const jobId = await this.jobIdFromItemOperation(vault, headers, `the backup of ${ref.name}`);
    this.logger.info({ vm: ref.id, vault: vault.name, jobId }, 'on-demand backup started');
    return this.jobIn(vault, jobId);
  }

  private checkExpiry(expiry: Date): void {
    const now = this.now().getTime();
    if (!(expiry instanceof Date) || Number.isNaN(expiry.getTime())) throw new InvalidInputError('The retention date is not a valid date.');
    if (expiry.getTime() <= now) throw new InvalidInputError('The retention date is in the past: the recovery point must be kept at least until tomorrow.');
    if (expiry.getTime() > now + (99 * 365.25 + 1) * 86_400_000) throw new InvalidInputError('Azure Backup keeps an on-demand recovery point for at most 99 years.');
  }

  // ---------------------------------------------------------------- enable protection

  /**
   * Protects a VM given by name in a vault given by name with a policy: resolves and checks them
   * (the VM's subscription and region, that no vault protects it, that the policy exists) before
   * any write, then configures protection as `configureProtection`, whose outcome it returns.
   */
  async enableProtection(vm: string | VmRef, vaultQuery: string, policyName: string): Promise<ConfigureOutcome> {
    const policyProblem = policyNameProblem(policyName);
    if (policyProblem) throw new InvalidInputError(policyProblem);
    const ref = await this.refOf(vm);
    const vault = await this.resolveVault(vaultQuery);
    const { region } = await this.vmRow(ref);
    this.checkProtectable({ ...ref, region }, vault);
    const existing = await this.protectionOfVm(ref);
    if (existing) throw this.alreadyProtected(ref, vault, existing);
    const policy = await this.vaultPolicy(vault, policyName);
    return this.configureProtection({ vm: { ...ref, region }, vault, policy: policy.name ?? policyName });
  }

  /**
   * Configures protection of a VM in a vault with a policy, all three resolved and checked when
   * the request was made (an approved protect request): nothing is resolved again. The requests
   * are those of `az backup protection enable-for-vm` after its reads (recordings scenario:20-29):
   * the VM's protectable item looked up in the vault (one page: filtered by the VM's name), a
   * discovery (refresh) only when the vault does not list it yet (softdel:16-21), the PUT and its
   * operation followed to its end, which names the ConfigureBackup job (the job itself is read only
   * when the operation failed: configureOutcomeFrom). The lookup is also the check that nothing
   * protected the VM since the request: a protected VM is not protectable.
   */
  async configureProtection(target: ProtectionTarget, options: ConfigureOptions = {}): Promise<ConfigureOutcome> {
    const { vm: ref, vault } = target;
    const policyProblem = policyNameProblem(target.policy);
    if (policyProblem) throw new InvalidInputError(policyProblem);
    this.checkProtectable(ref, vault);
    const protectable = (await this.findProtectable(vault, ref)) ?? (await this.discover(vault, ref));
    const names = itemNames(protectable, ref);
    // The policy's id is its vault's id and its name (ARM ids are built so): no read needed; a
    // policy deleted since the request is refused by Azure with its own sentence.
    const policyId = `${vault.id}/backupPolicies/${target.policy}`;
    const backup = this.sdk(vault.subscriptionId).backup;
    const action = `enable protection of ${ref.name} in vault ${vault.name}`;
    const response = await this.call(action, async () => {
      let captured: { status: number; headers: HeaderBag } | undefined;
      const body: ProtectedItemResource = {
        properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: ref.id, policyId },
      };
      await backup.protectedItems.createOrUpdate(vault.name, vault.resourceGroup, FABRIC, names.container, names.item, body, {
        onResponse: (raw) => (captured = { status: raw.status, headers: raw.headers }),
      });
      return captured;
    });
    // Protecting a VM changes item lists and protection, not the vaults or subscriptions.
    this.invalidateCache({ keepVaultList: true });
    const what = configuring(ref);
    let outcome: ConfigureOutcome;
    if (response?.status === 202) {
      const operationId = this.acceptedOperationId(vault, response.headers, what);
      await options.onAccepted?.({ kind: 'itemOperation', operationId, vaultId: vault.id });
      outcome = await this.configureOutcomeFrom(vault, ref, operationId, retryAfterMs(response.headers));
    } else {
      outcome = configureOutcomeOf(await this.jobIn(await this.vaultById(vault.id, vault.region), await this.latestJobId(vault, 'ConfigureBackup', ref.name)));
    }
    this.logger.info({ vm: ref.id, vault: vault.name, policy: target.policy, jobId: outcome.jobId, status: outcome.status }, 'protection enabled');
    return outcome;
  }

  /**
   * The end of a configure-protection operation. Succeeded names the ConfigureBackup job, and that
   * job is then already Completed: in all 5 configure flows recorded from Azure (FINDINGS (e):
   * scenario:28-29, job:43-44, softdel:40-41, policy[4], Redo:15-17) its endTime is 1-2 s before the
   * Succeeded poll. So the outcome is the operation's, without a GET of the job that would read
   * nothing new. A Failed or Cancelled operation that names a job: that job's errors say why, so it
   * is read; one that names none fails with Azure's sentence (jobIdOf).
   */
  private async configureOutcomeFrom(vault: VaultKey, ref: VmRef, operationId: string, retryAfter?: number): Promise<ConfigureOutcome> {
    const what = configuring(ref);
    const status = await this.followItemOperation(vault, operationId, what, retryAfter);
    const jobId = this.jobIdOf(status, what);
    if (status.status === 'Succeeded') return { jobId, vm: ref.name, vault: vault.name, status: 'Completed' };
    return configureOutcomeOf(await this.jobIn(await this.vaultById(vault.id, vault.region), jobId));
  }

  /**
   * The end of a configure-protection operation Azure accepted before the bot stopped (stored by an
   * approval through `onAccepted`): followed as `configureProtection` follows it, so a configure
   * that fails after the restart is reported failed with Azure's sentence, not read as applied.
   */
  async resumeConfigure(target: ProtectionTarget, operationId: string): Promise<ConfigureOutcome> {
    const { vm: ref, vault } = target;
    this.invalidateCache({ keepVaultList: true });
    const outcome = await this.configureOutcomeFrom(vault, ref, operationId);
    this.logger.info({ vm: ref.id, vault: vault.name, jobId: outcome.jobId, status: outcome.status }, 'protection enabled (operation followed after a restart)');
    return outcome;
  }

  /** Azure protects a VM only in a vault of its own subscription and region (said before any write). */
  private checkProtectable(ref: VmRef & { region: string }, vault: VaultKey): void {
    if (ref.subscriptionId.toLowerCase() !== vault.subscriptionId.toLowerCase()) {
      throw new InvalidInputError(`${ref.name} is in subscription ${ref.subscriptionId} but vault ${vault.name} is in ${vault.subscriptionId}: a vault protects only VMs of its own subscription and region.`);
    }
    if (ref.region && !sameRegion(ref.region, vault.region)) {
      throw new InvalidInputError(`${ref.name} is in ${ref.region} but vault ${vault.name} is in ${vault.region}: a VM can only be protected by a vault in its own region.`);
    }
  }

  private alreadyProtected(ref: VmRef, vault: VaultKey, existing: ProtectedVm): BackupError {
    const where = sameArmId(existing.vault.id, vault.id) ? 'this vault' : `vault ${existing.vault.name} (a VM can be protected by one vault only)`;
    return new BackupError('conflict', `${ref.name} is already protected by ${where}${existing.policyName ? ` with policy ${existing.policyName}` : ''}.`);
  }

  /**
   * The VM among the vault's protectable items, or undefined. The list is filtered by the VM's
   * name (friendlyName is one of the list's query fields, BMSPOQueryObject in the REST spec) and
   * matched by VM id, as names repeat across resource groups; an item Azure shows as protected or
   * being protected does not count.
   */
  private async findProtectable(vault: VaultKey, ref: VmRef): Promise<ProtectableItemResource | undefined> {
    const backup = this.sdk(vault.subscriptionId).backup;
    const filter = `${VM_FILTER} and friendlyName eq '${ref.name.replace(/'/g, "''")}'`;
    return this.call(`find ${ref.name} among the protectable VMs of vault ${vault.name}`, async () => {
      for await (const item of backup.backupProtectableItems.list(vault.name, vault.resourceGroup, { filter })) {
        const props = item.properties as IaaSVMProtectableItem | undefined;
        if (sameArmId(props?.virtualMachineId, ref.id)) return /^(protected|protecting)$/i.test(props?.protectionState ?? '') ? undefined : item;
      }
      return undefined;
    });
  }

  /**
   * The vault does not list the VM as protectable: either something protects it now (said as
   * such, nothing written), or the vault has not discovered it yet (a VM created since its last
   * discovery, FINDINGS (f)): refresh, then look again.
   */
  private async discover(vault: VaultKey, ref: VmRef): Promise<ProtectableItemResource> {
    const existing = await this.freshProtectionOfVm(ref);
    if (existing) throw this.alreadyProtected(ref, vault, existing);
    await this.refreshContainers(vault);
    const protectable = await this.findProtectable(vault, ref);
    if (!protectable?.name) {
      throw new NotFoundError(`Vault ${vault.name} cannot see ${ref.name} as a VM to protect, even after a refresh. Check the VM is in ${vault.region} and not protected elsewhere.`);
    }
    return protectable;
  }

  /**
   * Discovery: Azure rejects configure protection for a VM its vault has not discovered. The refresh
   * answers 202; its operationResults read 202 (with Location) until a 204 (job:20-23, softdel:17-20).
   */
  private async refreshContainers(vault: VaultKey): Promise<void> {
    const backup = this.sdk(vault.subscriptionId).backup;
    const action = `refresh the VM list of vault ${vault.name}`;
    const headers = await this.call(action, async () => {
      let captured: HeaderBag | undefined;
      await backup.protectionContainers.refresh(vault.name, vault.resourceGroup, FABRIC, { filter: VM_FILTER, onResponse: (raw) => (captured = raw.headers) });
      return captured;
    });
    const operationId = headers ? operationIdFromHeaders(headers) : undefined;
    if (!operationId) return;
    await pollUntil(
      () =>
        this.call(action, async () => {
          let read = { status: 0, retryAfter: undefined as number | undefined };
          await backup.protectionContainerRefreshOperationResults.get(vault.name, vault.resourceGroup, FABRIC, operationId, {
            abortSignal: this.polling.signal,
            onResponse: (raw) => (read = { status: raw.status, retryAfter: retryAfterMs(raw.headers) }),
          });
          return read;
        }),
      (read) => read.status !== 202,
      this.polling,
      `refreshing the VM list of vault ${vault.name}`,
      sleep,
      (read) => read.retryAfter,
      pollDelay(this.polling, headers ? retryAfterMs(headers) : undefined),
    );
  }

  /**
   * Follows an item operation (202 + Location / Azure-AsyncOperation) to the job it created, reading
   * the vault-level backupOperations/{id} as the CLI and PowerShell do (FINDINGS (e)). The status
   * carries properties.jobId only once it reads Succeeded.
   */
  private async jobIdFromItemOperation(vault: VaultKey, headers: HeaderBag | undefined, what: string): Promise<string> {
    const operationId = this.acceptedOperationId(vault, headers, what);
    return this.jobIdOf(await this.followItemOperation(vault, operationId, what, headers ? retryAfterMs(headers) : undefined), what);
  }

  /** The operation id of an accepted (202) item write, or a sentence saying where to look instead. */
  private acceptedOperationId(vault: VaultKey, headers: HeaderBag | undefined, what: string): string {
    const operationId = headers ? operationIdFromHeaders(headers) : undefined;
    if (!operationId) {
      throw new BackupError('azure-error', `Azure accepted ${what} but did not say how to follow it; check the backup jobs of vault ${vault.name}.`);
    }
    return operationId;
  }

  /** Reads backupOperations/{id} until it is no longer InProgress (Retry-After honoured up to its cap, stopped by the abort signal). */
  private async followItemOperation(vault: VaultKey, operationId: string, what: string, retryAfter?: number): Promise<OperationStatus> {
    const backup = this.sdk(vault.subscriptionId).backup;
    return pollUntil(
      () => this.call(`follow ${what}`, () => backup.backupOperationStatuses.get(vault.name, vault.resourceGroup, operationId, { abortSignal: this.polling.signal })),
      (s) => (s.status ?? 'InProgress') !== 'InProgress',
      this.polling,
      what,
      sleep,
      undefined,
      pollDelay(this.polling, retryAfter),
    );
  }

  /** The job of a finished operation; a failed one names its Failed job when it has one (its errors explain it). */
  private jobIdOf(status: OperationStatus, what: string): string {
    const jobId = (status.properties as OperationStatusJobExtendedInfo | undefined)?.jobId;
    if (operationUnsuccessful(status.status)) {
      if (jobId) return jobId;
      throw operationFailure(`complete ${what}`, status.error);
    }
    if (!jobId) throw new BackupError('azure-error', `Azure finished ${what} without naming its job; check the vault's backup jobs.`);
    return jobId;
  }

  private async latestJobId(vault: VaultKey, operation: 'ConfigureBackup' | 'Backup', vmName: string): Promise<string> {
    const since = new Date(this.now().getTime() - 60 * 60 * 1000);
    const jobs = await this.jobsOf(vault, buildJobFilter({ operation, since }, this.now()), 50, (job) => job.properties?.entityFriendlyName?.toLowerCase() === vmName.toLowerCase(), toJobRow);
    const latest = jobs.sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''))[0];
    if (!latest) throw new BackupError('azure-error', `Azure accepted the request for ${vmName} but no ${operation} job appeared in vault ${vault.name}; check its backup jobs.`);
    return latest.id;
  }

  // ---------------------------------------------------------------- policies

  /** Policies of every vault, or of one: a typed name (resolved from the vault list) or a vault the caller holds (no list read). */
  async listPolicies(vault?: string | VaultKey): Promise<VaultList<PolicyView>> {
    const vaults = vault === undefined ? await this.vaultBases() : typeof vault === 'string' ? [await this.resolveVault(vault)] : [await this.vaultById(vault.id, vault.region)];
    const { values: lists, unreadable } = await this.eachVault(vaults, (v) => this.rawPolicies(v));
    const now = this.now();
    const views = lists
      .flat()
      .map((policy) => toPolicyView(policy, now))
      .sort(byVaultAndName);
    return vaultList(views, unreadable);
  }

  /** A policy by name; without `vault` the name must be unique across vaults (DefaultPolicy never is). */
  async getPolicy(name: string, vault?: string): Promise<PolicyView> {
    const problem = policyNameProblem(name.trim());
    if (problem) throw new InvalidInputError(problem);
    if (vault !== undefined) {
      const target = await this.resolveVault(vault);
      return toPolicyView(await this.vaultPolicy(target, name.trim()), this.now());
    }
    const all = await this.listPolicies();
    return resolvePolicies(name.trim(), all);
  }

  /**
   * Moves a daily/weekly policy to new run times (HH:MM in the policy's time zone). Everything else,
   * timeZone and retention durations included, is written back as read.
   */
  async updatePolicySchedule(vaultQuery: string, policyName: string, newRunTimes: string[], options: UpdateScheduleOptions = {}): Promise<PolicyView> {
    const problem = policyNameProblem(policyName.trim());
    if (problem) throw new InvalidInputError(problem);
    const runTimes = resolvePolicyTimes(newRunTimes);
    const vault = await this.resolveVault(vaultQuery);
    const current = await this.vaultPolicy(vault, policyName.trim());
    const updated = withRunTimes(current.properties as AzureIaaSVMProtectionPolicy, runTimes, options.dayShift ?? 0);
    const backup = this.sdk(vault.subscriptionId).backup;
    const name = current.name ?? policyName.trim();
    const action = `update the schedule of policy ${name} in vault ${vault.name}`;
    const response = await this.call(action, async () => {
      let captured: { status: number; headers: HeaderBag } | undefined;
      const body: ProtectionPolicyResource = { ...current, properties: updated };
      const result = await backup.protectionPolicies.createOrUpdate(vault.name, vault.resourceGroup, name, body, {
        onResponse: (raw) => (captured = { status: raw.status, headers: raw.headers }),
      });
      return { captured, result };
    });
    this.invalidateCache();
    if (response.captured?.status === 202) {
      const operationId = operationIdFromHeaders(response.captured.headers);
      if (operationId) {
        await options.onAccepted?.({ kind: 'policyOperation', operationId, vaultId: vault.id, policy: name });
        await this.followPolicyOperation(vault, name, operationId, retryAfterMs(response.captured.headers));
      }
    }
    this.logger.info({ vault: vault.name, policy: name, runTimes }, 'policy schedule updated');
    const fresh = await this.vaultPolicy(vault, name);
    return toPolicyView(fresh, this.now());
  }

  /**
   * The end of a policy update Azure accepted before the bot stopped (stored by an approval through
   * `onAccepted`): its operation followed to its end, then the policy as it reads now.
   */
  async resumePolicyUpdate(vaultId: string, policyName: string, operationId: string): Promise<PolicyView> {
    const vault = await this.vaultById(vaultId, '');
    this.invalidateCache();
    await this.followPolicyOperation(vault, policyName, operationId);
    this.logger.info({ vault: vault.name, policy: policyName }, 'policy update followed to its end after a restart');
    return toPolicyView(await this.vaultPolicy(vault, policyName), this.now());
  }

  /** A policy PUT's 202 followed to its end (policyOperation.ts: the one follower of policy operations). */
  private async followPolicyOperation(vault: VaultKey, name: string, operationId: string, firstRetryAfterMs?: number): Promise<void> {
    const access = { backup: this.sdk(vault.subscriptionId).backup, call: <T>(action: string, fn: () => Promise<T>) => this.call(action, fn), polling: this.polling };
    await followPolicyOperation(access, vault, name, operationId, firstRetryAfterMs);
  }

  private async rawPolicies(vault: VaultBase): Promise<ProtectionPolicyResource[]> {
    return this.cache.getOrLoad(`policies:${vault.id.toLowerCase()}`, () =>
      this.call(`list the backup policies of vault ${vault.name}`, async () => {
        const policies: ProtectionPolicyResource[] = [];
        for await (const policy of this.sdk(vault.subscriptionId).backup.backupPolicies.list(vault.name, vault.resourceGroup, { filter: VM_FILTER })) {
          if (isVmPolicy(policy)) policies.push(policy);
        }
        return policies;
      }),
    );
  }

  private async vaultPolicy(vault: VaultBase, name: string): Promise<ProtectionPolicyResource> {
    try {
      const policy = await this.call(`read policy ${name} of vault ${vault.name}`, () => this.sdk(vault.subscriptionId).backup.protectionPolicies.get(vault.name, vault.resourceGroup, name));
      if (!isVmPolicy(policy)) throw new InvalidInputError(`Policy ${name} in vault ${vault.name} is not an Azure VM policy.`);
      return policy;
    } catch (err) {
      if (!(err instanceof BackupError) || err.status !== 404) throw err;
      const names = (await this.rawPolicies(vault)).map((p) => p.name ?? '');
      const suggestions = closestNames(name, names);
      const known = names.length > 0 ? ` Its VM policies: ${names.join(', ')}.` : '';
      throw new NotFoundError(`Vault ${vault.name} has no policy called ${name}.${known}`, suggestions);
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** Releases the SDK connections (sandbox keep-alive sockets). */
  close(): void {
    this.clients.close();
  }

  /** Forgets cached lists (the service also does it after every write); `keepVaultList` keeps the (long-lived) vault list. */
  invalidateCache(options: { keepVaultList?: boolean } = {}): void {
    this.cache.clear();
    if (!options.keepVaultList) this.vaultCache.clear();
  }

  private sdk(subscriptionId: string): SubscriptionClients {
    return this.clients.forSubscription(subscriptionId);
  }

  /** Runs one Azure call; SDK errors become BackupErrors with `action` in the sentence. */
  /** Where the SDK clients send ARM requests: the sandbox, or Azure Resource Manager. */
  private armEndpoint(): string {
    return (this.options.mode === 'sandbox' && this.options.sandbox ? this.options.sandbox.url : 'https://management.azure.com').replace(/\/+$/, '');
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const mapped = mapAzureError(err, action);
      if (mapped instanceof BackupError && mapped !== err) {
        // 404s are expected while searching vaults for a job; anything else deserves a warning.
        const level = mapped.status === 404 ? 'debug' : 'warn';
        this.logger[level]({ action, status: mapped.status, azureCode: mapped.azureCode, code: mapped.code }, 'Azure call failed');
      }
      throw mapped;
    }
  }
}

/** Azure protects a VM only in a vault of its own subscription and region (issue 10). */
function canProtect(vault: { subscriptionId: string; region: string }, vm: { subscriptionId: string; region: string }): boolean {
  return vault.subscriptionId.toLowerCase() === vm.subscriptionId.toLowerCase() && sameRegion(vault.region, vm.region);
}

/** The configure-protection flow in a sentence ("Azure could not complete configuring protection of vm-01: ..."). */
function configuring(ref: VmRef): string {
  return `configuring protection of ${ref.name}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function sortVms(vms: VmSummary[]): VmSummary[] {
  return vms.sort(byVmName);
}

/** Protection of a VM whose region has a vault that could not be read: it may protect the VM. */
const UNKNOWN_PROTECTION = { ...NOT_PROTECTED, state: 'Unknown' as const };

function normalRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

/**
 * Container and item names to PUT, from the protectable item Azure listed: its id ends
 * .../protectionContainers/IaasVMContainer;iaasvmcontainerv2;{rg};{vm}/protectableItems/vm;iaasvmcontainerv2;{rg};{vm}
 * (lower case) while its name is iaasvmcontainerv2;{rg};{vm} without the vm; prefix (FINDINGS (f)).
 */
export function itemNames(protectable: { id?: string; name?: string }, ref: VmRef): { container: string; item: string } {
  const children = parseArmId(protectable.id ?? '')?.children ?? [];
  const container = children.find(([type]) => type.toLowerCase() === 'protectioncontainers')?.[1];
  const item = children.find(([type]) => type.toLowerCase() === 'protectableitems')?.[1];
  if (container && item) return { container, item };
  const name = protectable.name ?? '';
  const bare = name.replace(/^vm;/i, '');
  if (/^iaasvmcontainerv2;/i.test(bare)) return { container: `IaasVMContainer;${bare}`, item: `vm;${bare}` };
  return { container: containerName(ref.resourceGroup, ref.name), item: protectedItemName(ref.resourceGroup, ref.name) };
}
