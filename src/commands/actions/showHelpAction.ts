import type { CardActionDefinition } from '../../bot/commandTypes';
import { helpCommand } from '../help';
import { postCommandReply } from './postReply';

/** "Show all commands" on the welcome card: posts the help card (for the clicker's role); the welcome card stays. */
export const showHelpAction: CardActionDefinition = {
  verb: 'showHelp',
  minRole: 'viewer',
  async run(ctx) {
    return postCommandReply(ctx, helpCommand, { positional: [], flags: {} }, 'The commands you can run are in the conversation.');
  },
};
