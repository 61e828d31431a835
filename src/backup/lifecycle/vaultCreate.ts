import type { BackupResourceConfigResource } from '@azure/arm-recoveryservicesbackup';
import { resourceGroupNameProblem } from '../armIds';
import { BackupError, InvalidInputError } from '../backupError';
import { closestNames } from '../closestNames';
import type { VaultView, VmSummary } from '../views';
import { quoted } from '../../userText';
import type { AzureAccess } from './azureAccess';
import { readVaultSecurity, type VaultSecurity } from './vaultSecurity';

// `vault create`: the rules of docs/design.md ("Vaults, policies") checked before anything reaches
// Azure, then PUT vaults/{name} (201, followed to Succeeded: FINDINGS.md "Vault create/delete") and
// PUT backupstorageconfig/vaultstorageconfig, the seed's "Properties > Backup configuration" step.

export type StorageRedundancy = 'GeoRedundant' | 'LocallyRedundant' | 'ZoneRedundant';

export const REDUNDANCY_WORDS: Record<string, StorageRedundancy> = {
  grs: 'GeoRedundant',
  georedundant: 'GeoRedundant',
  lrs: 'LocallyRedundant',
  locallyredundant: 'LocallyRedundant',
  zrs: 'ZoneRedundant',
  zoneredundant: 'ZoneRedundant',
};

export const REDUNDANCY_LABELS: Record<StorageRedundancy, string> = {
  GeoRedundant: 'geo-redundant (GRS)',
  LocallyRedundant: 'locally redundant (LRS)',
  ZoneRedundant: 'zone-redundant (ZRS)',
};

/** The seed's warning, said on every card that picks a redundancy. */
export const REDUNDANCY_WARNING = 'Storage redundancy can no longer change once the vault protects an item: to change it then, you must create a new vault.';

export interface VaultCreateInput {
  name: string;
  region?: string;
  redundancy?: string;
  resourceGroup?: string;
  subscription?: string;
}

export interface VaultCreatePlan {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  redundancy: StorageRedundancy;
  /** What the bot chose for the operator (region, resource group, redundancy) and why, one sentence each. */
  choices: string[];
  /** Other vaults already in that region and subscription (a VM can be protected by one vault only). */
  vaultsInRegion: string[];
}

export interface VaultCreateResult {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  region: string;
  provisioningState: string;
  /** The storage configuration as Azure answered it. */
  storageType?: string;
  storageTypeState?: string;
  /** Set when the vault was created but its storage redundancy could not be set. */
  storageProblem?: string;
  security?: VaultSecurity;
}

/** Why a name cannot be a vault name, rule by rule (the seed's wording), or undefined. */
export function vaultCreateNameProblem(name: string): string | undefined {
  const shown = quoted(name);
  if (name.length < 2 || name.length > 50) return `${shown} has ${name.length} characters: a vault name has 2 to 50.`;
  if (!/^[A-Za-z]/.test(name)) return `${shown} does not start with a letter: a vault name must.`;
  const bad = [...name].find((ch) => !/[A-Za-z0-9-]/.test(ch));
  if (bad !== undefined) return `${shown} contains ${/\s/.test(bad) ? 'a space' : quoted(bad)}: a vault name has only letters, digits and hyphens.`;
  return undefined;
}

export function parseRedundancy(word: string | undefined): StorageRedundancy {
  if (word === undefined) return 'GeoRedundant';
  const redundancy = REDUNDANCY_WORDS[word.trim().toLowerCase()];
  if (!redundancy) throw new InvalidInputError(`${quoted(word)} is not a storage redundancy: use GRS (geo-redundant, the default), LRS (locally redundant, cheaper) or ZRS (zone-redundant).`);
  return redundancy;
}

/** "West Europe" and "westeurope" are the same region. */
export function normalRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

