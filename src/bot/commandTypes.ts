import type { CardAttachment, ConversationAddress } from './chatTypes';
import type { Role } from '../config';
import type { HandlerContext } from './handlerContext';

export type { HandlerContext, UserRef } from './handlerContext';

/** What a command receives once the text is parsed: positional words and `--flag` values, case kept. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/**
 * A command's answer: a card, or (rarely) plain text, posted by the router. A command that must
 * know the posted message's id (to follow or edit it) posts with `ctx.reply` and returns undefined.
 */
export type Reply = { card: CardAttachment } | { text: string };

export interface PostedMessage {
  activityId: string;
  conversation: ConversationAddress;
}

export interface CommandContext extends HandlerContext {
  args: ParsedArgs;
  /** Every registered command (registry/commandRegistry.ts), for `help`. */
  commands: readonly CommandDefinition[];
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
  run(ctx: CommandContext): Promise<Reply | undefined>;
}

export interface CardActionContext extends HandlerContext {
  verb: string;
  data: Record<string, unknown>;
  /** Every registered command, for buttons that answer with a command's reply (Show all commands). */
  commands: readonly CommandDefinition[];
  /** Id of the message that holds the clicked card, when Teams tells us. */
  cardActivityId?: string;
  /** true for Universal Actions (Action.Execute invoke), false for the Action.Submit fallback. */
  isInvoke: boolean;
}

export type CardActionResult =
  | {
      /**
       * The card the clicker sees (invoke response) and, when `replaceForEveryone`, the new content of
       * the message for everyone (edited through the outbox, after any edit of it queued before).
       */
      card: CardAttachment;
      replaceForEveryone?: boolean;
    }
  | {
      /**
       * Leave the clicked card as it is and tell the clicker this sentence instead (Universal Actions
       * message response; a text reply for the Action.Submit fallback). For buttons whose result is
       * a new message posted with `ctx.reply` (e.g. Back up now posts a job card).
       */
      notice: string;
    };

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
