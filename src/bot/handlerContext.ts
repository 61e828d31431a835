// The typed context every command and card action receives (issue 12), in the style of Slack's Bolt
// and the Teams SDK: who asked (with their role), where, and how to answer. No botbuilder type in
// it: the Teams boundary builds it from the turn (teams/turnScopeOf.ts), so a move to the Microsoft 365
// Agents SDK changes how it is built, not the handlers.
import type { CardAttachment, ConversationAddress } from './chatTypes';
import type { Role } from '../config';
import type { Services } from '../services';

export interface UserRef {
  /** Entra (AAD) object id, lowercased; '' when Teams sends none. */
  aadObjectId: string;
  name: string;
  role: Role;
  /** Teams user id (29:...) of the sender, for the refresh lists of approval cards. */
  teamsId?: string;
}

/** One Azure write as the audit trail records it: once when it starts, once with its outcome. */
export interface AuditedWrite<T> {
  /** One line: what is changed (e.g. "back up vm-web-01 (rg-web) now, recovery point kept 30 days"). */
  what: string;
  write: () => Promise<T>;
  /** The outcome line of a write that succeeded (e.g. the job it started). */
  outcome: (result: T) => string;
}

export interface HandlerContext {
  user: UserRef;
  /** The asker's role (`user.role`), checked against the handler's `minRole` before it runs. */
  role: Role;
  /** Where the command was typed or the card clicked. */
  conversation: ConversationAddress;
  /** The tenant the activity names, for `whoami`. */
  tenantId?: string;
  services: Services;
  /** Posts a new message in the conversation; resolves to the posted message's id (to edit or follow it later). */
  reply(message: CardAttachment | string): Promise<string | undefined>;
  /** Replaces a posted message's card for everyone, through the outbox (the one ordered path for edits). */
  update(activityId: string, card: CardAttachment): Promise<void>;
  /** Runs an Azure write with its audit entries (pipeline step bot/pipeline/auditWrites.ts). */
  audited<T>(write: AuditedWrite<T>): Promise<T>;
}
