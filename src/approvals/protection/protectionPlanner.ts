import { BackupError } from '../../backup/backupError';
import type { VaultRef } from '../../backup/backupService';
import { resolveVaultQuery } from '../../backup/nameResolution';
import { normaliseRegion } from '../../backup/preflight';
import type { VmDetails } from '../../backup/views';
import type { CheckResult, EnableProtectionAction, VaultOption } from '../types';
import { resourceRefOf, type ResourceRef } from '../resourceRef';
import { checkOf, DEFAULT_POLICY, storedVault, vaultKeyOf, type ProtectionCalls } from './protectionCalls';
import { quoted } from '../../userText';

export interface ProtectionPlan {
  action: EnableProtectionAction;
  checks: CheckResult[];
  notes: string[];
}

/** Why a request cannot be made, with the preflight checks that say so (shown on the refusal card). */
export interface PlanRefusal {
  refusal: string;
  checks: CheckResult[];
}

export interface ProtectRequest {
  vm: string;
  vault?: string;
  policy?: string;
}

/**
 * Turns `protect <vm> [--vault V] [--policy P]` into a complete request, or a refusal:
 * the vault is the given one, else the only one in the VM's subscription and region, else left for the requester
 * to choose on the card; the policy is the given one (it must exist in that vault) or DefaultPolicy.
 * A failing preflight check stops the request; warnings travel with it.
 */
export async function planProtection(backup: ProtectionCalls, input: ProtectRequest): Promise<ProtectionPlan | PlanRefusal> {
  // One read of the VM and of its protection (backupStatus) serves the refusal, the preflight and the request.
  const details = await backup.getVmDetails(input.vm);
  const vm = resourceRefOf(details);
  const { protection } = details;
  if (protection.state !== 'NotProtected' && protection.vault !== undefined) {
    const policy = protection.policy ? ` with policy ${protection.policy}` : '';
    return {
      refusal: `${vm.name} is already protected by vault ${protection.vault}${policy} (state ${protection.state}). A VM can be protected by one vault only, so there is nothing to request.`,
      checks: [],
    };
  }
  // Without their item counts: counting reads every vault's protected items.
  const vaults = await backup.listVaultRefs();
  // Only vaults that can succeed: Azure protects a VM in a vault of its own subscription and region.
  const inRegion = vaults.filter((v) => v.subscriptionId.toLowerCase() === vm.subscriptionId.toLowerCase() && normaliseRegion(v.region) === normaliseRegion(vm.location));

  let vault: VaultRef | undefined;
  if (input.vault !== undefined) {
    try {
      vault = resolveVaultQuery(input.vault, vaults);
    } catch (err) {
      // Unknown, ambiguous or malformed: the shared sentence, on the refusal card like the others here.
      if (err instanceof BackupError) return { refusal: err.message, checks: [] };
      throw err;
    }
  } else if (inRegion.length === 1) {
    vault = inRegion[0];
  }

  if (vault === undefined && inRegion.length > 1) {
    // Checks about the vault run again once the requester has chosen one.
    const checks = (await preflight(backup, details)).filter((c) => c.id === undefined || !VAULT_CHECKS.includes(c.id));
    const failed = refusalFor(checks);
    if (failed) return failed;
    const vaultOptions = await optionsWithPolicies(backup, inRegion);
    if (input.policy !== undefined && !vaultOptions.some((v) => hasPolicy(v, input.policy!))) {
      return { refusal: `No vault in ${vm.location} has a policy called ${quoted(input.policy)}. ${vaultOptions.map((v) => `${v.name}: ${v.policies?.join(', ') || 'none'}`).join('; ')}.`, checks };
    }
    const action: EnableProtectionAction = { kind: 'enableProtection', vm, vaultOptions, ...(input.policy ? { requestedPolicy: input.policy } : {}) };
    return { action, checks, notes: [] };
  }

  const checks = await preflight(backup, details, vault && storedVault(vault));
  const failed = refusalFor(checks);
  if (failed) return failed;
  if (vault === undefined) return { refusal: `No Recovery Services vault of the VM's subscription was found in ${vm.location}; create one there first.`, checks };
  const stored = storedVault(vault);
  const policy = await choosePolicy(backup, stored, input.policy);
  if ('refusal' in policy) return { refusal: policy.refusal, checks };
  const { redundancy: _redundancy, ...ref } = stored;
  return { action: { kind: 'enableProtection', vm, vault: ref, policy: policy.name }, checks, notes: policy.notes };
}

