import type { TurnContext } from 'botbuilder';
import type { CardAttachment, ConversationAddress } from './chatTypes';
import type { Role } from '../config';
import type { Services } from '../services';

/** What a command receives once the text is parsed: positional words and `--flag` values, case kept. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

export interface UserRef {
  aadObjectId: string;
  name: string;
  role: Role;
}

/** A reply is a card, or (rarely) plain text. `onPosted` lets a command keep editing the card it posted. */
export type Reply = ({ card: CardAttachment } | { text: string }) & {
  onPosted?: (posted: PostedMessage) => void | Promise<void>;
};

export interface PostedMessage {
  activityId: string;
  conversation: ConversationAddress;
}

export interface CommandContext {
  args: ParsedArgs;
  /** Every registered command (registry/commandRegistry.ts), for `help`. */
  commands: readonly CommandDefinition[];
  user: UserRef;
  services: Services;
  conversation: ConversationAddress;
  /** The Bot Framework turn, for Teams-only lookups (team roster). Commands should not send with it directly. */
  turn: TurnContext;
}

export type FlagKind = 'string' | 'boolean';

export interface CommandDefinition {
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  details?: string;
  /** Flags the command accepts; anything else is refused with a clear message before the handler runs. */
  flags?: Record<string, FlagKind>;
  minRole: Role;
  run(ctx: CommandContext): Promise<Reply>;
}

export interface CardActionContext {
  verb: string;
  data: Record<string, unknown>;
  /** Every registered command, for buttons that answer with a command's reply (Show all commands). */
  commands: readonly CommandDefinition[];
  user: UserRef;
  services: Services;
  conversation: ConversationAddress;
  /** Id of the message that holds the clicked card, when Teams tells us. */
  cardActivityId?: string;
  turn: TurnContext;
  /** true for Universal Actions (Action.Execute invoke), false for the Action.Submit fallback. */
  isInvoke: boolean;
}

export interface CardActionResult {
  /**
   * The card the clicker sees (invoke response) and, when `replaceForEveryone`, the new content of
   * the message for everyone (edited through the outbox, after any edit of it queued before).
   */
  card: CardAttachment;
  replaceForEveryone?: boolean;
  /**
   * Leave the clicked card as it is and tell the clicker this sentence instead (Universal Actions
   * message response; a text reply for the Action.Submit fallback). For buttons whose result is
   * a new message (e.g. Back up now posts a job card), so the card clicked is not replaced.
   */
  notice?: string;
}

export interface CardActionDefinition {
  verb: string;
  minRole: Role;
  run(ctx: CardActionContext): Promise<CardActionResult>;
}

/** The registered handlers (registry/commandRegistry.ts) the bot routes text and clicks to. */
export interface Handlers {
  commands: readonly CommandDefinition[];
  cardActions: readonly CardActionDefinition[];
}
