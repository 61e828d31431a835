import type { OperationState } from '../model/types';
import { iso, MIN_DATE } from './time';

/** OperationStatus: the body of vault-level backupOperations/{id} and item-level operationsStatus/{id}. */
export function operationStatusJson(operation: OperationState, done: boolean): Record<string, unknown> {
  return {
    id: operation.id,
    name: operation.id,
    status: done ? 'Succeeded' : 'InProgress',
    startTime: iso(operation.startMs),
    endTime: done && operation.completedMs !== undefined ? iso(operation.completedMs) : MIN_DATE,
    properties: operation.jobId ? { objectType: 'OperationStatusJobExtendedInfo', jobId: operation.jobId } : undefined,
  };
}
