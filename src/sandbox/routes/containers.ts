import { ArmError, ok, type ArmResponse } from '../http/arm';
import type { Router } from '../http/router';
import { protectableItemJson, protectionContainerJson } from '../render/backupItems';
import { operationStatusJson } from '../render/operation';
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
    // Discovery took 12-17 s (job:20-23, softdel:17-20); only this vault learns of the VMs.
    const operation = startOperation(world, vault, 'Refresh', { pendingPolls: context.settings.pendingPolls }, {
      durationMs: world.random.int(12, 17) * 1000,
      onComplete: () => {
        for (const vm of world.vmsOf(vault.subscriptionId)) vault.discovered.add(vm.key);
      },
    });
    // Location keeps the caller's api-version; Azure-AsyncOperation says 2019-05-13-preview (FINDINGS.md "Long-running-operation URLs").
    const fabric = `${vault.id}/backupFabrics/${params.fabricName}`;
    const location = absoluteUrl(request, `${fabric}/operationResults/${operation.id}`);
    const status = absoluteUrl(request, `${fabric}/operationsStatus/${operation.id}`, { 'api-version': '2019-05-13-preview' });
    return { status: 202, headers: asyncHeaders(context, location, status) };
  });

  router.add('GET', `${FABRIC}/operationResults/{operationId}`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const operation = vault.operations.get(params.operationId.toLowerCase());
    if (!operation) throw new ArmError(404, 'BMSUserErrorOperationNotFound', `Operation '${params.operationId}' was not found in vault '${vault.name}'.`);
    // 202 with Location again, then 204 with no Location and no body (job:21-23, softdel:18-20).
    if (pollOperation(context.world, operation)) return { status: 204 };
    return { status: 202, headers: asyncHeaders(context, absoluteUrl(request, request.path)) };
  });

  router.add('GET', `${FABRIC}/operationsStatus/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const operation = vault.operations.get(params.operationId.toLowerCase());
    if (!operation) throw new ArmError(404, 'BMSUserErrorOperationNotFound', `Operation '${params.operationId}' was not found in vault '${vault.name}'.`);
    return ok(operationStatusJson(operation, pollOperation(context.world, operation)));
  });

  router.add('GET', `${VAULT}/backupProtectableItems`, (request, params, context) => {
    const vault = requireVault(context, params);
    // friendlyName is one of the list's query fields (BMSPOQueryObject in the REST spec).
    const filter = parseEqFilter(request.query.get('$filter'), ['backupManagementType', 'workloadType', 'friendlyName'], filterProblem);
    const workload = filter.get('workloadType');
    const friendly = filter.get('friendlyName')?.toLowerCase();
    const include = wantsAzureIaasVm(filter) && (workload === undefined || workload.toLowerCase() === 'vm');
    const vms = include
      ? context.world
          .vmsOf(vault.subscriptionId)
          .filter((vm) => vault.discovered.has(vm.key) && vm.location.toLowerCase() === vault.location.toLowerCase() && !context.world.protectedBy.has(vm.key))
          .filter((vm) => friendly === undefined || vm.name.toLowerCase() === friendly)
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