export function vaultArmId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${name}`;
}

/** Checks the request and fills in what was left out; a specific sentence (InvalidInputError) for anything wrong. */
export async function planVaultCreate(azure: AzureAccess, input: VaultCreateInput): Promise<VaultCreatePlan> {
  const name = input.name.trim();
  const nameProblem = vaultCreateNameProblem(name);
  if (nameProblem) throw new InvalidInputError(nameProblem);
  const redundancy = parseRedundancy(input.redundancy);
  if (input.region !== undefined && !/^[a-z][a-z0-9]{2,39}$/.test(normalRegion(input.region))) {
    throw new InvalidInputError(`${quoted(input.region)} is not an Azure region name (e.g. westeurope or "West Europe").`);
  }
  if (input.resourceGroup !== undefined) {
    const problem = resourceGroupNameProblem(input.resourceGroup);
    if (problem) throw new InvalidInputError(problem);
  }
  if (input.subscription !== undefined && !/^[0-9a-f-]{4,36}$/i.test(input.subscription)) {
    throw new InvalidInputError(`${quoted(input.subscription)} is not a subscription id (or the start of one).`);
  }
  const [vaults, vms] = await Promise.all([azure.backup.listVaultRefs(), azure.backup.listVms()]);
  const estate = new Estate(vaults, [...vms]);
  const subscriptionId = input.subscription !== undefined ? estate.subscription(input.subscription) : undefined;
  const choices: string[] = [];
  let group = input.resourceGroup !== undefined ? estate.resourceGroup(input.resourceGroup, subscriptionId) : undefined;
  // A taken name is the first thing to say (before any choice is made for the operator).
  if (group) estate.checkNameFree(name, group.subscriptionId, group.name);
  let region: string;
  if (input.region !== undefined) {
    region = estate.region(input.region, group?.subscriptionId ?? subscriptionId);
  } else {
    const chosen = estate.regionOfUnprotected(group, subscriptionId);
    region = chosen.region;
    choices.push(chosen.why);
  }
  if (!group) {
    group = estate.groupFor(region, subscriptionId);
    choices.push(group.why);
  }
  if (input.redundancy === undefined) choices.push(`Storage redundancy: ${REDUNDANCY_LABELS[redundancy]}, the default (add --redundancy LRS for cheaper storage, or ZRS).`);
  estate.checkNameFree(name, group.subscriptionId, group.name);
  const vaultsInRegion = vaults.filter((vault) => vault.subscriptionId.toLowerCase() === group.subscriptionId.toLowerCase() && normalRegion(vault.region) === region).map((vault) => vault.name);
  return { name, subscriptionId: group.subscriptionId, resourceGroup: group.name, region, redundancy, choices, vaultsInRegion };
}

/** Creates the vault and sets its storage redundancy; refuses (changing nothing) if the name was taken meanwhile. */
export async function createVault(azure: AzureAccess, plan: VaultCreatePlan): Promise<VaultCreateResult> {
  const clients = azure.sdk(plan.subscriptionId);
  if (await vaultExists(azure, plan)) {
    throw new InvalidInputError(`A vault named ${plan.name} appeared in resource group ${plan.resourceGroup} since the request was made. Nothing was changed.`);
  }
  const created = await azure.call(`create vault ${plan.name} in ${plan.resourceGroup}`, async () => {
    const poller = await clients.vaults.vaults.beginCreateOrUpdate(plan.resourceGroup, plan.name, { location: plan.region, sku: { name: 'Standard' }, properties: {} }, { updateIntervalInMs: azure.polling.intervalMs });
    return poller.pollUntilDone();
  });
  azure.backup.invalidateCache();
  azure.logger.info({ vault: plan.name, resourceGroup: plan.resourceGroup, region: plan.region }, 'vault created');
  const result: VaultCreateResult = {
    id: created.id ?? vaultArmId(plan.subscriptionId, plan.resourceGroup, plan.name),
    name: created.name ?? plan.name,
    resourceGroup: plan.resourceGroup,
    subscriptionId: plan.subscriptionId,
    region: normalRegion(created.location ?? plan.region),
    provisioningState: created.properties?.provisioningState ?? 'Succeeded',
  };
  try {
    const body: BackupResourceConfigResource = { properties: { storageModelType: plan.redundancy, storageType: plan.redundancy } };
    const config = await azure.call(`set the storage redundancy of vault ${plan.name}`, () => clients.backup.backupResourceStorageConfigsNonCRR.update(plan.name, plan.resourceGroup, body));
    result.storageType = config.properties?.storageType ?? config.properties?.storageModelType;
    result.storageTypeState = config.properties?.storageTypeState;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    result.storageProblem = err.message;
  }
  result.security = await readVaultSecurity(azure, plan).catch(() => undefined);
  return result;
}

/** Reads the vault back (for an outcome that is unknown): its storage type, or undefined when it does not exist. */
export async function readCreatedVault(azure: AzureAccess, plan: Pick<VaultCreatePlan, 'name' | 'resourceGroup' | 'subscriptionId'>): Promise<{ storageType?: string } | undefined> {
  if (!(await vaultExists(azure, plan))) return undefined;
  const config = await azure.call(`read the storage configuration of vault ${plan.name}`, () => azure.sdk(plan.subscriptionId).backup.backupResourceStorageConfigsNonCRR.get(plan.name, plan.resourceGroup));
  return { storageType: config.properties?.storageType ?? config.properties?.storageModelType };
}

async function vaultExists(azure: AzureAccess, plan: Pick<VaultCreatePlan, 'name' | 'resourceGroup' | 'subscriptionId'>): Promise<boolean> {
  try {
    await azure.call(`read vault ${plan.name}`, () => azure.sdk(plan.subscriptionId).vaults.vaults.get(plan.resourceGroup, plan.name));
    return true;
  } catch (err) {
    if (err instanceof BackupError && err.status === 404) return false;
    throw err;
  }
}

interface Group {
  name: string;
  subscriptionId: string;
  why: string;
}

/** What the bot can see of the estate (vaults and VMs): resource groups, regions, subscriptions. */
class Estate {
  constructor(
    private readonly vaults: ReadonlyArray<Omit<VaultView, 'protectedItemCount'>>,
    private readonly vms: readonly VmSummary[],
  ) {}

  private resources(subscriptionId?: string): Array<{ resourceGroup: string; subscriptionId: string; region: string }> {
    return [...this.vaults, ...this.vms].filter((r) => subscriptionId === undefined || r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  }

  subscription(prefix: string): string {
    const ids = [...new Set(this.resources().map((r) => r.subscriptionId))];
    const matching = ids.filter((id) => id.toLowerCase().startsWith(prefix.toLowerCase()));
    if (matching.length === 1) return matching[0];
    if (matching.length === 0) throw new InvalidInputError(`The bot sees no VM or vault in subscription ${quoted(prefix)}. Subscriptions it sees: ${ids.join(', ')}.`);
    throw new InvalidInputError(`${quoted(prefix)} starts several subscription ids (${matching.join(', ')}); give more of it.`);
  }

  /** The resource group must exist (Azure does not create it with the vault): the bot knows it by its VMs and vaults. */
  resourceGroup(wanted: string, subscriptionId: string | undefined): Group {
    const found = this.resources(subscriptionId).filter((r) => r.resourceGroup.toLowerCase() === wanted.toLowerCase());
    const subscriptions = [...new Set(found.map((r) => r.subscriptionId))];
    if (subscriptions.length === 0) {
      const known = [...new Set(this.resources(subscriptionId).map((r) => r.resourceGroup))].sort();
      const close = closestNames(wanted, known);
      throw new InvalidInputError(
        `The bot sees no resource group ${quoted(wanted)}${close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''}. Azure does not create the resource group with the vault: create it in the portal first, or pick one the bot knows: ${known.join(', ')}.`,
      );
    }
    if (subscriptions.length > 1) throw new InvalidInputError(`Resource group ${wanted} exists in several subscriptions (${subscriptions.join(', ')}): add --subscription S.`);
    return { name: found[0].resourceGroup, subscriptionId: subscriptions[0], why: '' };
  }

  /** A vault protects only VMs of its own region: a region with no VM the bot sees is almost certainly a typo. */
  region(wanted: string, subscriptionId: string | undefined): string {
    const region = normalRegion(wanted);
    const regions = [...new Set(this.vms.filter((vm) => subscriptionId === undefined || vm.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()).map((vm) => normalRegion(vm.region)))].sort();
    if (regions.includes(region)) return region;
    const close = closestNames(region, regions);
    throw new InvalidInputError(
      `The bot sees no VM in region ${quoted(wanted)}${close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''}, and a vault can only protect VMs of its own region. Regions with VMs: ${regions.join(', ')}.`,
    );
  }

  /** The region of most of the unprotected VMs in scope: the VMs the new vault is for. */
  regionOfUnprotected(group: Group | undefined, subscriptionId: string | undefined): { region: string; why: string } {
    const scope = group ? `in resource group ${group.name}` : subscriptionId ? `in subscription ${subscriptionId}` : 'the bot sees';
    const unprotected = this.vms.filter(
      (vm) =>
        vm.protection.state === 'NotProtected' &&
        (group === undefined || (vm.resourceGroup.toLowerCase() === group.name.toLowerCase() && vm.subscriptionId.toLowerCase() === group.subscriptionId.toLowerCase())) &&
        (subscriptionId === undefined || vm.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()),
    );
    if (unprotected.length === 0 && group) {
      const regions = [...new Set(this.resources(group.subscriptionId).filter((r) => r.resourceGroup.toLowerCase() === group.name.toLowerCase()).map((r) => normalRegion(r.region)))];
      if (regions.length === 1) return { region: regions[0], why: `Region ${regions[0]}: where the VMs and vaults of resource group ${group.name} are (none of its VMs is unprotected). Add --region R to choose another.` };
    }
    if (unprotected.length === 0) {
      throw new InvalidInputError(`Which region? No VM ${scope} is unprotected, so there is none to take the region from. Add --region R (the region of the VMs the vault is for).`);
    }
    const counts = countBy(unprotected.map((vm) => normalRegion(vm.region)));
    const [region, count] = counts[0];
    const names = unprotected.filter((vm) => normalRegion(vm.region) === region).map((vm) => vm.name);
    const list = names.length <= 4 ? ` (${names.join(', ')})` : '';
    const share = unprotected.length === 1 ? `the unprotected VM ${scope}${list} is there` : count === unprotected.length ? `all ${count} unprotected VMs ${scope}${list} are there` : `${count} of the ${unprotected.length} unprotected VMs ${scope}${list} are there`;
    return { region, why: `Region ${region}: ${share}, and a vault protects only VMs of its own region. Add --region R to choose another.` };
  }

  /** The resource group of the unprotected VMs of that region, else of the vaults already there. */
  groupFor(region: string, subscriptionId: string | undefined): Group {
    const inScope = <T extends { subscriptionId: string; region: string }>(r: T) => normalRegion(r.region) === region && (subscriptionId === undefined || r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
    const fromVms = this.vms.filter((vm) => inScope(vm) && vm.protection.state === 'NotProtected');
    const fromVaults = this.vaults.filter(inScope);
    const source = fromVms.length > 0 ? fromVms : fromVaults;
    if (source.length === 0) throw new InvalidInputError(`Which resource group? Add --rg RG (an existing resource group for the vault).`);
    const [key] = countBy(source.map((r) => `${r.subscriptionId}|${r.resourceGroup}`))[0];
    const [sub, name] = key.split('|');
    const why = fromVms.length > 0 ? `Resource group ${name}: where the unprotected VMs of ${region} are. Add --rg RG to choose another.` : `Resource group ${name}: where the vaults of ${region} are. Add --rg RG to choose another.`;
    return { name, subscriptionId: sub, why };
  }

  /** Unique in the resource group (Azure's rule) and, as the seed asks, in the subscription. */
  checkNameFree(name: string, subscriptionId: string, resourceGroup: string): void {
    const same = this.vaults.filter((vault) => vault.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && vault.name.toLowerCase() === name.toLowerCase());
    const here = same.find((vault) => vault.resourceGroup.toLowerCase() === resourceGroup.toLowerCase());
    if (here) throw new InvalidInputError(`A vault named ${here.name} already exists in resource group ${here.resourceGroup} (${here.region}). Pick another name; nothing was changed.`);
    if (same.length > 0) {
      throw new InvalidInputError(`A vault named ${same[0].name} already exists in this subscription (resource group ${same[0].resourceGroup}): vault names must be unique in the subscription. Pick another name; nothing was changed.`);
    }
  }
}

/** Values with their counts, most frequent first (ties by name). */
function countBy(values: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
