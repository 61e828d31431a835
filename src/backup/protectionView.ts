import type { AzureIaaSVMProtectedItem, ProtectedItemResource } from '@azure/arm-recoveryservicesbackup';
import { containerName, parseArmId, parseBackupItemName, protectedItemName } from './armIds';
import { lastBackupTimeOf } from './azureTimes';
import { azureErrorEntry, lookupError } from './errorCatalogue';
import type { HealthIssueView, ProtectionStateView, ProtectionView, VaultView } from './views';

/** A VM's protected item in a vault, with the names needed to act on it (trigger a backup). */
export interface ProtectedVm {
  /** ARM id of the VM (virtualMachineId / sourceResourceId), lower-cased for matching. */
  vmKey: string;
  /** ARM id of the VM as Azure wrote it. */
  vmId: string;
  vault: Omit<VaultView, 'protectedItemCount'>;
  containerName: string;
  itemName: string;
  policyName?: string;
  view: ProtectionView;
}

const STATES: ProtectionStateView[] = ['Protected', 'ProtectionStopped', 'ProtectionPaused', 'BackupsSuspended', 'ProtectionError', 'IRPending'];

/*
 * What a protection state means for the bot's changes: the one home of "protection is active".
 * Azure's enum (protectionState): Protected, IRPending, ProtectionError, ProtectionStopped,
 * ProtectionPaused, BackupsSuspended. The recordings show Protected, IRPending (a new item until its
 * first backup, FINDINGS (a)) and ProtectionStopped (stop with data kept, FINDINGS (a), softdel:48);
 * none shows ProtectionPaused or BackupsSuspended. PowerShell documents BackupsSuspended as "stop
 * backup with retain data as per policy"; ProtectionPaused, by its name, is backups paused. So
 * neither takes backups, and both keep data that a resume (a PUT with a policy) protects again.
 */

/** Scheduled backups run: protected, waiting for its first backup (IRPending), or protected whose last backup failed (ProtectionError). */
export function takingBackups(state: ProtectionStateView): boolean {
  return state === 'Protected' || state === 'IRPending' || state === 'ProtectionError';
}

/** Backups do not run, the item and its data are kept: paused or suspended. */
function pausedOrSuspended(state: ProtectionStateView): boolean {
  return state === 'ProtectionPaused' || state === 'BackupsSuspended';
}

/** A stop (keep data) changes something: backups run, or are paused or suspended (the stop makes it ProtectionStopped). */
export function canStop(state: ProtectionStateView): boolean {
  return takingBackups(state) || pausedOrSuspended(state);
}

/** A resume (a PUT with a policy) changes something: protection is stopped, paused or suspended, its data kept. */
export function canResume(state: ProtectionStateView): boolean {
  return state === 'ProtectionStopped' || pausedOrSuspended(state);
}

export function toProtectedVm(resource: ProtectedItemResource, vault: Omit<VaultView, 'protectedItemCount'>): ProtectedVm | undefined {
  const item = resource.properties as AzureIaaSVMProtectedItem | undefined;
  const vmId = item?.virtualMachineId ?? item?.sourceResourceId;
  if (!item || !vmId) return undefined;
  const names = namesOf(resource);
  const state = STATES.find((s) => s.toLowerCase() === (item.protectionState ?? '').toLowerCase()) ?? 'Unknown';
  const policyName = item.policyName ?? (item.policyId ? item.policyId.split('/').pop() : undefined);
  return {
    vmKey: vmId.toLowerCase(),
    vmId,
    vault,
    containerName: names.container,
    itemName: names.item,
    policyName,
    view: {
      state,
      vault: vault.name,
      vaultId: vault.id,
      policy: policyName,
      // A never backed-up item says lastBackupTime 2001-01-01T00:00:00Z, lastBackupStatus "" and has no lastRecoveryPoint (FINDINGS (a)).
      lastBackupTime: lastBackupTimeOf(item.lastBackupTime)?.toISOString(),
      lastRecoveryPoint: lastBackupTimeOf(item.lastRecoveryPoint)?.toISOString(),
      lastBackupStatus: item.lastBackupStatus || undefined,
      health: item.healthStatus,
      healthIssue: item.healthStatus && item.healthStatus.toLowerCase() !== 'passed' ? healthIssueOf(item.healthDetails?.[0]) : undefined,
    },
  };
}

/**
 * healthDetails entries are {code: <number>, title: <code name>, message, recommendations}
 * (FINDINGS (a), Redo:2). The catalogue is matched on the title, then the number; codes it does not
 * know keep Azure's own message and recommendations.
 */
function healthIssueOf(detail: { code?: number; title?: string; message?: string; recommendations?: string[] } | undefined): HealthIssueView | undefined {
  if (!detail) return undefined;
  const title = detail.title?.trim() ?? '';
  const byTitle = title ? lookupError(title) : undefined;
  const entry = byTitle?.known ? byTitle : lookupError(detail.code);
  const chosen = entry.known ? entry : azureErrorEntry({ code: title || String(detail.code ?? ''), message: detail.message, recommendations: detail.recommendations });
  return { code: chosen.code, message: detail.message?.trim() || chosen.meaning, action: chosen.action };
}

/** Container and item names from the item's ARM id, falling back on the documented formats. */
function namesOf(resource: ProtectedItemResource): { container: string; item: string } {
  const parsed = parseArmId(resource.id ?? '');
  const container = parsed?.children.find(([type]) => type.toLowerCase() === 'protectioncontainers')?.[1];
  const item = parsed?.children.find(([type]) => type.toLowerCase() === 'protecteditems')?.[1] ?? resource.name;
  if (container && item) return { container, item };
  const fromName = parseBackupItemName(item ?? '');
  if (fromName) return { container: containerName(fromName.resourceGroup, fromName.vmName), item: protectedItemName(fromName.resourceGroup, fromName.vmName) };
  return { container: container ?? '', item: item ?? '' };
}

export const NOT_PROTECTED: ProtectionView = { state: 'NotProtected' };
