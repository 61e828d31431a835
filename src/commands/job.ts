import { hasOsSpecificSteps } from '../backup/errorAdvice';
import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { hasRole } from '../bot/roles';
import { jobCard } from './jobCard';

export const jobCommand: CommandDefinition = {
  name: 'job',
  summary: 'One job in detail: both phases with status and duration, errors and what to do about them.',
  usage: 'job <jobId> [--vault V]',
  examples: ['job <job id from the jobs list>'],
  details:
    'A VM backup job has two phases: Take Snapshot, then Transfer data to vault. Completed with warnings means the snapshot exists but the transfer failed (no vault copy). Operators get a Retry backup button on failed and warning backups. Job ids are on the jobs list and on alerts; --vault makes the lookup faster.',
  flags: { vault: 'string' },
  minRole: 'viewer',
  async run({ args, services, user }) {
    if (args.positional.length !== 1) {
      return { card: errorCard(args.positional.length === 0 ? 'Which job? Usage: job <jobId> [--vault V]. Type **jobs** to see recent job ids.' : 'job takes one job id. Usage: job <jobId> [--vault V]') };
    }
    const vault = typeof args.flags.vault === 'string' ? args.flags.vault : undefined;
    const job = await services.backup.getJob(args.positional[0], vault);
    // The VM's OS only when it changes the card: the same source as the job's alert (issue 13.8).
    const osType = hasOsSpecificSteps(job.errors) ? await services.backup.vmOsType(job) : undefined;
    return { card: jobCard(job, { timeZone: services.config.defaultTimeZone, canRetry: hasRole(user.role, 'operator'), ...(osType ? { osType } : {}) }) };
  },
};
