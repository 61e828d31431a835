import { InvalidInputError } from '../backupError';
import type { JobView } from '../jobPhases';
import type { AzureAccess } from './azureAccess';
import { quoted } from '../../userText';

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;
/** Azure only cancels these (the jobs that carry actionsInfo "Cancellable" in the recordings). */
const CANCELLABLE = new Set(['backup', 'restore']);

export interface CancelResult {
  before: JobView;
  after: JobView;
}

/**
 * Wraps the one Azure write so the caller can record it (the bot's audit trail: a handler passes
 * its `ctx.audited`); called only once every check has passed, so a refused cancel records nothing.
 */
export type WriteRecorder = <T>(write: { what: string; write: () => Promise<T>; outcome: (result: T) => string }) => Promise<T>;

const unrecorded: WriteRecorder = ({ write }) => write();

/**
 * Cancels a running backup or restore job: POST backupJobs/{id}/cancel answers 202; the job then
 * reads Cancelling, and Cancelled once Azure has stopped it (FINDINGS.md, "Jobs" and (c)).
 * Anything else (finished job, configure-protection job) is refused before Azure is called.
 */
export async function cancelJob(azure: AzureAccess, jobId: string, vaultQuery?: string, record: WriteRecorder = unrecorded): Promise<CancelResult> {
  const id = jobId.trim();
  if (!JOB_ID.test(id)) throw new InvalidInputError(`${quoted(jobId)} is not a job id: job ids look like 3f2c9a1e-1b2c-4d5e-8f90-123456789abc.`);
  const before = await azure.backup.getJob(id, vaultQuery);
  if (!CANCELLABLE.has(before.operation.toLowerCase())) {
    throw new InvalidInputError(`Job ${before.id} is a ${before.operation} job: Azure only cancels backup and restore jobs. Nothing was changed.`);
  }
  if (before.status === 'Cancelling') throw new InvalidInputError(`Job ${before.id} is already being cancelled. Nothing else was done.`);
  if (before.terminal) throw new InvalidInputError(`Job ${before.id} has already ended (${before.status}), so there is nothing to cancel. Nothing was changed.`);
  if (!before.vaultId) throw new InvalidInputError(`Job ${before.id} does not say which vault it belongs to; give it with --vault.`);
  const vault = await azure.backup.resolveVault(before.vaultId);
  const what = `cancel job ${before.id} in vault ${vault.name}`;
  await record({
    what: `${what} (${before.operation.toLowerCase()} of ${before.vm || 'a VM'})`,
    write: () => azure.write(what, (onResponse) => azure.sdk(vault.subscriptionId).backup.jobCancellations.trigger(vault.name, vault.resourceGroup, before.id, { onResponse })),
    outcome: (response) => `HTTP ${response.status}`,
  });
  azure.logger.info({ jobId: before.id, vault: vault.name }, 'job cancel requested');
  const after = await azure.backup.getJob(before.id, vault.id);
  return { before, after };
}
