// The chat types the rest of the bot uses (issue 12): small local types shaped like the Microsoft 365
// Agents SDK's (and botbuilder's), so only the Teams folder (src/teams) names botbuilder.
// Values made by botbuilder fit them as they are; the Teams folder converts where botbuilder needs
// its own types back (adapterSender.ts, backupBot.ts).

/** A card ready to post: an Adaptive Card attachment (the part of an `Attachment` we use). */
export interface CardAttachment {
  contentType: string;
  content?: unknown;
}

/**
 * Where a conversation is, enough to answer in it or post into it later: the parts of a
 * `ConversationReference` we use. Stored with approval requests and the conversation registry.
 */
export interface ConversationAddress {
  serviceUrl?: string;
  channelId?: string;
  locale?: string;
  /** The message the reference was taken from (a reply's thread). */
  activityId?: string;
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  conversation?: { id: string; name?: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
}

/** A message to post, or the new content of a posted one: the fields of an `Activity` we send. */
export interface OutgoingMessage {
  type?: string;
  id?: string;
  text?: string;
  /** The notification preview Teams shows (proactive messages). */
  summary?: string;
  attachments?: CardAttachment[];
  attachmentLayout?: string;
  inputHint?: string;
}

/** What role resolution may ask Teams during a turn: who sent it, and a member's role in a team. */
export interface TurnRoster {
  /** The sender's Teams user id (29:...), when the activity carries one. */
  senderTeamsId?: string;
  /** `userRole` of a team member ('owner', 'user', ...); throws as Teams does for a non-member or no roster access. */
  memberRole(teamId: string, aadObjectId: string): Promise<string | undefined>;
}
