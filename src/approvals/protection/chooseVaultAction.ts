import { isBackupError } from '../../backup/backupError';
import type { CardActionDefinition } from '../../bot/commandTypes';
import type { Amendment } from '../approvalService';
import { APPROVAL_VERBS, withRequest } from '../cardActions';
import type { ApprovalAction } from '../types';
import type { ProtectionCalls } from './protectionCalls';
import { completeWithVault } from './protectionPlanner';

/** The requester picks the vault and the policy on the card (Input.ChoiceSets "vault", "policy"); only the stored vault options are accepted. */
export const chooseVaultAction: CardActionDefinition = {
  verb: APPROVAL_VERBS.chooseVault,
  minRole: 'viewer',
  run: (ctx) =>
    withRequest(ctx, (service, requestId, clicker) => {
      return service.amend(requestId, clicker, (action) => chooseVault(ctx.services.backup, action, ctx.data.vault, ctx.data.policy));
    }),
};

async function chooseVault(backup: ProtectionCalls, action: ApprovalAction, chosen: unknown, policy: unknown): Promise<Amendment> {
  if (action.kind !== 'enableProtection') return { refusal: 'This request has no vault to choose. Nothing was changed.' };
  try {
    const result = await completeWithVault(backup, action, chosen, policy);
    if ('refusal' in result) return result;
    return { ...result, summary: `chose vault ${result.action.vault?.name} and ${result.action.policy} to ${action.vm.name}'s protection request` };
  } catch (err) {
    if (isBackupError(err)) return { refusal: err.message };
    throw err;
  }
}
