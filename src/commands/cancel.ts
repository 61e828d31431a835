import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { jobStatusLabel } from '../backup/jobPhases';
import { vaultJobsUrl } from '../backup/portalLinks';
import { lifecycleCard } from './lifecycleCard';
import { formatInstant, jobStatusColor, phaseStatusLabel } from './presentation';

export const cancelCommand: CommandDefinition = {
  name: 'cancel',
  summary: 'Cancel a running backup or restore job.',
  usage: 'cancel <jobId> [--vault V]',
  examples: ['cancel <job id from jobs --status running>'],
  details:
    'Only backup and restore jobs that are still running can be cancelled. The job reads Cancelling at once and Cancelled when Azure has stopped it; a cancelled backup leaves no recovery point. Job ids are on the jobs list and on alerts.',
  flags: { vault: 'string' },
  minRole: 'operator',
  async run({ args, services, audited }) {
    if (args.positional.length !== 1) {
      return { card: errorCard(args.positional.length === 0 ? 'Which job? Usage: cancel <jobId>. Type **jobs --status running** to see running jobs.' : 'cancel takes one job id. Usage: cancel <jobId> [--vault V]') };
    }
    const lifecycle = services.lifecycle;
    const vault = typeof args.flags.vault === 'string' ? args.flags.vault : undefined;
    const { after: job } = await lifecycle.cancelJob(args.positional[0], vault, audited);
    const timeZone = services.config.defaultTimeZone;
    return {
      card: lifecycleCard({
        title: `Cancel requested: ${job.operation.toLowerCase()} of ${job.vm || 'a VM'}`,
        statusLabel: jobStatusLabel(job.status),
        statusColor: jobStatusColor(job.status),
        summary:
          job.status === 'Cancelled'
            ? 'Azure has stopped the job. No recovery point was made by it.'
            : 'Azure is stopping the job; it reads Cancelled once done. A cancelled backup leaves no recovery point, and the next scheduled backup runs as usual.',
        facts: [
          { title: 'Job id', value: job.id },
          { title: 'Vault', value: job.vault },
          { title: 'Started', value: formatInstant(job.start, timeZone) },
          // Azure marks every task Cancelling while the job is (recording CJ:9).
          ...job.phases.map((phase) => ({ title: phase.name, value: phase.status === 'Unknown' && job.status === 'Cancelling' ? 'Cancelling' : phaseStatusLabel(phase.status) })),
        ],
        footer: `Type **job ${job.id}** to see it end.`,
        links: job.vaultId ? [{ title: 'Backup jobs in the Azure portal', url: vaultJobsUrl(job.vaultId) }] : [],
      }),
    };
  },
};
