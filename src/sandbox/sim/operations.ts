import type { World } from '../model/world';
import type { OperationKind, OperationState, VaultState } from '../model/types';

// Asynchronous ARM operations (the 202 flows). An operation answers "in progress" until its
// simulated duration has passed (the recorded durations: FINDINGS.md (e)), or, when the clock stands
// still (tests), until `pendingPolls` status reads have answered "in progress". It then reads
// Succeeded (or Failed, with `error`), and runs its completion (item created, VMs discovered...).

/** Default simulated duration of an operation whose recordings show no other (backup trigger: 1-2 s). */
export const OPERATION_SIM_DURATION_MS = 2_000;

export interface OperationDefaults {
  pendingPolls: number;
}

type OperationFields = Partial<Pick<OperationState, 'containerName' | 'itemName' | 'policyName' | 'jobId' | 'onComplete' | 'id' | 'error'>> & {
  /** Simulated time until done (default OPERATION_SIM_DURATION_MS). */
  durationMs?: number;
};

export function startOperation(world: World, vault: VaultState, kind: OperationKind, defaults: OperationDefaults, fields: OperationFields = {}): OperationState {
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
    pendingPolls: world.nextOperationPolls ?? defaults.pendingPolls,
    doneAtMs: world.nextOperationPolls !== undefined ? Infinity : now + (fields.durationMs ?? OPERATION_SIM_DURATION_MS),
    error: fields.error,
    onComplete: fields.onComplete,
  };
  world.nextOperationPolls = undefined;
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
