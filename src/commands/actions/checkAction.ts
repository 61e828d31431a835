import { cardMessage } from '../../bot/messages';
import { z } from 'zod';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { InvalidInputError } from '../../backup/backupError';
import { checkCommand } from '../check';

export const CHECK_VERB = 'checkVm';

// Only the VM (resourceGroup/name) is read from the card; it is resolved like typed input.
const dataSchema = z.object({ vm: z.string().trim().min(1).max(500) });

/** "Check" on a row of `vms`: posts the VM's preflight card (with its Protect / Back up now button); the list stays. */
export const checkAction: CardActionDefinition = {
  verb: CHECK_VERB,
  minRole: 'viewer',
  async run(ctx) {
    const parsed = dataSchema.safeParse(ctx.data);
    if (!parsed.success) throw new InvalidInputError('This Check button does not say which VM. Type **check VM** instead.');
    const reply = await checkCommand.run({ args: { positional: [parsed.data.vm], flags: {} }, commands: ctx.commands, user: ctx.user, services: ctx.services, conversation: ctx.conversation, turn: ctx.turn });
    if (!('card' in reply)) throw new Error('check always answers with a card');
    await ctx.turn.sendActivity(cardMessage(reply.card));
    return { card: reply.card, notice: `The preflight checks of ${parsed.data.vm} are in the conversation.` };
  },
};
