import { isBackupError } from '../../backup/backupError';
import type { CardActionDefinition } from '../../bot/commandTypes';
import type { Amendment } from '../approvalService';
import { APPROVAL_VERBS, withRequest } from '../cardActions';
import type { ApprovalAction } from '../types';
import type { ProtectionBackend } from './protectionBackend';
import { completeWithVault } from './protectionPlanner';
import { protectionBackendOf } from './backupAdapter';

/** The requester picks the vault and the policy on the card (Input.ChoiceSets "vault", "policy"); only the stored vault options are accepted. */
export const chooseVaultAction: CardActionDefinition = {
  verb: APPROVAL_VERBS.chooseVault,
  minRole: 'viewer',
  run: (ctx) =>
    withRequest(ctx, (service, requestId, clicker) => {
      const backend = protectionBackendOf(ctx.services);
      return service.amend(requestId, clicker, (action) => chooseVault(backend, action, ctx.data.vault, ctx.data.policy));
    }),
};

async function chooseVault(backend: ProtectionBackend, action: ApprovalAction, chosen: unknown, policy: unknown): Promise<Amendment> {
  if (action.kind !== 'enableProtection') return { refusal: 'This request has no vault to choose. Nothing was changed.' };
  try {
    const result = await completeWithVault(backend, action, chosen, policy);
    if ('refusal' in result) return result;
    return { ...result, summary: `chose vault ${result.action.vault?.name} and ${result.action.policy} to ${action.vm.name}'s protection request` };
  } catch (err) {
    if (isBackupError(err)) return { refusal: err.message };
    throw err;
  }
}
