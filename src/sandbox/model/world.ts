import type { TerminalOutcome } from '../estate/estateSchema';
import { SimClock } from './clock';
import { key, parseVmId } from './ids';
import { SeededRandom } from './random';
import type { ProtectedItemState, SubscriptionState, VaultState, VmState } from './types';

export interface OutcomeOverride {
  status: TerminalOutcome;
  errorCode?: string;
  /** Fixed phase durations (replaying recordings); drawn from the seed otherwise. */
  snapshotSeconds?: number;
  transferDelaySeconds?: number;
  transferSeconds?: number;
}

export class LookupError extends Error {}

/** Everything the sandbox knows, with case-insensitive lookups. */
export class World {
  readonly subscriptions = new Map<string, SubscriptionState>();
  readonly vms = new Map<string, VmState>();
  readonly vaults = new Map<string, VaultState>();
  /** VM key -> key of the vault protecting it (a VM can be protected by one vault only). */
  readonly protectedBy = new Map<string, string>();
  /** VM key -> outcome of that VM's next backup job (set through the control API). */
  readonly nextOutcomes = new Map<string, OutcomeOverride>();
  /** When set, the next asynchronous operation answers "in progress" to exactly this many reads, whatever the clock does (replaying recordings). */
  nextOperationPolls: number | undefined;
  /** Estate VMs' recurringOutcomes apply to their scheduled runs (SandboxOptions.recurringTrouble). */
  recurringTrouble = false;

  constructor(
    readonly clock: SimClock,
    readonly random: SeededRandom,
  ) {}

  nowMs(): number {
    return this.clock.nowMillis();
  }

  getSubscription(subscriptionId: string): SubscriptionState | undefined {
    return this.subscriptions.get(subscriptionId.toLowerCase());
  }

  getVault(subscriptionId: string, resourceGroup: string, vaultName: string): VaultState | undefined {
    return this.vaults.get(key(subscriptionId, resourceGroup, vaultName));
  }

  getVm(subscriptionId: string, resourceGroup: string, vmName: string): VmState | undefined {
    return this.vms.get(key(subscriptionId, resourceGroup, vmName));
  }

  vaultsOf(subscriptionId: string, resourceGroup?: string): VaultState[] {
    return [...this.vaults.values()].filter(
      (vault) =>
        vault.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        (resourceGroup === undefined || vault.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()),
    );
  }

  vmsOf(subscriptionId: string, resourceGroup?: string): VmState[] {
    return [...this.vms.values()].filter(
      (vm) =>
        vm.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        (resourceGroup === undefined || vm.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()),
    );
  }

  protectionOf(vmKey: string): { vault: VaultState; item: ProtectedItemState } | undefined {
    const vaultKey = this.protectedBy.get(vmKey);
    const vault = vaultKey ? this.vaults.get(vaultKey) : undefined;
    const item = vault?.items.get(vmKey);
    return vault && item ? { vault, item } : undefined;
  }

  /**
   * Finds a VM from "vmName", "resourceGroup/vmName" or an ARM id. A bare name that exists in several
   * resource groups is refused, naming the candidates.
   */
  resolveVm(reference: string, defaultSubscriptionId?: string): VmState {
    const trimmed = reference.trim();
    const parsedId = parseVmId(trimmed);
    if (parsedId) return this.requireVm(this.getVm(parsedId.subscriptionId, parsedId.resourceGroup, parsedId.vmName), trimmed);
    const parts = trimmed.split('/');
    if (parts.length === 2) {
      const direct = defaultSubscriptionId ? this.getVm(defaultSubscriptionId, parts[0], parts[1]) : undefined;
      if (direct) return direct;
      const candidates = [...this.vms.values()].filter(
        (vm) =>
          vm.resourceGroup.toLowerCase() === parts[0].toLowerCase() &&
          vm.name.toLowerCase() === parts[1].toLowerCase() &&
          (defaultSubscriptionId === undefined || vm.subscriptionId.toLowerCase() === defaultSubscriptionId.toLowerCase()),
      );
      return this.single(candidates, trimmed);
    }
    const candidates = [...this.vms.values()].filter((vm) => vm.name.toLowerCase() === trimmed.toLowerCase());
    return this.single(candidates, trimmed);
  }

  /** Finds a vault by "name" or "resourceGroup/name"; refuses ambiguous names. */
  resolveVault(reference: string): VaultState {
    const parts = reference.trim().split('/');
    const [group, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    const candidates = [...this.vaults.values()].filter(
      (vault) =>
        vault.name.toLowerCase() === name.toLowerCase() &&
        (group === undefined || vault.resourceGroup.toLowerCase() === group.toLowerCase()),
    );
    if (candidates.length === 0) throw new LookupError(`No vault named '${reference}' in the sandbox estate.`);
    if (candidates.length > 1) {
      throw new LookupError(
        `Vault name '${reference}' is ambiguous: ${candidates.map((vault) => `${vault.resourceGroup}/${vault.name}`).join(', ')}.`,
      );
    }
    return candidates[0];
  }

  private requireVm(vm: VmState | undefined, reference: string): VmState {
    if (!vm) throw new LookupError(`No virtual machine '${reference}' in the sandbox estate.`);
    return vm;
  }

  private single(candidates: VmState[], reference: string): VmState {
    if (candidates.length === 0) throw new LookupError(`No virtual machine '${reference}' in the sandbox estate.`);
    if (candidates.length > 1) {
      const names = candidates.map((vm) => `${vm.resourceGroup}/${vm.name}`).join(', ');
      throw new LookupError(`VM name '${reference}' is ambiguous (${names}); give it as resourceGroup/name.`);
    }
    return candidates[0];
  }
}
