import { ArmError, ok, type ArmResponse } from '../http/arm';
import type { Router } from '../http/router';
import { protectableItemJson, protectionContainerJson } from '../render/backupItems';
import { pollOperation, startOperation } from '../sim/operations';
import { absoluteUrl, asyncHeaders, requireFabric, requireVault, type RouteContext } from './context';
import { parseEqFilter, wantsAzureIaasVm } from './odataFilter';
import { pageByOffset } from './paging';

const VAULT = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}';
const FABRIC = `${VAULT}/backupFabrics/{fabricName}`;

const filterProblem = (problem: string) => `Input provided for the call is invalid. Please check the required inputs. ${problem}`;

export function addContainerRoutes(router: Router<RouteContext>): void {
  // Discovery: VMs created since the last refresh become protectable once the operation completes.
  router.add('POST', `${FABRIC}/refreshContainers`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const world = context.world;
    const operation = startOperation(world, vault, 'Refresh', { pendingPolls: context.settings.pendingPolls }, {
      onComplete: () => {
        for (const vm of world.vmsOf(vault.subscriptionId)) vm.discovered = true;
      },
    });
    const location = absoluteUrl(request, `${vault.id}/backupFabrics/${params.fabricName}/operationResults/${operation.id}`);
    return { status: 202, headers: asyncHeaders(context, location) };
  });

  router.add('GET', `${FABRIC}/operationResults/{operationId}`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const operation = vault.operations.get(params.operationId.toLowerCase());
    if (!operation) throw new ArmError(404, 'BMSUserErrorOperationNotFound', `Operation '${params.operationId}' was not found in vault '${vault.name}'.`);
    if (pollOperation(context.world, operation)) return { status: 204 };
    return { status: 202, headers: asyncHeaders(context, absoluteUrl(request, request.path)) };
  });

  router.add('GET', `${VAULT}/backupProtectableItems`, (request, params, context) => {
    const vault = requireVault(context, params);
    const filter = parseEqFilter(request.query.get('$filter'), ['backupManagementType', 'workloadType'], filterProblem);
    const workload = filter.get('workloadType');
    const include = wantsAzureIaasVm(filter) && (workload === undefined || workload.toLowerCase() === 'vm');
    const vms = include
      ? context.world
          .vmsOf(vault.subscriptionId)
          .filter((vm) => vm.discovered && vm.location.toLowerCase() === vault.location.toLowerCase() && !context.world.protectedBy.has(vm.key))
      : [];
    return ok(pageByOffset(request, vms, context.settings.pageSize, (vm) => protectableItemJson(vault, vm)));
  });

  router.add('GET', `${VAULT}/backupProtectionContainers`, (request, params, context) => {
    const vault = requireVault(context, params);
    const filter = parseEqFilter(request.query.get('$filter'), ['backupManagementType', 'friendlyName', 'status'], filterProblem);
    const friendly = filter.get('friendlyName')?.toLowerCase();
    const items = wantsAzureIaasVm(filter) ? [...vault.items.values()].filter((item) => friendly === undefined || item.vm.name.toLowerCase() === friendly) : [];
    return ok(pageByOffset(request, items, context.settings.pageSize, (item) => protectionContainerJson(vault, item)));
  });

  router.add('GET', `${FABRIC}/protectionContainers/{containerName}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const wanted = params.containerName.toLowerCase();
    const item = [...vault.items.values()].find((candidate) => candidate.containerName.toLowerCase() === wanted);
    if (!item) throw new ArmError(404, 'BMSUserErrorContainerObjectNotFound', `Container '${params.containerName}' was not found in vault '${vault.name}'.`);
    return ok(protectionContainerJson(vault, item));
  });
}
