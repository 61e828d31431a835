import type { OperationState } from '../model/types';
import { iso, NOT_ENDED } from '../model/time';

/**
 * OperationStatus: the body of vault-level backupOperations/{id} and item-level operationsStatus/{id}
 * (FINDINGS.md (e)). InProgress: exactly {id, name, status, startTime, endTime "0001-01-01T00:00:00"}.
 * Succeeded: endTime equal to startTime, and properties.jobId (never before). Failed (not recorded;
 * ARM's OperationStatus model): the same plus error {code, message}, no jobId.
 */
export function operationStatusJson(operation: OperationState, done: boolean): Record<string, unknown> {
  if (!done) return { id: operation.id, name: operation.id, status: 'InProgress', startTime: iso(operation.startMs), endTime: NOT_ENDED };
  const body: Record<string, unknown> = {
    id: operation.id,
    name: operation.id,
    status: operation.error ? 'Failed' : 'Succeeded',
    startTime: iso(operation.startMs),
    endTime: iso(operation.startMs),
  };
  if (operation.error) body.error = { ...operation.error };
  else if (operation.jobId) body.properties = { objectType: 'OperationStatusJobExtendedInfo', jobId: operation.jobId };
  return body;
}
