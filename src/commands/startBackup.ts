import type { CardAttachment } from '../bot/chatTypes';
import { formatDateTime } from '../bot/dateTime';
import type { HandlerContext, PostedMessage } from '../bot/commandTypes';
import { hasRole } from '../bot/roles';
import { parseRetention } from '../backup/retention';
import type { JobView, VmRef } from '../backup/views';
import type { Services } from '../services';
import { jobCard } from './jobCard';
import type { FollowedCardContext } from './jobFollower';

/**
 * "Back up now", shared by the `backup` command and the Back up now / Retry backup buttons:
 * retention checked first (nothing reaches Azure on bad input), the VM resolved, the backup
 * triggered, and the job card returned with what the follower needs to keep it up to date.
 *
 * The bot does not count on-demand backups itself: no Azure job says whether it was on demand or
 * scheduled (FINDINGS (b)), so counting refused wrongly. Azure enforces its own limit, and a
 * backup asked for while another runs comes back as the Failed job Azure makes of it
 * (UserErrorBackupOperationInProgress), shown on the card like any failed backup.
 */

export interface BackupRequest {
  /** VM as typed: name, resourceGroup/name or ARM id (or a VmRef already resolved). */
  vm: string | VmRef;
  keep?: string;
  until?: string;
  /** Card title; default "Backup of VM". */
  title?: string;
}

export type BackupOutcome =
  | { started: true; job: JobView; card: CardAttachment; cardContext: FollowedCardContext }
  | { started: false; card: CardAttachment };

export async function startBackup(ctx: HandlerContext, request: BackupRequest): Promise<BackupOutcome> {
  const { services, user } = ctx;
  const timeZone = services.config.defaultTimeZone;
  const retention = parseRetention({ keep: request.keep, until: request.until }, services.clock(), timeZone);
  const backup = services.backup;
  const vm = typeof request.vm === 'string' ? await backup.resolveVm(request.vm) : request.vm;
  const job = await ctx.audited({
    what: `back up ${vm.name} (${vm.resourceGroup}) now, recovery point kept ${retention.description}`,
    write: () => backup.triggerBackup(vm, retention.expiry),
    outcome: (started) => `job ${started.id}, ${started.status}`,
  });
  const cardContext: FollowedCardContext = {
    timeZone,
    title: request.title ?? `Backup of ${vm.name}`,
    requestedBy: user.name || undefined,
    retention: `${formatDateTime(retention.expiry, timeZone)} (${retention.days} day${retention.days === 1 ? '' : 's'})`,
    onDemand: true,
    notes: [],
    canRetry: hasRole(user.role, 'operator'),
    ...(vm.osType ? { osType: vm.osType } : {}),
  };
  const following = !job.terminal;
  return { started: true, job, cardContext, card: jobCard(job, { ...cardContext, following }) };
}

/** Hands a posted job card to the follower. */
export async function followPostedCard(services: Services, outcome: BackupOutcome, posted: PostedMessage): Promise<void> {
  if (!outcome.started) return;
  const conversationId = posted.conversation.conversation?.id;
  if (!conversationId) {
    services.logger.warn({ jobId: outcome.job.id }, 'posted job card has no conversation id; it will not be followed');
    return;
  }
  await services.jobFollower.follow(outcome.job, { activityId: posted.activityId, conversationId }, outcome.cardContext);
}
