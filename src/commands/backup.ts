import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { followPostedCard, startBackup } from './startBackup';

const USAGE = 'backup <vm> [--keep 30d | --until 2027-01-31]';

export const backupCommand: CommandDefinition = {
  name: 'backup',
  summary: 'Back up a protected VM now; the card follows the job phase by phase.',
  usage: USAGE,
  examples: ['backup vm-web-01', 'backup vm-web-02 --keep 90d', 'backup rg-files/vm-files-01 --until 2030-12-31'],
  details:
    'The recovery point is kept 30 days unless you say otherwise: --keep takes days (d), weeks (w), months (m) or years (y), --until a date (YYYY-MM-DD); from 1 day to 99 years. Azure allows 3 on-demand backups of a VM a day. The card updates itself: Take Snapshot, then Transfer data to vault, then the final status.',
  flags: { keep: 'string', until: 'string' },
  minRole: 'operator',
  async run(ctx) {
    const { args } = ctx;
    const split = splitRetention(args.flags.keep, args.positional);
    if (split !== undefined) return { card: errorCard(`Did you mean **--keep ${split}**? Write the length as one word: a number and a unit (d, w, m or y). Nothing was started.`) };
    if (args.positional.length !== 1) {
      return {
        card: errorCard(
          args.positional.length === 0
            ? `Which VM should I back up? Usage: ${USAGE}`
            : `backup takes one VM, and I got ${args.positional.join(' ')}. Use resourceGroup/name or quotes. Usage: ${USAGE}`,
        ),
      };
    }
    const outcome = await startBackup(ctx, {
      vm: args.positional[0],
      keep: typeof args.flags.keep === 'string' ? args.flags.keep : undefined,
      until: typeof args.flags.until === 'string' ? args.flags.until : undefined,
    });
    const activityId = await ctx.reply(outcome.card);
    if (activityId) await followPostedCard(ctx.services, outcome, { activityId, conversation: ctx.conversation });
    return undefined;
  },
};

const UNIT_WORDS: Record<string, string> = { day: 'd', days: 'd', week: 'w', weeks: 'w', month: 'm', months: 'm', year: 'y', years: 'y' };

/** "--keep 30 days" arrives as --keep 30 plus a stray "days": the one-word form the user meant, if so. */
function splitRetention(keep: string | true | undefined, positional: string[]): string | undefined {
  if (typeof keep !== 'string' || !/^\d+$/.test(keep.trim())) return undefined;
  const unit = positional.map((word) => UNIT_WORDS[word.toLowerCase()]).find((u) => u !== undefined);
  return unit === undefined ? undefined : `${keep.trim()}${unit}`;
}
