import type { BackupItem } from '../backup/lifecycle/protectedItem';
import type { CommandContext, Reply } from '../bot/commandTypes';
import type { ApprovalAction } from '../approvals/types';
import type { ResourceRef } from '../approvals/resourceRef';

const PERSONAL_CHAT_NOTE =
  'This request was made in a personal chat, where approvers cannot see it. Ask in a team channel or group chat with an approver, or share the request id with them.';

/**
 * Stores a four-eyes request for `action` and replies with its approval card (the request is stored
 * before the card is posted; the card is tied to the posted message once Teams returns its id).
 */
export async function requestApproval(ctx: Pick<CommandContext, 'services' | 'conversation' | 'turn' | 'user'>, action: ApprovalAction, notes: string[] = []): Promise<Reply> {
  const approvals = ctx.services.approvals;
  const personal = ctx.conversation.conversation?.conversationType === 'personal';
  const from = ctx.turn.activity.from?.id;
  const request = await approvals.create({
    action,
    requester: { aadObjectId: ctx.user.aadObjectId, name: ctx.user.name, ...(from ? { userId: from } : {}) },
    checks: [],
    notes: personal ? [...notes, PERSONAL_CHAT_NOTE] : notes,
    approverUserIds: ctx.services.roles.approverUserIds(),
  });
  return { card: approvals.cardFor(request), onPosted: (posted) => approvals.attachCard(request.id, posted) };
}

export function vmRefOf(item: BackupItem): ResourceRef {
  return { id: item.vm.id, name: item.vm.name, resourceGroup: item.vm.resourceGroup, subscriptionId: item.vm.subscriptionId, location: item.vmRegion };
}

export function vaultRefOf(item: BackupItem): ResourceRef {
  const { vault } = item;
  return { id: vault.id, name: vault.name, resourceGroup: vault.resourceGroup, subscriptionId: vault.subscriptionId, location: vault.region };
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
