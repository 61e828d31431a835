import { z } from 'zod';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { AmbiguousNameError, InvalidInputError } from '../../backup/backupError';
import type { BackupService } from '../../backup/backupService';
import type { JobView, VmRef } from '../../backup/views';
import { startBackup } from '../startBackup';
import { postBackupOutcome } from './postJobCard';

export const RETRY_BACKUP_VERB = 'retryBackup';

// Only the job id is read from the card; the VM comes from the job as Azure reports it.
const dataSchema = z.object({ jobId: z.string().trim().min(1).max(100) });

export const retryBackupAction: CardActionDefinition = {
  verb: RETRY_BACKUP_VERB,
  minRole: 'operator',
  run(ctx) {
    return postBackupOutcome(ctx, async () => {
      const parsed = dataSchema.safeParse(ctx.data);
      if (!parsed.success) throw new InvalidInputError('This button does not say which job to retry. Type **backup VM** instead.');
      const job = await ctx.services.backup.getJob(parsed.data.jobId);
      if (job.operation.toLowerCase() !== 'backup' || (job.status !== 'Failed' && job.status !== 'CompletedWithWarnings')) {
        throw new InvalidInputError(`Job ${job.id} is a ${job.operation} job that is ${job.status}: only failed backups and backups with warnings are retried from here.`);
      }
      const vm = await vmOfJob(ctx.services.backup, job);
      return startBackup(ctx, { vm, title: `Retry: backup of ${vm.name}` });
    });
  },
};

/**
 * Jobs name their VM by friendly name only. When several VMs share it, the one protected by the
 * job's vault is meant; if that is still ambiguous, the user is asked to type the command.
 */
export async function vmOfJob(backup: BackupService, job: JobView): Promise<VmRef> {
  try {
    return await backup.resolveVm(job.vm);
  } catch (err) {
    if (!(err instanceof AmbiguousNameError) || !job.vaultId) throw err;
    const inVault = (await backup.listVms({ vault: job.vaultId })).filter((vm) => vm.name.toLowerCase() === job.vm.toLowerCase());
    if (inVault.length === 1) return inVault[0];
    throw err;
  }
}
