import { ArmError, ok, type ArmResponse } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import type { JobState, VaultState } from '../model/types';
import { operationStatusJson } from '../render/operation';
import { CANCELLABLE_OPERATIONS, cancelJob } from '../sim/cancellation';
import { jobStatusAt } from '../sim/jobView';
import { pollOperation, startOperation } from '../sim/operations';
import { absoluteUrl, asyncHeaders, requireVault, type RouteContext } from './context';

// POST backupJobs/{jobName}/cancel (recordings job:151 and CJ:10, FINDINGS.md "Long-running-operation
// URLs"): 202, no body, Azure-AsyncOperation .../backupJobs/{job}/operationsStatus/{op} and Location
// .../backupJobs/{job}/operationResults/{op}. Polling operationResults answers 204 once done (CJ:11/12,
// where PowerShell used the literal job name "Azure": any job name is accepted there).

const JOBS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}/backupJobs';

export function addJobCancelRoutes(router: Router<RouteContext>): void {
  router.add('POST', `${JOBS}/{jobName}/cancel`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    const job = requireJob(vault, params);
    const now = context.world.nowMs();
    const status = jobStatusAt(job, now);
    if (!CANCELLABLE_OPERATIONS.includes(job.operation)) {
      throw new ArmError(400, 'BMSUserErrorJobNotCancellable', `Job '${job.id}' is a ${job.operation} job; only Backup and Restore jobs can be cancelled.`);
    }
    if (status !== 'InProgress' && status !== 'Cancelling') {
      throw new ArmError(400, 'BMSUserErrorJobNotCancellable', `Job '${job.id}' is ${status}; only a job in progress can be cancelled.`);
    }
    if (status === 'InProgress') cancelJob(job, now);
    const operation = startOperation(context.world, vault, 'CancelJob', { pendingPolls: context.settings.pendingPolls }, { jobId: job.id });
    const base = `${vault.id}/backupJobs/${job.id}`;
    return {
      status: 202,
      headers: asyncHeaders(context, absoluteUrl(request, `${base}/operationResults/${operation.id}`), absoluteUrl(request, `${base}/operationsStatus/${operation.id}`, { 'api-version': '2019-05-13-preview' })),
    };
  });

  router.add('GET', `${JOBS}/{jobName}/operationResults/{operationId}`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    const operation = requireOperation(vault, params);
    if (!pollOperation(context.world, operation)) return { status: 202, headers: asyncHeaders(context, absoluteUrl(request, request.path)) };
    return { status: 204 };
  });

  router.add('GET', `${JOBS}/{jobName}/operationsStatus/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    const operation = requireOperation(vault, params);
    return ok(operationStatusJson(operation, pollOperation(context.world, operation)));
  });
}

function requireJob(vault: VaultState, params: RouteParams): JobState {
  const job = vault.jobsById.get(params.jobName.toLowerCase());
  if (!job) throw new ArmError(404, 'BMSUserErrorJobNotFound', `Job '${params.jobName}' was not found in vault '${vault.name}'.`);
  return job;
}

function requireOperation(vault: VaultState, params: RouteParams) {
  const operation = vault.operations.get(params.operationId.toLowerCase());
  if (!operation || operation.kind !== 'CancelJob') throw new ArmError(404, 'BMSUserErrorOperationNotFound', `Operation '${params.operationId}' was not found in vault '${vault.name}'.`);
  return operation;
}
