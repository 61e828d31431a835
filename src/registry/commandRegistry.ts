import type { CardActionDefinition, CommandDefinition } from '../bot/commandTypes';
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
import { vaultsCommand } from '../commands/vaults';
import { vmsCommand } from '../commands/vms';
import { checkCommand } from '../commands/check';
import { backupCommand } from '../commands/backup';
import { jobsCommand } from '../commands/jobs';
import { jobCommand } from '../commands/job';
import { policiesCommand } from '../commands/policies';
import { policyCommand } from '../commands/policy';
import { cancelCommand } from '../commands/cancel';
import { pointsCommand } from '../commands/points';
import { unprotectCommand } from '../commands/unprotect';
import { reprotectCommand } from '../commands/reprotect';
import { assignCommand } from '../commands/assign';
import { coverageCommand } from '../commands/coverage';
import { vaultCommand } from '../commands/vaultCreate';
import { backupNowAction } from '../commands/actions/backupNowAction';
import { retryBackupAction } from '../commands/actions/retryBackupAction';
import { showMoreAction } from '../commands/actions/showMoreAction';
import { protectAction } from '../commands/actions/protectAction';
import { showHelpAction } from '../commands/actions/showHelpAction';
import { jobDetailsAction } from '../commands/actions/jobDetailsAction';
import { checkAction } from '../commands/actions/checkAction';
import { policyFormAction } from '../commands/actions/policyFormAction';

// The one place commands and card actions are registered. `help`, the manifest's command
// list and the router all read these lists, so adding a command here is all it takes.
export const COMMANDS: readonly CommandDefinition[] = [
  helpCommand,
  whoamiCommand,
  vaultsCommand,
  vaultCommand,
  vmsCommand,
  checkCommand,
  protectCommand,
  backupCommand,
  jobsCommand,
  jobCommand,
  cancelCommand,
  pointsCommand,
  unprotectCommand,
  reprotectCommand,
  assignCommand,
  coverageCommand,
  policiesCommand,
  policyCommand,
  auditCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  dstCommand,
];

export const CARD_ACTIONS: readonly CardActionDefinition[] = [approveAction, rejectAction, refreshAction, chooseVaultAction, acknowledgeAlertAction, keepLocalTimeAction, backupNowAction, retryBackupAction, showMoreAction, protectAction, showHelpAction, jobDetailsAction, checkAction, policyFormAction];
