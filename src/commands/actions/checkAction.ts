import { z } from 'zod';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { InvalidInputError } from '../../backup/backupError';
import { checkCommand } from '../check';
import { postCommandReply } from './postReply';

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
    return postCommandReply(ctx, checkCommand, { positional: [parsed.data.vm], flags: {} }, `The preflight checks of ${parsed.data.vm} are in the conversation.`);
  },
};
