import type { AzureIaaSVMProtectionPolicy, ProtectionPolicyResource } from '@azure/arm-recoveryservicesbackup';
import { policyNameProblem } from '../armIds';
import { BackupError, InvalidInputError } from '../backupError';
import { operationIdFromHeaders, retryAfterMs, type HeaderBag } from '../operationPolling';
import { followPolicyOperation as followOperation } from '../policyOperation';
import { isVmPolicy, readSchedule, toPolicyView } from '../policyView';
import type { PolicyView } from '../views';
import type { AzureAccess } from './azureAccess';
import { policyFingerprint, policyProperties, settingsFromPolicy } from './policyBody';
import type { PolicySettings } from './policySettings';

// Creating and editing a VM backup policy: PUT backupPolicies/{name}. A new or unused policy is
// answered 200 with the policy (policy[10] in the recordings); updating a policy that protects
// items is answered 202 with Location / Azure-AsyncOperation on the policy
// (.../backupPolicies/{name}/operations/{id}), read until it is no longer InProgress, Retry-After
// honoured up to the polling cap (as every 202 flow of the bot).

export interface VaultTarget {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
}

/** A new policy's name: Azure's rule for VM policies (3-150 characters, a letter first, letters, digits, hyphens). */
export function newPolicyNameProblem(name: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9-]{2,149}$/.test(name)) return undefined;
  return policyNameProblem(name) ?? `"${name.slice(0, 60)}" cannot name a new VM backup policy: 3 to 150 characters, a letter first, then letters, digits or hyphens.`;
}

/** The policy as Azure has it now, or undefined when the vault has no policy of that name. */
export async function readPolicy(azure: AzureAccess, vault: VaultTarget, name: string): Promise<ProtectionPolicyResource | undefined> {
  const problem = policyNameProblem(name);
  if (problem) throw new InvalidInputError(problem);
  try {
    const policy = await azure.call(`read policy ${name} of vault ${vault.name}`, () => azure.sdk(vault.subscriptionId).backup.protectionPolicies.get(vault.name, vault.resourceGroup, name));
    if (!isVmPolicy(policy)) throw new InvalidInputError(`Policy ${policy.name ?? name} in vault ${vault.name} is not an Azure VM backup policy; the bot edits VM policies only.`);
    return policy;
  } catch (err) {
    if (err instanceof BackupError && err.status === 404) return undefined;
    throw err;
  }
}

export interface EditablePolicy {
  resource: ProtectionPolicyResource;
  view: PolicyView;
  settings: PolicySettings;
  notes: string[];
  fingerprint: string;
}

/** An existing policy with the settings the edit card shows; a sentence when it cannot be edited here. */
export async function editablePolicy(azure: AzureAccess, vault: VaultTarget, name: string): Promise<EditablePolicy> {
  const resource = await readPolicy(azure, vault, name);
  if (!resource) throw new InvalidInputError(`Vault ${vault.name} has no policy called ${name}. To make it: **policy create ${name} --vault ${vault.name}**.`);
  const read = settingsFromPolicy(resource);
  if ('problem' in read) throw new InvalidInputError(read.problem);
  return { resource, view: toPolicyView(resource, azure.now()), settings: read.settings, notes: read.notes, fingerprint: policyFingerprint(resource) };
}

export interface SavePolicyInput {
  vault: VaultTarget;
  name: string;
  mode: 'create' | 'update';
  settings: PolicySettings;
  /** For updates: the fingerprint read when the request was filed; a different one now refuses the write. */
  fingerprint?: string;
}

export interface SavePolicyResult {
  policy: PolicyView;
  /** 200 (created, or an unused policy updated) or 202 (an in-use policy, followed to its end). */
  status: number;
  /** The policy operation followed after a 202, and how many status reads it took. */
  operation?: { id: string; reads: number; status: string };
}

export async function savePolicy(azure: AzureAccess, input: SavePolicyInput): Promise<SavePolicyResult> {
  const { vault, name, mode, settings } = input;
  const problem = mode === 'create' ? newPolicyNameProblem(name) : policyNameProblem(name);
  if (problem) throw new InvalidInputError(problem);
  const current = await readPolicy(azure, vault, name);
  if (mode === 'create' && current) {
    throw new BackupError('conflict', `Vault ${vault.name} already has a policy called ${name} (made since this request was filed), so nothing was changed. To change it: **policy edit ${name} --vault ${vault.name}**.`);
  }
  if (mode === 'update' && !current) throw new BackupError('conflict', `Policy ${name} is no longer in vault ${vault.name}, so nothing was changed.`);
  if (mode === 'update' && current && input.fingerprint !== undefined && policyFingerprint(current) !== input.fingerprint) {
    throw new BackupError('conflict', `Policy ${name} was changed by someone else since this request was filed, so it was not changed again. Run **policy edit ${name} --vault ${vault.name}** to start from what it is now.`);
  }
  const properties = policyProperties(settings, referenceDateFor(azure, current, settings), current?.properties as AzureIaaSVMProtectionPolicy | undefined);
  const backup = azure.sdk(vault.subscriptionId).backup;
  const action = `${mode === 'create' ? 'create' : 'update'} policy ${name} in vault ${vault.name}`;
  const response = await azure.write(action, (onResponse) => backup.protectionPolicies.createOrUpdate(vault.name, vault.resourceGroup, name, { properties }, { onResponse }));
  const operation = response.status === 202 ? await followPolicyOperation(azure, vault, name, response.headers) : undefined;
  azure.logger.info({ vault: vault.name, policy: name, mode, status: response.status, operation: operation?.id }, 'policy saved');
  const fresh = await readPolicy(azure, vault, name);
  if (!fresh) throw new BackupError('azure-error', `Azure accepted policy ${name} but does not show it in vault ${vault.name}; look at the vault's policies in the portal.`);
  return { policy: toPolicyView(fresh, azure.now()), status: response.status, ...(operation ? { operation } : {}) };
}

/**
 * The date the run time is written on, which fixes its UTC offset for good (src/backup/README.md,
 * DST model). A new run time gets today's date, so it means that local time now; an unchanged run
 * time keeps the date it had, so an edit of retention alone does not move when backups run.
 */
function referenceDateFor(azure: AzureAccess, current: ProtectionPolicyResource | undefined, settings: PolicySettings): string {
  const today = azure.now().toISOString().slice(0, 10);
  if (!current) return today;
  const schedule = readSchedule((current.properties ?? {}) as AzureIaaSVMProtectionPolicy);
  return schedule.runTimes.length === 1 && schedule.runTimes[0] === settings.time && schedule.referenceDate ? schedule.referenceDate : today;
}

/** The 202's operation followed to its end (policyOperation.ts); its id, reads and final status for the log. */
async function followPolicyOperation(azure: AzureAccess, vault: VaultTarget, name: string, headers: HeaderBag | undefined): Promise<{ id: string; reads: number; status: string }> {
  const operationId = headers ? operationIdFromHeaders(headers) : undefined;
  if (!operationId) throw new BackupError('azure-error', `Azure accepted the change to policy ${name} but did not say how to follow it; look at policy ${name} in a few minutes.`);
  const access = { backup: azure.sdk(vault.subscriptionId).backup, call: <T>(action: string, fn: () => Promise<T>) => azure.call(action, fn), polling: azure.polling };
  const { reads, status } = await followOperation(access, vault, name, operationId, headers ? retryAfterMs(headers) : undefined);
  return { id: operationId, reads, status };
}
