import { BACKUP_NOW_VERB } from '../../bot/cardVerbs';
import { z } from 'zod';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { InvalidInputError } from '../../backup/backupError';
import { startBackup } from '../startBackup';
import { postBackupOutcome } from './postJobCard';


// Only the VM is read from the card, and it goes through the same resolution as typed input
// (name, resourceGroup/name or ARM id, checked against the VMs the bot can see).
const dataSchema = z.object({ vm: z.string().trim().min(1).max(500) });

export const backupNowAction: CardActionDefinition = {
  verb: BACKUP_NOW_VERB,
  minRole: 'operator',
  run(ctx) {
    return postBackupOutcome(ctx, async () => {
      const parsed = dataSchema.safeParse(ctx.data);
      if (!parsed.success) throw new InvalidInputError('This button does not say which VM to back up. Type **backup VM** instead.');
      return startBackup(ctx, { vm: parsed.data.vm });
    });
  },
};
