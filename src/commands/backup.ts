import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { followPostedCard, startBackup } from './startBackup';

const USAGE = 'backup <vm> [--keep 30d | --until 2027-01-31]';

export const backupCommand: CommandDefinition = {
  name: 'backup',
  summary: 'Back up a protected VM now; the card follows the job phase by phase.',
  usage: USAGE,
  examples: ['backup vm-web-01', 'backup vm-web-01 --keep 90d', 'backup rg-files/vm-files-01 --until 2027-01-31'],
  details:
    'The recovery point is kept 30 days unless you say otherwise: --keep takes days (d), weeks (w), months (m) or years (y), --until a date (YYYY-MM-DD); from 1 day to 99 years. Azure allows 3 on-demand backups of a VM a day. The card updates itself: Take Snapshot, then Transfer data to vault, then the final status.',
  flags: { keep: 'string', until: 'string' },
  minRole: 'operator',
  async run({ args, services, user }) {
    if (args.positional.length !== 1) {
      return {
        card: errorCard(
          args.positional.length === 0
            ? `Which VM should I back up? Usage: ${USAGE}`
            : `backup takes one VM, and I got ${args.positional.join(' ')}. Use resourceGroup/name or quotes. Usage: ${USAGE}`,
        ),
      };
    }
    const outcome = await startBackup(services, user, {
      vm: args.positional[0],
      keep: typeof args.flags.keep === 'string' ? args.flags.keep : undefined,
      until: typeof args.flags.until === 'string' ? args.flags.until : undefined,
    });
    return { card: outcome.card, onPosted: (posted) => followPostedCard(services, outcome, posted) };
  },
};
