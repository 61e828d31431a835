import { ArmError, armErrors, ok, type ArmRequest, type ArmResponse } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import { parsePolicyId, parseVmFromBackupName, parseVmId } from '../model/ids';
import type { ProtectedItemState, VaultState, VmState } from '../model/types';
import { protectedItemJson } from '../render/backupItems';
import { createSimpleJob } from '../sim/jobs';
import { startOperation } from '../sim/operations';
import { absoluteUrl, asyncHeaders, jsonBody, requireFabric, requireVault, type RouteContext } from './context';
import { parseEqFilter, wantsAzureIaasVm } from './odataFilter';
import { pageByOffset } from './paging';

const VAULT = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}';
export const ITEM = `${VAULT}/backupFabrics/{fabricName}/protectionContainers/{containerName}/protectedItems/{protectedItemName}`;

const VM_ITEM_TYPES = ['microsoft.compute/virtualmachines', 'microsoft.classiccompute/virtualmachines', 'azureiaasvmprotecteditem'];

export function addProtectedItemRoutes(router: Router<RouteContext>): void {
  router.add('GET', `${VAULT}/backupProtectedItems`, (request, params, context) => {
    const vault = requireVault(context, params);
    const filter = parseEqFilter(
      request.query.get('$filter'),
      ['backupManagementType', 'itemType', 'policyName', 'friendlyName', 'containerName', 'protectionState'],
      (problem) => `Input provided for the call is invalid. Please check the required inputs. ${problem}`,
    );
    const itemType = filter.get('itemType')?.toLowerCase();
    const policy = filter.get('policyName')?.toLowerCase();
    const friendly = filter.get('friendlyName')?.toLowerCase();
    const items = !wantsAzureIaasVm(filter) || (itemType !== undefined && itemType !== 'vm')
      ? []
      : [...vault.items.values()].filter(
          (item) => (policy === undefined || item.policyName.toLowerCase() === policy) && (friendly === undefined || item.vm.name.toLowerCase() === friendly),
        );
    const now = context.world.nowMs();
    return ok(pageByOffset(request, items, context.settings.pageSize, (item) => protectedItemJson(vault, item, now)));
  });

  router.add('GET', ITEM, (_request, params, context) => {
    const { vault, item } = requireItem(context, params);
    return ok(protectedItemJson(vault, item, context.world.nowMs()));
  });

  router.add('PUT', ITEM, (request, params, context) => configureProtection(request, params, context));

  router.add('DELETE', ITEM, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const item = findItem(vault, params);
    if (!item) return { status: 204 };
    const world = context.world;
    const job = createSimpleJob(world, vault, item.vm, 'DeleteBackupData', world.nowMs());
    const operation = startOperation(world, vault, 'DeleteBackupData', { pendingPolls: context.settings.pendingPolls }, {
      jobId: job.id,
      containerName: item.containerName,
      itemName: item.itemName,
      onComplete: () => {
        vault.items.delete(item.vm.key);
        world.protectedBy.delete(item.vm.key);
      },
    });
    return {
      status: 202,
      headers: asyncHeaders(
        context,
        absoluteUrl(request, `${vault.id}/backupOperationResults/${operation.id}`),
        absoluteUrl(request, `${vault.id}/backupOperations/${operation.id}`),
      ),
    };
  });
}

export function findItem(vault: VaultState, params: RouteParams): ProtectedItemState | undefined {
  const wantedItem = params.protectedItemName.toLowerCase();
  const wantedContainer = params.containerName.toLowerCase();
  return [...vault.items.values()].find(
    (item) => item.itemName.toLowerCase() === wantedItem && item.containerName.toLowerCase() === wantedContainer,
  );
}

export function requireItem(context: RouteContext, params: RouteParams): { vault: VaultState; item: ProtectedItemState } {
  const vault = requireVault(context, params);
  requireFabric(params);
  const item = findItem(vault, params);
  if (!item) {
    throw new ArmError(404, 'BMSUserErrorItemNotFound', `Protected item '${params.protectedItemName}' was not found in container '${params.containerName}' of vault '${vault.name}'.`);
  }
  return { vault, item };
}

/** PUT protectedItem: enable protection, change its policy, or stop it (protectionState ProtectionStopped). */
function configureProtection(request: ArmRequest, params: RouteParams, context: RouteContext): ArmResponse {
  const vault = requireVault(context, params);
  requireFabric(params);
  const properties = jsonBody(request).properties as Record<string, unknown> | undefined;
  if (!properties || typeof properties !== 'object') throw armErrors.invalidInput('The request body needs a properties object.');
  const itemType = String(properties.protectedItemType ?? '').toLowerCase();
  if (!VM_ITEM_TYPES.includes(itemType)) {
    throw armErrors.invalidInput(`protectedItemType '${String(properties.protectedItemType ?? '')}' is not supported; use Microsoft.Compute/virtualMachines.`);
  }
  const vm = vmOfRequest(context, vault, params, properties);
  const existing = vault.items.get(vm.key);
  if (properties.protectionState === 'ProtectionStopped') return stopProtection(request, context, vault, existing, params);
  const policyName = policyOfRequest(vault, properties);
  const protectingVaultKey = context.world.protectedBy.get(vm.key);
  if (protectingVaultKey && protectingVaultKey !== vault.key) {
    const other = context.world.vaults.get(protectingVaultKey)!;
    throw new ArmError(400, 'UserErrorVmAlreadyProtected', `The virtual machine '${vm.name}' is already protected by the vault '${other.name}'. A VM can be protected by one vault only.`);
  }
  if (vm.location.toLowerCase() !== vault.location.toLowerCase()) {
    throw new ArmError(400, 'UserErrorVmNotInVaultRegion', `The virtual machine '${vm.name}' is in '${vm.location}' but the vault '${vault.name}' is in '${vault.location}'. Use a vault in the VM's region.`);
  }
  const world = context.world;
  const item = existing ?? newItem(context, vault, vm, params);
  item.policyName = policyName;
  item.protectionState = 'Protected';
  const job = createSimpleJob(world, vault, vm, 'ConfigureBackup', world.nowMs());
  return acceptedForItem(request, context, vault, item, 'ConfigureBackup', job.id);
}

