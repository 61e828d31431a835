import { renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { UserFacingError } from '../bot/describeFailure';
import { formatInZone, nextFireTime } from '../notify/schedule';
import type { ConversationSubscriptions } from '../notify/subscriptionStore';
import { conversationIdOf, requireNotify } from './subscribe';

export const subscriptionsCommand: CommandDefinition = {
  name: 'subscriptions',
  summary: 'What this conversation receives without asking, and when the next digest is due.',
  usage: 'subscriptions',
  examples: ['subscriptions'],
  minRole: 'viewer',
  async run(ctx) {
    const notify = requireNotify(ctx);
    if (ctx.args.positional.length > 0) throw new UserFacingError('**subscriptions** takes no arguments: it shows what this conversation receives.');
    const subs = await notify.subscriptions.forConversation(conversationIdOf(ctx));
    return { card: renderCard('notify-subscriptions', subscriptionsViewModel(subs, notify.clock())) };
  },
};

export interface SubscriptionsViewModel {
  any: boolean;
  rows: Array<{ title: string; value: string }>;
}

export function subscriptionsViewModel(subs: ConversationSubscriptions, now: Date): SubscriptionsViewModel {
  const rows: Array<{ title: string; value: string }> = [];
  if (subs.alerts) {
    const statuses = { both: 'warnings and failures', warnings: 'warnings only', failed: 'failures only' }[subs.alerts.status];
    rows.push({ title: 'Alerts', value: `${statuses}, ${subs.alerts.vault ? `vault ${subs.alerts.vault}` : 'every vault'} (set by ${subs.alerts.by})` });
  }
  if (subs.digest) {
    const next = nextFireTime(subs.digest, now);
    rows.push({ title: 'Digest', value: `${subs.digest.label} (${subs.digest.timeZone}), set by ${subs.digest.by}` });
    rows.push({ title: 'Next digest', value: formatInZone(next, subs.digest.timeZone) });
  }
  if (subs.dst) {
    rows.push({ title: 'DST reminders', value: `${subs.dst.days.join(' and ')} ${subs.dst.days.length === 1 && subs.dst.days[0] === 1 ? 'day' : 'days'} before each change (set by ${subs.dst.by})` });
  }
  return { any: rows.length > 0, rows };
}
