import { z } from 'zod';
import type { ApprovalService, Clicker } from '../approvals/approvalService';
import { errorCard } from '../bot/cards';
import type { CardActionDefinition, CardActionResult } from '../bot/commandTypes';
import { UserFacingError } from '../bot/describeFailure';
import type { Services } from '../services';
import { KEEP_LOCAL_TIME_VERB } from './dstCard';
import type { ShiftRecord } from './dstShifts';

const dataSchema = z.object({
  vaultId: z.string().min(1).max(600),
  policy: z.string().min(1).max(150),
  transitionAt: z.iso.datetime(),
});

const LIVE_STATES = ['pending', 'approving', 'approved'];

/**
 * "Keep HH:MM local time" on a DST reminder: files a shiftPolicySchedule approval request. The card
 * only names the policy; the policy is read again and the new run times computed here, never taken
 * from the card. The reminder is replaced (for everyone) by the approval card.
 */
export const keepLocalTimeAction: CardActionDefinition = {
  verb: KEEP_LOCAL_TIME_VERB,
  minRole: 'operator',
  async run(ctx): Promise<CardActionResult> {
    const { services } = ctx;
    const notify = services.notify;
    const approvals = services.approvals;
    if (!approvals.executors.has('shiftPolicySchedule')) {
      return { card: errorCard('Policy changes through approvals are not set up in this installation. Nothing was changed.') };
    }
    const parsed = dataSchema.safeParse(ctx.data);
    if (!parsed.success) return { card: errorCard('This button\'s data is not valid. Run **dst** to see the coming changes. Nothing was changed.') };
    const { vaultId, policy: policyName, transitionAt } = parsed.data;

    const vault = await notify.planner.vault(vaultId);
    if (vault === undefined) throw new UserFacingError('The vault of this reminder no longer exists or is not visible to the bot. Nothing was changed.');
    const policy = await notify.planner.freshPolicy(vault, policyName);
    if (policy === undefined) throw new UserFacingError(`Policy ${policyName} no longer exists in vault ${vault.name}. Nothing was changed.`);
    const now = notify.clock();
    const effect = policy.nextDst;
    if (effect === undefined || Date.parse(effect.transition.at) !== Date.parse(transitionAt) || Date.parse(transitionAt) <= now.getTime()) {
      throw new UserFacingError('This reminder is out of date (the change it announced has passed or the policy changed). Run **dst** for the coming changes. Nothing was changed.');
    }
    if (effect.keepLocal.dayShift !== 0 && policy.frequency.toLowerCase() === 'weekly') {
      throw new UserFacingError(`Keeping the local time moves this weekly policy's run across midnight, which also changes its run days; change policy ${policy.name} in the Azure portal instead. Nothing was changed.`);
    }

    const newRunTimes = effect.keepLocal.runTimes;
    if (newRunTimes.join() === policy.runTimes.join()) throw new UserFacingError(`Policy ${policy.name} needs no change for this transition. Nothing was changed.`);
    const keep = effect.runs.map((run) => run.localBefore).join(', ');
    const clicker: Clicker = { aadObjectId: ctx.user.aadObjectId, name: ctx.user.name, role: ctx.user.role, userId: ctx.user.teamsId };
    const live = async (requestId: string) => LIVE_STATES.includes((await approvals.get(requestId))?.state ?? '');

    const existing = await notify.shifts.get(vault.id, policy.name, effect.transition.localDate);
    if (existing !== undefined && (await live(existing.requestId))) return showRequest(approvals, existing.requestId, clicker);

    const request = await approvals.create({
      action: {
        kind: 'shiftPolicySchedule',
        vault,
        policy: policy.name,
        timeZone: policy.timeZone,
        currentRunTimes: policy.runTimes,
        newRunTimes,
        reason: `Keep ${keep} local time after the DST change on ${effect.transition.localDate} (${effect.transition.offsetBefore} to ${effect.transition.offsetAfter}); ${policy.vms.length === 1 ? '1 VM uses' : `${policy.vms.length} VMs use`} this policy.`,
      },
      requester: { aadObjectId: ctx.user.aadObjectId, name: ctx.user.name, ...(clicker.userId ? { userId: clicker.userId } : {}) },
      checks: [],
      notes: [effect.summary],
      approverUserIds: approverUserIds(services),
    });
    const record: ShiftRecord = { requestId: request.id, requestedBy: ctx.user.name || 'An operator', requestedAt: now.toISOString(), newRunTimes };
    const standing = await notify.shifts.claim(vault.id, policy.name, effect.transition.localDate, record, live);
    if (standing.requestId !== request.id) return showRequest(approvals, standing.requestId, clicker);

    if (ctx.cardActivityId !== undefined) await approvals.attachCard(request.id, { activityId: ctx.cardActivityId, conversation: ctx.conversation });
    return { card: approvals.cardFor(request), replaceForEveryone: true };
  },
};

/** A second click (here or on another copy of the reminder) shows the standing request, to the clicker only. */
async function showRequest(approvals: ApprovalService, requestId: string, clicker: Clicker): Promise<CardActionResult> {
  const card = await approvals.view(requestId, clicker, { text: 'A request for this change already exists; here it is. Nothing new was filed.', tone: 'warning' });
  return { card: card ?? errorCard('The request for this change could not be found.') };
}

/** Teams ids of the approvers, for the approval card's refresh list. */
function approverUserIds(services: Services): string[] {
  return services.roles.approverUserIds();
}
