import { AmbiguousNameError, BackupError } from '../backup/backupError';
import { resolveVaultQuery } from '../backup/nameResolution';
import { messageCard } from '../bot/cards';
import type { CommandContext, CommandDefinition } from '../bot/commandTypes';
import { UserFacingError } from '../bot/describeFailure';
import { canonicalConversationId } from '../notify/conversationRegistry';
import { DEFAULT_REMINDER_DAYS } from '../notify/dstReminders';
import type { NotifyServices } from '../notify/notifyServices';
import { ScheduleError, SCHEDULE_EXAMPLES, formatInZone, nextFireTime, parseDigestSchedule } from '../notify/schedule';
import type { AlertStatusFilter } from '../notify/subscriptionStore';
import { quoted } from '../userText';

const STATUSES: Record<string, AlertStatusFilter> = { warnings: 'warnings', warning: 'warnings', failed: 'failed', failures: 'failed', both: 'both', all: 'both' };
const KINDS = ['alerts', 'digest', 'dst'];

export const subscribeCommand: CommandDefinition = {
  name: 'subscribe',
  summary: 'Have this conversation receive job alerts, a scheduled failure digest or DST reminders.',
  usage: 'subscribe alerts [--vault V] [--status warnings|failed|both] | subscribe digest <schedule> [time zone] | subscribe dst [--days 7,1]',
  examples: ['subscribe alerts --status both', 'subscribe digest weekdays 08:00 Europe/Paris', 'subscribe dst --days 7,1', 'subscribe alerts --vault rsv-weu-prod --status failed'],
  details: [
    'Operators and approvers can subscribe a conversation; viewers can see its subscriptions with **subscriptions**.',
    '**alerts**: a card when a backup job ends with warnings (only the snapshot exists, no vault copy) or fails, with the remedy. --vault limits to one vault, --status to warnings or failed (default both).',
    `**digest**: one summary card on a schedule: ${SCHEDULE_EXAMPLES.map((e) => `**${e}**`).join(', ')}. The time zone is an IANA name; without it the bot's default zone is used. At most hourly.`,
    '**dst**: a reminder some days before each daylight-saving change that moves a backup policy\'s local run time (default 7 and 1 days before), with a button to keep the local time (needs an approver).',
    'Subscribing again replaces the previous setting of that kind.',
  ].join('\n\n'),
  flags: { vault: 'string', status: 'string', days: 'string' },
  minRole: 'operator',
  async run(ctx) {
    const notify = requireNotify(ctx);
    const conversationId = conversationIdOf(ctx);
    const kind = ctx.args.positional[0]?.toLowerCase();
    if (kind === undefined || !KINDS.includes(kind)) {
      throw new UserFacingError(`Say what to subscribe to: **alerts**, **digest** or **dst**, for example **subscribe digest weekdays 08:00**.`);
    }
    const by = ctx.user.name || ctx.user.aadObjectId;
    const since = notify.clock().toISOString();
    if (kind === 'alerts') return subscribeAlerts(ctx, notify, conversationId, { since, by });
    if (kind === 'digest') return subscribeDigest(ctx, notify, conversationId, { since, by });
    return subscribeDst(ctx, notify, conversationId, { since, by });
  },
};

interface Who {
  since: string;
  by: string;
}

async function subscribeAlerts(ctx: CommandContext, notify: NotifyServices, conversationId: string, who: Who) {
  refuseFlags(ctx, ['days'], 'alerts');
  refuseExtraWords(ctx, 'subscribe alerts [--vault V] [--status warnings|failed|both]');
  const rawStatus = flag(ctx, 'status')?.toLowerCase() ?? 'both';
  const status = STATUSES[rawStatus];
  if (status === undefined) throw new UserFacingError(`--status takes warnings, failed or both (not ${quoted(String(flag(ctx, 'status')))}). Nothing was changed.`);
  const vault = await resolveVault(notify, flag(ctx, 'vault'));
  await notify.subscriptions.set(conversationId, 'alerts', { ...who, status, ...(vault ? { vault } : {}) });
  const what = status === 'both' ? 'jobs that end with warnings or fail' : status === 'warnings' ? 'jobs that end with warnings' : 'jobs that fail';
  return {
    card: messageCard(
      'Alerts on',
      `This conversation now gets a card for backup ${what} in ${vault ? `vault ${vault}` : 'every vault'}, with what it means and what to do. Stop with **unsubscribe alerts**.`,
      'good',
    ),
  };
}

