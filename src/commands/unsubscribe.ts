import { messageCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { UserFacingError } from '../bot/describeFailure';
import type { SubscriptionKind } from '../notify/subscriptionStore';
import { conversationIdOf, requireNotify } from './subscribe';

const KINDS: SubscriptionKind[] = ['alerts', 'digest', 'dst'];

const STOPPED: Record<SubscriptionKind, string> = {
  alerts: 'job alerts',
  digest: 'the scheduled digest',
  dst: 'DST reminders',
};

export const unsubscribeCommand: CommandDefinition = {
  name: 'unsubscribe',
  summary: 'Stop job alerts, the digest or DST reminders in this conversation.',
  usage: 'unsubscribe alerts|digest|dst|all',
  examples: ['unsubscribe digest', 'unsubscribe all'],
  details: 'Operators and approvers can unsubscribe a conversation. Messages already queued are still delivered.',
  minRole: 'operator',
  async run(ctx) {
    const notify = requireNotify(ctx);
    const conversationId = conversationIdOf(ctx);
    const word = ctx.args.positional[0]?.toLowerCase();
    if (word === undefined || (word !== 'all' && !KINDS.includes(word as SubscriptionKind)) || ctx.args.positional.length > 1) {
      throw new UserFacingError('Say what to stop: **unsubscribe alerts**, **unsubscribe digest**, **unsubscribe dst** or **unsubscribe all**.');
    }
    const kinds = word === 'all' ? KINDS : [word as SubscriptionKind];
    const stopped: string[] = [];
    for (const kind of kinds) if (await notify.subscriptions.remove(conversationId, kind)) stopped.push(STOPPED[kind]);
    if (stopped.length === 0) {
      const what = word === 'all' ? 'any proactive messages' : STOPPED[word as SubscriptionKind];
      return { card: messageCard('Nothing to stop', `This conversation was not subscribed to ${what}. Type **subscriptions** to see what it receives.`) };
    }
    return { card: messageCard('Unsubscribed', `This conversation no longer receives ${stopped.join(', ')}.`, 'good') };
  },
};
