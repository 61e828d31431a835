import type { BackupItem } from '../backup/lifecycle/protectedItem';
import type { CommandContext, HandlerContext } from '../bot/commandTypes';
import type { ApprovalAction, ApprovalRequest } from '../approvals/types';
import { resourceRefOf, type ResourceRef } from '../approvals/resourceRef';

const PERSONAL_CHAT_NOTE =
  'This request was made in a personal chat, where approvers cannot see it. Ask in a team channel or group chat with an approver, or share the request id with them.';

/**
 * Stores a four-eyes request for `action` and posts its approval card (the request is stored
 * before the card is posted; the card is tied to the posted message once Teams returns its id).
 * Returns undefined: the card is the command's answer.
 */
export async function requestApproval(ctx: HandlerContext, action: ApprovalAction, notes: string[] = []): Promise<undefined> {
  await postApprovalCard(ctx, await fileApproval(ctx, action, notes));
  return undefined;
}

/** Stores a four-eyes request asked for by `ctx.user`, with no card yet (`checks`: a preflight's results, for the approver). */
export async function fileApproval(ctx: HandlerContext, action: ApprovalAction, notes: string[] = [], checks: ApprovalRequest['checks'] = []): Promise<ApprovalRequest> {
  const personal = ctx.conversation.conversation?.conversationType === 'personal';
  const { teamsId } = ctx.user;
  return ctx.services.approvals.create({
    action,
    requester: { aadObjectId: ctx.user.aadObjectId, name: ctx.user.name, ...(teamsId ? { userId: teamsId } : {}) },
    checks,
    notes: personal ? [...notes, PERSONAL_CHAT_NOTE] : notes,
    approverUserIds: ctx.services.roles.approverUserIds(),
  });
}

/** Posts a request's approval card in the conversation and ties the request to that message. */
export async function postApprovalCard(ctx: HandlerContext, request: ApprovalRequest): Promise<void> {
  const approvals = ctx.services.approvals;
  const activityId = await ctx.reply(approvals.cardFor(request));
  if (activityId) await approvals.attachCard(request.id, { activityId, conversation: ctx.conversation });
}

export function vmRefOf(item: BackupItem): ResourceRef {
  return resourceRefOf({ ...item.vm, region: item.vmRegion });
}

export function vaultRefOf(item: BackupItem): ResourceRef {
  return resourceRefOf(item.vault);
}

/** One VM named, 1-300 characters: the usage sentence otherwise. */
export function oneVmProblem(ctx: CommandContext, usage: string): string | undefined {
  const { positional } = ctx.args;
  if (positional.length === 0) return `Which VM? Usage: ${usage}`;
  if (positional.length > 1) return `Name one VM only (got "${positional.join(' ').slice(0, 100)}"); use quotes if the name has spaces. Usage: ${usage}`;
  if (positional[0].length > 300) return `A VM is named in 1 to 300 characters. Usage: ${usage}`;
  return undefined;
}

export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.args.flags[name];
  return typeof value === 'string' ? value.trim() : undefined;
}
