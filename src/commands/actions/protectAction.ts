import { z } from 'zod';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { requestProtection } from '../protect';

/** Verb of the "Protect" buttons (a passing check, an unprotected row of vms). */
export const PROTECT_VERB = 'requestProtection';

// Only the VM is read from the card; it is resolved and preflighted again like typed input.
const dataSchema = z.object({ vm: z.string().trim().min(1).max(500) });

/**
 * "Protect" files the same approval request as `protect <vm>`: its card is posted as a new
 * message (approvers and the requester act on it there); the clicked card stays as it is.
 */
export const protectAction: CardActionDefinition = {
  verb: PROTECT_VERB,
  minRole: 'operator',
  async run(ctx) {
    const parsed = dataSchema.safeParse(ctx.data);
    if (!parsed.success) {
      const sentence = 'This button does not say which VM to protect. Type **protect VM** instead.';
      return { notice: sentence };
    }
    const refusal = await requestProtection(ctx, { vm: parsed.data.vm });
    if (refusal === undefined) return { notice: 'The protection request is posted in the conversation: an approver decides there.' };
    if (!('card' in refusal)) return { notice: refusal.text };
    await ctx.reply(refusal.card);
    return { notice: 'No request was made: the reason is in the conversation.' };
  },
};
