import { ArmError, ok, type ArmResponse } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import type { OperationState, VaultState } from '../model/types';
import { protectedItemJson } from '../render/backupItems';
import { operationStatusJson } from '../render/operation';
import { pollOperation } from '../sim/operations';
import { absoluteUrl, asyncHeaders, requireFabric, requireVault, type RouteContext } from './context';
import { findItem, ITEM } from './protectedItems';

// Status of asynchronous operations, readable at item level (operationsStatus / operationResults)
// and vault level (backupOperations / backupOperationResults) for the same operation id.

const VAULT = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}';

function requireOperation(vault: VaultState, params: RouteParams): OperationState {
  const operation = vault.operations.get(params.operationId.toLowerCase());
  if (!operation) throw new ArmError(404, 'BMSUserErrorOperationNotFound', `Operation '${params.operationId}' was not found in vault '${vault.name}'.`);
  return operation;
}

export function addOperationRoutes(router: Router<RouteContext>): void {
  router.add('GET', `${ITEM}/operationsStatus/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const operation = requireOperation(vault, params);
    return ok(operationStatusJson(operation, pollOperation(context.world, operation)));
  });

  router.add('GET', `${ITEM}/operationResults/{operationId}`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const operation = requireOperation(vault, params);
    if (!pollOperation(context.world, operation)) {
      return { status: 202, headers: asyncHeaders(context, absoluteUrl(request, request.path), absoluteUrl(request, request.path.replace(/operationResults/i, 'operationsStatus'))) };
    }
    const item = findItem(vault, params);
    if (item && (operation.kind === 'ConfigureBackup' || operation.kind === 'DisableBackup')) return ok(protectedItemJson(vault, item, context.world.nowMs(), context.shape));
    return { status: 204 };
  });

  router.add('GET', `${VAULT}/backupOperations/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    const operation = requireOperation(vault, params);
    return ok(operationStatusJson(operation, pollOperation(context.world, operation)));
  });

  router.add('GET', `${VAULT}/backupOperationResults/{operationId}`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    const operation = requireOperation(vault, params);
    if (pollOperation(context.world, operation)) return { status: 204 };
    return { status: 202, headers: asyncHeaders(context, absoluteUrl(request, request.path)) };
  });
}