async function subscribeDigest(ctx: CommandContext, notify: NotifyServices, conversationId: string, who: Who) {
  refuseFlags(ctx, ['vault', 'status', 'days'], 'digest');
  let schedule;
  try {
    schedule = parseDigestSchedule(ctx.args.positional.slice(1), notify.defaultTimeZone);
  } catch (err) {
    if (err instanceof ScheduleError) throw new UserFacingError(`${err.message} Nothing was changed.`);
    throw err;
  }
  await notify.subscriptions.set(conversationId, 'digest', { ...who, ...schedule });
  const next = nextFireTime(schedule, new Date(who.since));
  return {
    card: messageCard(
      'Digest on',
      `This conversation gets a backup digest ${schedule.label} (${schedule.timeZone}): failures and warnings by vault with remedies, VMs without a recent backup, jobs running too long. Next one: ${formatInZone(next, schedule.timeZone)}. Stop with **unsubscribe digest**.`,
      'good',
    ),
  };
}

async function subscribeDst(ctx: CommandContext, notify: NotifyServices, conversationId: string, who: Who) {
  refuseFlags(ctx, ['vault', 'status'], 'dst');
  refuseExtraWords(ctx, 'subscribe dst [--days 7,1]');
  const days = parseDays(flag(ctx, 'days'));
  await notify.subscriptions.set(conversationId, 'dst', { ...who, days });
  return {
    card: messageCard(
      'DST reminders on',
      `This conversation gets a reminder ${days.join(' and ')} day${days.length === 1 && days[0] === 1 ? '' : 's'} before each daylight-saving change that moves a backup policy's local run time. Type **dst** to see the coming changes. Stop with **unsubscribe dst**.`,
      'good',
    ),
  };
}

/** "7,1" -> [7, 1]: whole days from 1 to 60, at most 5, largest first. */
export function parseDays(raw: string | undefined): number[] {
  if (raw === undefined) return [...DEFAULT_REMINDER_DAYS];
  const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d{1,2}$/.test(p) || Number(p) < 1 || Number(p) > 60)) {
    throw new UserFacingError(`--days takes whole days from 1 to 60 separated by commas, like --days 7,1 (not ${quoted(raw)}). Nothing was changed.`);
  }
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  if (days.length > 5) throw new UserFacingError('--days takes at most 5 values. Nothing was changed.');
  return days;
}

async function resolveVault(notify: NotifyServices, name: string | undefined): Promise<string | undefined> {
  if (name === undefined) return undefined;
  if (!/^[A-Za-z][A-Za-z0-9-]{1,49}$/.test(name)) {
    throw new UserFacingError(`${quoted(name)} is not a vault name (2-50 letters, digits or hyphens, starting with a letter). Nothing was changed.`);
  }
  try {
    return resolveVaultQuery(name, await notify.backup.listVaults()).name;
  } catch (err) {
    // Alerts match vaults by name, so a name several vaults share (across subscriptions) means all of them.
    if (err instanceof AmbiguousNameError) return err.candidates[0]?.split('/').pop() ?? name;
    if (err instanceof BackupError) throw new UserFacingError(`${err.message} Nothing was changed.`);
    throw err;
  }
}

function flag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

function refuseFlags(ctx: CommandContext, names: string[], kind: string): void {
  const given = names.filter((n) => n in ctx.args.flags);
  if (given.length > 0) throw new UserFacingError(`--${given[0]} does not apply to **subscribe ${kind}**. Type **help subscribe** for the options. Nothing was changed.`);
}

function refuseExtraWords(ctx: CommandContext, usage: string): void {
  if (ctx.args.positional.length > 1) throw new UserFacingError(`Unexpected ${quoted(ctx.args.positional.slice(1).join(' '))}. Usage: ${usage}. Nothing was changed.`);
}

export function requireNotify(ctx: CommandContext): NotifyServices {
  return ctx.services.notify;
}

/** The conversation proactive messages go to: a channel, not the thread the command was typed in. */
export function conversationIdOf(ctx: CommandContext): string {
  const id = ctx.conversation.conversation?.id;
  if (id === undefined || id === '') throw new UserFacingError('I cannot tell which conversation this is, so I cannot subscribe it.');
  return canonicalConversationId(id);
}
