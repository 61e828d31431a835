import { z } from 'zod';
import { errorCard } from '../../bot/cards';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { requestProtection } from '../protect';
import { postReply } from './postReply';

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
      return { card: errorCard(sentence), notice: sentence };
    }
    const reply = await requestProtection(
      { services: ctx.services, user: ctx.user, conversation: ctx.conversation, fromId: ctx.turn.activity.from?.id },
      { vm: parsed.data.vm },
    );
    if (!('card' in reply)) return { card: errorCard(reply.text), notice: reply.text };
    return { card: await postReply(ctx, reply), notice: reply.onPosted ? 'The protection request is posted in the conversation: an approver decides there.' : 'No request was made: the reason is in the conversation.' };
  },
};
