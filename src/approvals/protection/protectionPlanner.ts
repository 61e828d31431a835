import { BackupError } from '../../backup/backupError';
import { resolveVaultQuery } from '../../backup/nameResolution';
import { normaliseRegion } from '../../backup/preflight';
import type { CheckResult, EnableProtectionAction, VaultOption } from '../types';
import type { ResourceRef } from '../resourceRef';
import { DEFAULT_POLICY, type ProtectionBackend } from './protectionBackend';
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
export async function planProtection(backend: ProtectionBackend, input: ProtectRequest): Promise<ProtectionPlan | PlanRefusal> {
  const vm = await backend.resolveVm(input.vm);
  const existing = await backend.existingProtection(vm);
  if (existing !== undefined) {
    const policy = existing.policy ? ` with policy ${existing.policy}` : '';
    return {
      refusal: `${vm.name} is already protected by vault ${existing.vault}${policy} (state ${existing.state}). A VM can be protected by one vault only, so there is nothing to request.`,
      checks: [],
    };
  }
  const vaults = await backend.listVaults();
  // Only vaults that can succeed: Azure protects a VM in a vault of its own subscription and region.
  const inRegion = vaults.filter((v) => v.subscriptionId.toLowerCase() === vm.subscriptionId.toLowerCase() && normaliseRegion(v.location) === normaliseRegion(vm.location));

  let vault: ResourceRef | undefined;
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
    const checks = (await backend.preflight(vm)).filter((c) => c.id === undefined || !VAULT_CHECKS.includes(c.id));
    const failed = refusalFor(checks);
    if (failed) return failed;
    const vaultOptions = await optionsWithPolicies(backend, inRegion);
    if (input.policy !== undefined && !vaultOptions.some((v) => hasPolicy(v, input.policy!))) {
      return { refusal: `No vault in ${vm.location} has a policy called ${quoted(input.policy)}. ${vaultOptions.map((v) => `${v.name}: ${v.policies?.join(', ') || 'none'}`).join('; ')}.`, checks };
    }
    const action: EnableProtectionAction = { kind: 'enableProtection', vm, vaultOptions, ...(input.policy ? { requestedPolicy: input.policy } : {}) };
    return { action, checks, notes: [] };
  }

  const checks = await backend.preflight(vm, vault);
  const failed = refusalFor(checks);
  if (failed) return failed;
  if (vault === undefined) return { refusal: `No Recovery Services vault of the VM's subscription was found in ${vm.location}; create one there first.`, checks };
  const policy = await choosePolicy(backend, vault, input.policy);
  if ('refusal' in policy) return { refusal: policy.refusal, checks };
  return { action: { kind: 'enableProtection', vm, vault, policy: policy.name }, checks, notes: policy.notes };
}

/**
 * Each vault the requester may pick, with its redundancy and policies shown on the card, so a test
 * LRS vault is not taken for the production one (issue 13.4).
 */
async function optionsWithPolicies(backend: ProtectionBackend, vaults: Array<ResourceRef & { redundancy?: string }>): Promise<VaultOption[]> {
  return Promise.all(vaults.map(async (vault) => ({ ...vault, policies: await backend.listPolicyNames(vault) })));
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
  backend: ProtectionBackend,
  action: EnableProtectionAction,
  chosenVaultId: unknown,
  chosenPolicy?: unknown,
): Promise<{ action: EnableProtectionAction; checks: CheckResult[]; notes: string[] } | { refusal: string }> {
  if (action.vault !== undefined) return { refusal: `The vault is already chosen (${action.vault.name}). Nothing was changed.` };
  const options = action.vaultOptions ?? [];
  const vault = options.find((v) => typeof chosenVaultId === 'string' && v.id.toLowerCase() === chosenVaultId.toLowerCase());
  if (vault === undefined) return { refusal: `Choose one of the vaults listed on the card (${options.map((v) => v.name).join(', ')}). Nothing was changed.` };
  const checks = await backend.preflight(action.vm, vault);
  const failed = refusalFor(checks);
  if (failed) return { refusal: `${failed.refusal} Choose another vault or ask again once this is fixed.` };
  const picked = typeof chosenPolicy === 'string' && chosenPolicy.trim() !== '' ? chosenPolicy.trim().slice(0, 300) : action.requestedPolicy;
  const policy = await choosePolicy(backend, vault, picked);
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

async function choosePolicy(backend: ProtectionBackend, vault: ResourceRef, requested: string | undefined): Promise<{ name: string; notes: string[] } | { refusal: string }> {
  const names = await backend.listPolicyNames(vault);
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
