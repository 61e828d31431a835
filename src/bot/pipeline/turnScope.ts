// What the pipeline's steps read and fill in for one incoming activity. Built from the Teams turn by
// teams/turnScopeOf.ts; no botbuilder type here, so each step is a plain function of this object.
import type { CardAttachment, ConversationAddress, TurnRoster } from '../chatTypes';
import type { AuditedWrite, HandlerContext, UserRef } from '../handlerContext';
import type { TeamsPlace } from '../teamsPlace';
import type { Services } from '../../services';

/** What a person (or Teams) asked for in this activity. */
export type TurnInput =
  | { kind: 'command'; text: string }
  /** A card click: a Universal Actions invoke (`isInvoke`) or the Action.Submit fallback message. */
  | { kind: 'cardAction'; verb: string; data: Record<string, unknown>; isInvoke: boolean; cardActivityId?: string }
  /** Anything else (installation, members, other invokes); `membership` when the bot itself arrived or left. */
  | { kind: 'event'; activityType: string; membership?: { joined: true } | { joined: false; reason: string } };

export interface TurnScope {
  input: TurnInput;
  /** Every tenant id the activity carries (teams/tenantGate.ts). */
  tenantIds: string[];
  tenantId?: string;
  conversation: ConversationAddress;
  /** Team and channel, when Teams says (stored with the conversation). */
  place?: TeamsPlace;
  /** Who sent it, before role resolution. */
  sender: Omit<UserRef, 'role'>;
  /** The roster questions role resolution may ask Teams during this turn. */
  roster: TurnRoster;
  services: Services;
  /** Set by pipeline/roleResolution.ts for a command or card action. */
  user?: UserRef;
  /** Tells the person this card in the way the turn allows: a reply, or the clicked card's answer (an event: nothing, an invoke: 403). */
  answer(card: CardAttachment): Promise<void>;
  reply: HandlerContext['reply'];
  update: HandlerContext['update'];
  /** Set by pipeline/auditWrites.ts. */
  audited<T>(write: AuditedWrite<T>): Promise<T>;
}

/** One step of the pipeline: does its part, then calls `next` (or answers and stops). */
export type Middleware = (scope: TurnScope, next: () => Promise<void>) => Promise<void>;

/** A person's turn: a typed command or a card click (events have nobody to answer). */
export function isPersonTurn(scope: TurnScope): boolean {
  return scope.input.kind !== 'event';
}
