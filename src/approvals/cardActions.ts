import { z } from 'zod';
import { errorCard } from '../bot/cards';
import type { CardActionContext, CardActionDefinition, CardActionResult } from '../bot/commandTypes';
import type { ApprovalService, ClickResult, Clicker } from './approvalService';
import { OTHER_CARD_REFUSAL, clickedAnotherCard } from './cardBinding';

/** Card data is untrusted: the only thing read from it is the request id (and the typed inputs). */
const requestIdSchema = z.object({ requestId: z.uuid() });

export const APPROVAL_VERBS = {
  approve: 'approvalApprove',
  reject: 'approvalReject',
  refresh: 'approvalRefresh',
  chooseVault: 'approvalChooseVault',
} as const;

// Every approval button is open to any role here: the approval service checks the role itself,
// so a refused click is explained on the card and recorded in the audit trail.
export const approveAction: CardActionDefinition = {
  verb: APPROVAL_VERBS.approve,
  minRole: 'viewer',
  run: (ctx) => withRequest(ctx, (service, requestId, clicker) => service.approve(requestId, clicker)),
};

export const rejectAction: CardActionDefinition = {
  verb: APPROVAL_VERBS.reject,
  minRole: 'viewer',
  run: (ctx) => withRequest(ctx, (service, requestId, clicker) => service.reject(requestId, clicker, ctx.data.reason)),
};

/** Teams calls this automatically for the users in the card's refresh list; also the card's Refresh button. */
export const refreshAction: CardActionDefinition = {
  verb: APPROVAL_VERBS.refresh,
  minRole: 'viewer',
  async run(ctx) {
    const service = ctx.services.approvals;
    const parsed = requestIdSchema.safeParse(ctx.data);
    if (!parsed.success) return { card: errorCard(BAD_CARD) };
    const request = await service.get(parsed.data.requestId);
    if (request !== undefined && clickedAnotherCard(request, ctx.cardActivityId)) return refuseOtherCard(ctx, service, request.id);
    const card = await service.view(parsed.data.requestId, clickerOf(ctx));
    return { card: card ?? errorCard('This card does not refer to a request I know. Nothing was changed.') };
  },
};

/** Shared shape of approve / reject / choose-vault: validate the id, run, render the outcome. */
export async function withRequest(
  ctx: CardActionContext,
  click: (service: ApprovalService, requestId: string, clicker: Clicker) => Promise<ClickResult>,
): Promise<CardActionResult> {
  const service = ctx.services.approvals;
  const parsed = requestIdSchema.safeParse(ctx.data);
  const clicker = clickerOf(ctx);
  if (!parsed.success) {
    await service.recordForgedClick(clicker, ctx.verb);
    return { card: errorCard(BAD_CARD) };
  }
  // Checked before anything runs: a click on another card changes nothing.
  const before = await service.get(parsed.data.requestId);
  if (before !== undefined && clickedAnotherCard(before, ctx.cardActivityId)) return refuseOtherCard(ctx, service, before.id);
  const result = await click(service, parsed.data.requestId, clicker);
  if (result.kind === 'refused') {
    const card = result.request ? service.cardFor(result.request, clicker, { text: result.reason, tone: 'attention' }) : errorCard(result.reason);
    return { card, replaceForEveryone: false };
  }
  // Everyone's copy of the card is updated through the one ordered path (publish -> outbox), never
  // in this turn: a slow in-turn "being made" could otherwise land after the final "approved".
  // The clicker sees the new card at once in the invoke response.
  await service.publish(result.request);
  return { card: service.cardFor(result.request), replaceForEveryone: false };
}

async function refuseOtherCard(ctx: CardActionContext, service: ApprovalService, requestId: string): Promise<CardActionResult> {
  await service.recordMisplacedClick(clickerOf(ctx), ctx.verb, requestId);
  return { card: errorCard(OTHER_CARD_REFUSAL), replaceForEveryone: false };
}

export function clickerOf(ctx: CardActionContext): Clicker {
  const userId = ctx.user.teamsId;
  return { aadObjectId: ctx.user.aadObjectId, name: ctx.user.name, role: ctx.user.role, ...(userId ? { userId } : {}) };
}

const BAD_CARD = 'This card\'s data is not a valid approval request. Nothing was changed.';
