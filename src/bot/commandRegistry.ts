import type { CardActionDefinition, CommandDefinition } from './commandTypes';
import { helpCommand } from '../commands/help';
import { whoamiCommand } from '../commands/whoami';
import { auditCommand } from '../commands/audit';
import { approveAction, refreshAction, rejectAction } from '../approvals/cardActions';
import { chooseVaultAction } from '../approvals/protection/chooseVaultAction';
import { protectCommand } from '../commands/protect';
import { subscribeCommand } from '../commands/subscribe';
import { unsubscribeCommand } from '../commands/unsubscribe';
import { subscriptionsCommand } from '../commands/subscriptions';
import { dstCommand } from '../commands/dst';
import { acknowledgeAlertAction } from '../notify/acknowledgeAction';
import { keepLocalTimeAction } from '../notify/keepLocalTimeAction';

// The one place commands and card actions are registered. `help`, the manifest's command
// list and the router all read these lists, so adding a command here is all it takes.
export const COMMANDS: readonly CommandDefinition[] = [
  helpCommand,
  whoamiCommand,
  protectCommand,
  auditCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  dstCommand,
];

export const CARD_ACTIONS: readonly CardActionDefinition[] = [approveAction, rejectAction, refreshAction, chooseVaultAction, acknowledgeAlertAction, keepLocalTimeAction];
