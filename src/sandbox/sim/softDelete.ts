import { ArmError } from '../http/arm';
import type { World } from '../model/world';
import type { ProtectedItemState, VaultState } from '../model/types';
import { DAY_MS } from '../model/clock';
import { createSimpleJob } from './jobs';
import { startOperation } from './operations';
import { iso } from '../model/time';

// Soft delete of backup data (recording test_backup_softdelete, FINDINGS.md "Soft delete"):
// with the vault's soft delete on, deleting an item's backup data keeps the item as
// ProtectionStopped + isScheduledForDeferredDelete for softDeleteRetentionPeriodInDays (14 by
// default), counting down deferredDeleteTimeRemaining; a PUT with isRehydrate undeletes it (an
// Undelete job) back to plain ProtectionStopped. With soft delete off, the delete is final.

export interface SoftDeleteSettings {
  enabled: boolean;
  days: number;
}

/** The vault's soft-delete settings (securitySettings.softDeleteSettings of the estate, default on, 14 days). */
export function softDeleteOf(vault: VaultState): SoftDeleteSettings {
  const security = vault.extraProperties.securitySettings as { softDeleteSettings?: { softDeleteState?: string; softDeleteRetentionPeriodInDays?: number } } | undefined;
  const settings = security?.softDeleteSettings;
  return {
    enabled: (settings?.softDeleteState ?? 'Enabled') !== 'Disabled',
    days: settings?.softDeleteRetentionPeriodInDays ?? 14,
  };
}

/** Runs when the delete operation completes: soft-deletes the item, or removes it for good. */
export function deleteBackupData(world: World, vault: VaultState, item: ProtectedItemState, deletedAtMs: number): void {
  const settings = softDeleteOf(vault);
  if (!settings.enabled) {
    purge(world, vault, item);
    return;
  }
  item.protectionState = 'ProtectionStopped';
  item.policyName = '';
  item.deferredDeleteMs = deletedAtMs;
  // A hidden operation whose completion, days later, purges the item (operations settle on the
  // clock). It must not take the poll count a test set for the next client-visible operation.
  const reserved = world.nextOperationPolls;
  world.nextOperationPolls = undefined;
  const operation = startOperation(world, vault, 'SoftDeletePurge', { pendingPolls: Number.MAX_SAFE_INTEGER }, {
    durationMs: settings.days * DAY_MS,
    onComplete: () => {
      if (item.deferredDeleteMs === deletedAtMs) purge(world, vault, item);
    },
  });
  world.nextOperationPolls = reserved;
  // Counted from the delete, not from now (the operation completes a little after it started).
  operation.doneAtMs = deletedAtMs + settings.days * DAY_MS;
}

/** PUT with isRehydrate: the soft-deleted item is back, protection stopped, data retained. */
export function undelete(world: World, vault: VaultState, item: ProtectedItemState): string {
  if (item.deferredDeleteMs === undefined) {
    throw new ArmError(400, 'BMSUserErrorItemNotSoftDeleted', `The backup data of '${item.vm.name}' is not soft-deleted; there is nothing to undelete.`);
  }
  item.deferredDeleteMs = undefined;
  // Undelete took 11 s in the recording (softdel:54).
  return createSimpleJob(world, vault, item.vm, 'Undelete', world.nowMs(), { durationMs: world.random.int(10, 15) * 1000 }).id;
}

/** Azure refuses to resume or re-delete an item until it is undeleted. */
export function refuseIfSoftDeleted(item: ProtectedItemState | undefined): void {
  if (item?.deferredDeleteMs !== undefined) {
    throw new ArmError(400, 'UserErrorSoftDeletedItemOperationNotAllowed', `The backup data of '${item.vm.name}' is soft-deleted; undelete it (isRehydrate) before changing its protection.`);
  }
}

/** The soft-delete keys of a protected item (softdel:48): none unless it is soft-deleted. */
export function softDeleteFields(vault: VaultState, item: ProtectedItemState, nowMs: number): Record<string, unknown> {
  const days = softDeleteOf(vault).days;
  if (item.deferredDeleteMs === undefined) return {};
  const remainingMs = Math.max(0, item.deferredDeleteMs + days * DAY_MS - nowMs);
  return {
    isScheduledForDeferredDelete: true,
    // Azure reports the delete time itself here, not delete time + retention (softdel:48).
    deferredDeleteTimeInUTC: iso(item.deferredDeleteMs),
    deferredDeleteTimeRemaining: timeSpan(remainingMs),
    softDeleteRetentionPeriodInDays: days,
  };
}

function purge(world: World, vault: VaultState, item: ProtectedItemState): void {
  vault.items.delete(item.vm.key);
  if (world.protectedBy.get(item.vm.key) === vault.key) world.protectedBy.delete(item.vm.key);
}

/** .NET TimeSpan text: "13.23:59:43.8068908" (days.hh:mm:ss.fffffff). */
function timeSpan(ms: number): string {
  const totalSeconds = ms / 1000;
  const days = Math.floor(totalSeconds / 86_400);
  const rest = totalSeconds - days * 86_400;
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor((rest % 3600) / 60);
  const ss = rest % 60;
  const clock = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${ss.toFixed(7).padStart(10, '0')}`;
  return days > 0 ? `${days}.${clock}` : clock;
}
