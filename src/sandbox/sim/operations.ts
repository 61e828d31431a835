import type { World } from '../model/world';
import type { OperationKind, OperationState, VaultState } from '../model/types';

// Asynchronous ARM operations (the 202 flows). An operation answers "in progress" to its first
// `pendingPolls` status reads, so callers really exercise their polling loop, and completes anyway
// once 30 simulated seconds have passed. Its jobId is known from the start.

export const OPERATION_SIM_DURATION_MS = 30_000;

export interface OperationDefaults {
  pendingPolls: number;
}

export function startOperation(
  world: World,
  vault: VaultState,
  kind: OperationKind,
  defaults: OperationDefaults,
  fields: Partial<Pick<OperationState, 'containerName' | 'itemName' | 'policyName' | 'jobId' | 'onComplete' | 'id'>> = {},
): OperationState {
  const now = world.nowMs();
  const operation: OperationState = {
    id: fields.id ?? world.random.guid(),
    kind,
    vaultKey: vault.key,
    containerName: fields.containerName,
    itemName: fields.itemName,
    policyName: fields.policyName,
    jobId: fields.jobId,
    startMs: now,
    pendingPolls: defaults.pendingPolls,
    doneAtMs: now + OPERATION_SIM_DURATION_MS,
    onComplete: fields.onComplete,
  };
  vault.operations.set(operation.id.toLowerCase(), operation);
  if (operation.pendingPolls <= 0) complete(operation, now);
  return operation;
}

/** One status read: consumes a pending poll, then reports whether the operation is done. */
export function pollOperation(world: World, operation: OperationState): boolean {
  if (operation.completedMs === undefined) {
    if (operation.pendingPolls > 0) {
      operation.pendingPolls--;
      return false;
    }
    complete(operation, world.nowMs());
  }
  return true;
}

/** Completes every operation whose simulated duration has passed. */
export function settleOperations(world: World): void {
  const now = world.nowMs();
  for (const vault of world.vaults.values()) {
    for (const operation of vault.operations.values()) {
      if (operation.completedMs === undefined && now >= operation.doneAtMs) complete(operation, operation.doneAtMs);
    }
  }
}

function complete(operation: OperationState, atMs: number): void {
  operation.completedMs = atMs;
  operation.onComplete?.();
}