function newItem(context: RouteContext, vault: VaultState, vm: VmState, params: RouteParams): ProtectedItemState {
  const item: ProtectedItemState = {
    vm,
    vaultKey: vault.key,
    containerName: params.containerName,
    itemName: params.protectedItemName,
    policyName: 'DefaultPolicy',
    protectionState: 'Protected',
    protectedAtMs: context.world.nowMs(),
    backupJobs: [],
  };
  vault.items.set(vm.key, item);
  vault.storageLocked = true;
  context.world.protectedBy.set(vm.key, vault.key);
  return item;
}

function stopProtection(request: ArmRequest, context: RouteContext, vault: VaultState, item: ProtectedItemState | undefined, params: RouteParams): ArmResponse {
  if (!item) {
    throw new ArmError(404, 'BMSUserErrorItemNotFound', `Protected item '${params.protectedItemName}' was not found in vault '${vault.name}'; there is no protection to stop.`);
  }
  item.protectionState = 'ProtectionStopped';
  const job = createSimpleJob(context.world, vault, item.vm, 'DisableBackup', context.world.nowMs());
  return acceptedForItem(request, context, vault, item, 'DisableBackup', job.id);
}

export function acceptedForItem(
  request: ArmRequest,
  context: RouteContext,
  vault: VaultState,
  item: ProtectedItemState,
  kind: 'ConfigureBackup' | 'DisableBackup' | 'Backup',
  jobId: string,
): ArmResponse {
  const operation = startOperation(context.world, vault, kind, { pendingPolls: context.settings.pendingPolls }, {
    jobId,
    containerName: item.containerName,
    itemName: item.itemName,
  });
  const itemPath = `${vault.id}/backupFabrics/Azure/protectionContainers/${item.containerName}/protectedItems/${item.itemName}`;
  return {
    status: 202,
    headers: asyncHeaders(
      context,
      absoluteUrl(request, `${itemPath}/operationResults/${operation.id}`),
      absoluteUrl(request, `${itemPath}/operationsStatus/${operation.id}`),
    ),
  };
}

function vmOfRequest(context: RouteContext, vault: VaultState, params: RouteParams, properties: Record<string, unknown>): VmState {
  const fromName = parseVmFromBackupName(params.protectedItemName);
  const fromContainer = parseVmFromBackupName(params.containerName);
  if (!fromName || !fromContainer) {
    throw armErrors.invalidInput(`'${params.protectedItemName}' is not an Azure VM item name; expected VM;iaasvmcontainerv2;{resourceGroup};{vmName}.`);
  }
  if (fromName.vmName.toLowerCase() !== fromContainer.vmName.toLowerCase() || fromName.resourceGroup.toLowerCase() !== fromContainer.resourceGroup.toLowerCase()) {
    throw armErrors.invalidInput(`Container '${params.containerName}' and item '${params.protectedItemName}' name different VMs.`);
  }
  const source = typeof properties.sourceResourceId === 'string' ? properties.sourceResourceId : undefined;
  const parsed = source ? parseVmId(source) : undefined;
  if (source !== undefined && !parsed) throw new ArmError(400, 'BMSUserErrorInvalidSourceResourceId', `sourceResourceId '${source}' is not a virtual machine id.`);
  const subscriptionId = parsed?.subscriptionId ?? vault.subscriptionId;
  const vm = context.world.getVm(subscriptionId, parsed?.resourceGroup ?? fromName.resourceGroup, parsed?.vmName ?? fromName.vmName);
  if (!vm) {
    throw new ArmError(400, 'BMSUserErrorInvalidSourceResourceId', `The virtual machine '${source ?? fromName.vmName}' does not exist.`);
  }
  if (vm.name.toLowerCase() !== fromName.vmName.toLowerCase() || vm.resourceGroup.toLowerCase() !== fromName.resourceGroup.toLowerCase()) {
    throw armErrors.invalidInput(`sourceResourceId names '${vm.resourceGroup}/${vm.name}' but the item name is '${params.protectedItemName}'.`);
  }
  return vm;
}

function policyOfRequest(vault: VaultState, properties: Record<string, unknown>): string {
  const policyId = typeof properties.policyId === 'string' ? properties.policyId : '';
  const parsed = parsePolicyId(policyId);
  if (!parsed) throw armErrors.invalidInput(`policyId '${policyId}' is not a backup policy id of this vault.`);
  if (parsed.vaultName.toLowerCase() !== vault.name.toLowerCase() || parsed.resourceGroup.toLowerCase() !== vault.resourceGroup.toLowerCase()) {
    throw armErrors.invalidInput(`policyId '${policyId}' belongs to another vault; use a policy of the vault '${vault.name}'.`);
  }
  const policy = vault.policies.get(parsed.policyName.toLowerCase());
  if (!policy) throw new ArmError(400, 'BMSUserErrorPolicyNotFound', `Policy '${parsed.policyName}' does not exist in the vault '${vault.name}'.`);
  if (String(policy.properties.backupManagementType ?? '').toLowerCase() !== 'azureiaasvm') {
    throw armErrors.invalidInput(`Policy '${policy.name}' is not an Azure VM policy.`);
  }
  return policy.name;
}