/** The preflight of the VM as read, against a vault (or, without one, the vault that fits). */
async function preflight(backup: ProtectionCalls, details: VmDetails, vault?: ResourceRef): Promise<CheckResult[]> {
  return (await backup.preflightFor(details, vault && vaultKeyOf(vault))).checks.map(checkOf);
}

/**
 * Each vault the requester may pick, with its redundancy and policies shown on the card, so a test
 * LRS vault is not taken for the production one (issue 13.4).
 */
async function optionsWithPolicies(backup: ProtectionCalls, vaults: VaultRef[]): Promise<VaultOption[]> {
  return Promise.all(
    vaults.map(async (vault) => {
      const stored = storedVault(vault);
      return { ...stored, policies: await policyNames(backup, stored) };
    }),
  );
}

/** Names of the vault's Azure VM backup policies. */
async function policyNames(backup: ProtectionCalls, vault: ResourceRef): Promise<string[]> {
  return (await backup.listPolicies(vaultKeyOf(vault))).map((policy) => policy.name);
}

function hasPolicy(vault: VaultOption, policy: string): boolean {
  return (vault.policies ?? []).some((name) => name.toLowerCase() === policy.toLowerCase());
}

/**
 * The requester picked a vault (and a policy) on the card: the vault must be one of the options
 * stored with the request (never an id taken from the card as is); the preflight and the policy are
 * checked for it. Without a policy from the card, the one given with --policy, else DefaultPolicy.
 */
export async function completeWithVault(
  backup: ProtectionCalls,
  action: EnableProtectionAction,
  chosenVaultId: unknown,
  chosenPolicy?: unknown,
): Promise<{ action: EnableProtectionAction; checks: CheckResult[]; notes: string[] } | { refusal: string }> {
  if (action.vault !== undefined) return { refusal: `The vault is already chosen (${action.vault.name}). Nothing was changed.` };
  const options = action.vaultOptions ?? [];
  const vault = options.find((v) => typeof chosenVaultId === 'string' && v.id.toLowerCase() === chosenVaultId.toLowerCase());
  if (vault === undefined) return { refusal: `Choose one of the vaults listed on the card (${options.map((v) => v.name).join(', ')}). Nothing was changed.` };
  // The VM is read again: its state may have changed since the request was made.
  const checks = await preflight(backup, await backup.getVmDetails(action.vm), vault);
  const failed = refusalFor(checks);
  if (failed) return { refusal: `${failed.refusal} Choose another vault or ask again once this is fixed.` };
  const picked = typeof chosenPolicy === 'string' && chosenPolicy.trim() !== '' ? chosenPolicy.trim().slice(0, 300) : action.requestedPolicy;
  const policy = await choosePolicy(backup, vault, picked);
  if ('refusal' in policy) return { refusal: `${policy.refusal} Nothing was changed.` };
  const { id, name, resourceGroup, subscriptionId, location } = vault;
  return { action: { ...action, vault: { id, name, resourceGroup, subscriptionId, location }, policy: policy.name }, checks, notes: policy.notes };
}

const VAULT_CHECKS = ['region', 'protection', 'redundancy'];

function refusalFor(checks: CheckResult[]): PlanRefusal | undefined {
  const failing = checks.filter((c) => c.status === 'fail');
  if (failing.length === 0) return undefined;
  const reasons = failing.map((c) => `${c.name}: ${c.detail}${c.remedy ? ` ${c.remedy}` : ''}`).join(' ');
  return { refusal: `Protection cannot be requested: ${reasons}`, checks };
}

async function choosePolicy(backup: ProtectionCalls, vault: ResourceRef, requested: string | undefined): Promise<{ name: string; notes: string[] } | { refusal: string }> {
  const names = await policyNames(backup, vault);
  if (requested === undefined) {
    if (!names.some((n) => n.toLowerCase() === DEFAULT_POLICY.toLowerCase())) {
      return { refusal: `Vault ${vault.name} has no ${DEFAULT_POLICY}; name a policy with --policy (policies there: ${names.join(', ') || 'none'}).` };
    }
    return { name: DEFAULT_POLICY, notes: [`No policy was given: ${DEFAULT_POLICY} (daily, 30-day retention, 2-day instant restore).`] };
  }
  const match = names.find((n) => n.toLowerCase() === requested.toLowerCase());
  if (match === undefined) {
    return { refusal: `Vault ${vault.name} has no policy called ${quoted(String(requested))}. Policies there: ${names.join(', ') || 'none'}.` };
  }
  return { name: match, notes: [] };
}
