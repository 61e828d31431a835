import { cardMessage } from '../../bot/messages';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { helpCommand } from '../help';

/** "Show all commands" on the welcome card: posts the help card (for the clicker's role); the welcome card stays. */
export const showHelpAction: CardActionDefinition = {
  verb: 'showHelp',
  minRole: 'viewer',
  async run(ctx) {
    const reply = await helpCommand.run({ args: { positional: [], flags: {} }, commands: ctx.commands, user: ctx.user, services: ctx.services, conversation: ctx.conversation, turn: ctx.turn });
    if (!('card' in reply)) throw new Error('help always answers with a card');
    await ctx.turn.sendActivity(cardMessage(reply.card));
    return { card: reply.card, notice: 'The commands you can run are in the conversation.' };
  },
};
