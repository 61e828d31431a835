import { ArmError, armErrors, ok, type ArmRequest, type ArmResponse } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import { containerName, parsePolicyId, parseVmFromBackupName, parseVmId, protectedItemName } from '../model/ids';
import type { ProtectedItemState, VaultState, VmState } from '../model/types';
import { protectedItemJson } from '../render/backupItems';
import { jobErrorInfo } from '../sim/errorCatalog';
import { createSimpleJob } from '../sim/jobs';
import { startOperation } from '../sim/operations';
import { deleteBackupData, refuseIfSoftDeleted, softDeleteOf, undelete } from '../sim/softDelete';
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
    return ok(pageByOffset(request, items, context.settings.pageSize, (item) => protectedItemJson(vault, item, now, context.shape)));
  });

  router.add('GET', ITEM, (_request, params, context) => {
    const { vault, item } = requireItem(context, params);
    return ok(protectedItemJson(vault, item, context.world.nowMs(), context.shape));
  });

  router.add('PUT', ITEM, (request, params, context) => configureProtection(request, params, context));

  router.add('DELETE', ITEM, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    requireFabric(params);
    const item = findItem(vault, params);
    if (!item) return { status: 204 };
    refuseIfSoftDeleted(item);
    const world = context.world;
    // DeleteBackupData: ~12 s with soft delete on (softdel:43-47), ~2 min off (job:156-178, softdel:61-83).
    const seconds = softDeleteOf(vault).enabled ? world.random.int(11, 13) : world.random.int(100, 115);
    const job = createSimpleJob(world, vault, item.vm, 'DeleteBackupData', world.nowMs(), { durationMs: seconds * 1000 });
    const operation = startOperation(world, vault, 'DeleteBackupData', { pendingPolls: context.settings.pendingPolls }, {
      jobId: job.id,
      durationMs: job.plan.endMs - job.startMs + 1000,
      containerName: item.containerName,
      itemName: item.itemName,
      onComplete: () => {
        job.plan.endMs = Math.min(job.plan.endMs, Math.max(job.startMs, world.nowMs() - 1000));
        deleteBackupData(world, vault, item, job.startMs);
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
  if (properties.isRehydrate === true && existing) return acceptedForItem(request, context, vault, existing, 'Undelete', undelete(context.world, vault, existing));
  refuseIfSoftDeleted(existing);
  // Clients stop protection with policyId "" (Redo:7/21, scenario `protection disable`).
  if (properties.protectionState === 'ProtectionStopped') return stopProtection(request, context, vault, existing, params);
  const policyName = policyOfRequest(vault, properties);
  if (!existing) requireProtectable(context, vault, vm);
  const world = context.world;
  const item = existing ?? newItem(context, vault, vm);
  item.policyName = policyName;
  item.protectionState = 'Protected';
  // Configure protection took 32-97 s in the recordings (FINDINGS.md (e)); it fails when the VM
  // agent cannot answer (a running VM whose agent is not Ready).
  const durationMs = world.random.int(32, 97) * 1000;
  const failure = existing ? undefined : configureFailure(vm);
  const job = createSimpleJob(world, vault, vm, 'ConfigureBackup', world.nowMs(), {
    durationMs: durationMs - 1000,
    policyName,
    outcome: failure ? 'Failed' : 'Completed',
    errorCode: failure?.code,
  });
  return acceptedForItem(request, context, vault, item, 'ConfigureBackup', job.id, {
    durationMs,
    error: failure,
    onComplete: () => {
      // The job ends just before the operation reads done (scenario:29 vs 28).
      job.plan.endMs = Math.min(job.plan.endMs, Math.max(job.startMs, world.nowMs() - 1000));
      if (failure) removeItem(context, vault, item);
    },
  });
}

/** Azure refuses to configure a VM the vault has not discovered: another region or subscription, or no refresh yet. */
function requireProtectable(context: RouteContext, vault: VaultState, vm: VmState): void {
  const problem = protectableProblem(context, vault, vm);
  // BMSUserErrorInvalidInput with this sentence is the recovery-services answer to bad input
  // (Azure/azure-sdk-for-python#19147); the last sentence says which input.
  if (problem) throw armErrors.invalidInput(`Input provided for the call is invalid. Please check the required inputs. ${problem}`);
}

function protectableProblem(context: RouteContext, vault: VaultState, vm: VmState): string | undefined {
  if (vm.subscriptionId.toLowerCase() !== vault.subscriptionId.toLowerCase()) return `The virtual machine '${vm.name}' is not in the subscription of the vault '${vault.name}'.`;
  if (vm.location.toLowerCase() !== vault.location.toLowerCase()) return `The virtual machine '${vm.name}' is in '${vm.location}', not in the vault's region '${vault.location}'.`;
  // Protection stopped with data retained elsewhere does not block (Redo:7-13 protects the VM in a second vault).
  const other = context.world.protectedBy.get(vm.key);
  const otherItem = other ? context.world.vaults.get(other)?.items.get(vm.key) : undefined;
  if (other && other !== vault.key && otherItem?.protectionState === 'Protected') return `The virtual machine '${vm.name}' is already protected by the vault '${context.world.vaults.get(other)?.name ?? other}'.`;
  if (!vault.discovered.has(vm.key)) return `The virtual machine '${vm.name}' has not been discovered by the vault '${vault.name}'; refresh its containers first.`;
  return undefined;
}

function configureFailure(vm: VmState): { code: string; message: string } | undefined {
  if (vm.powerState !== 'running' || vm.agent.status === 'Ready') return undefined;
  const info = jobErrorInfo('UserErrorGuestAgentStatusUnavailable');
  return { code: info.code, message: info.message };
}

function newItem(context: RouteContext, vault: VaultState, vm: VmState): ProtectedItemState {
  const item: ProtectedItemState = {
    vm,
    vaultKey: vault.key,
    // Azure names the item VM;... whatever case the PUT used (FINDINGS.md (f)).
    containerName: containerName(vm.resourceGroup, vm.name),
    itemName: protectedItemName(vm.resourceGroup, vm.name),
    policyName: 'DefaultPolicy',
    protectionState: 'Protected',
    protectedAtMs: context.world.nowMs(),
    scheduledRuns: 0,
    backupJobs: [],
  };
  vault.items.set(vm.key, item);
  vault.storageLocked = true;
  context.world.protectedBy.set(vm.key, vault.key);
  return item;
}

function removeItem(context: RouteContext, vault: VaultState, item: ProtectedItemState): void {
  if (vault.items.get(item.vm.key) !== item) return;
  vault.items.delete(item.vm.key);
  context.world.protectedBy.delete(item.vm.key);
}

function stopProtection(request: ArmRequest, context: RouteContext, vault: VaultState, item: ProtectedItemState | undefined, params: RouteParams): ArmResponse {
  if (!item) {
    throw new ArmError(404, 'BMSUserErrorItemNotFound', `Protected item '${params.protectedItemName}' was not found in vault '${vault.name}'; there is no protection to stop.`);
  }
  item.protectionState = 'ProtectionStopped';
  // DisableBackup took ~2 s, its operation ~10 s (Redo:7-11).
  const job = createSimpleJob(context.world, vault, item.vm, 'DisableBackup', context.world.nowMs(), { durationMs: 2000, policyName: '' });
  return acceptedForItem(request, context, vault, item, 'DisableBackup', job.id, { durationMs: 10_000 });
}

export function acceptedForItem(
  request: ArmRequest,
  context: RouteContext,
  vault: VaultState,
  item: ProtectedItemState,
  kind: 'ConfigureBackup' | 'DisableBackup' | 'Backup' | 'Undelete',
  jobId: string,
  extra: { durationMs?: number; error?: { code: string; message: string }; onComplete?: () => void } = {},
): ArmResponse {
  const operation = startOperation(context.world, vault, kind, { pendingPolls: context.settings.pendingPolls }, {
    jobId,
    containerName: item.containerName,
    itemName: item.itemName,
    ...extra,
  });
  // The 202's URLs echo the names as the caller spelled them (scenario:21 `vm;...`).
  const at = request.segments.findIndex((segment) => segment.toLowerCase() === 'protecteditems');
  const container = at > 1 ? request.segments[at - 1] : item.containerName;
  const itemName = at > 0 ? (request.segments[at + 1] ?? item.itemName) : item.itemName;
  const itemPath = `${vault.id}/backupFabrics/Azure/protectionContainers/${container}/protectedItems/${itemName}`;
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
