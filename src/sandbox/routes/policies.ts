import { ArmError, armErrors, ok, type ArmResponse } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import type { PolicyState, VaultState } from '../model/types';
import { normalizePolicyProperties } from '../estate/defaultPolicy';
import { policyJson } from '../render/policy';
import { operationStatusJson } from '../render/operation';
import { pollOperation, startOperation } from '../sim/operations';
import { parseSchedule, ScheduleError } from '../sim/schedule';
import { absoluteUrl, asyncHeaders, jsonBody, requireVault, type RouteContext } from './context';
import { parseEqFilter } from './odataFilter';
import { pageByOffset } from './paging';

const POLICIES = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}/backupPolicies';

// Policies are stored exactly as sent (timeZone included) and returned with protectedItemsCount.
// Updating a policy that protects items answers 202 (Azure re-applies it to the items); the result
// is then read from operationResults / operations, as with Azure.

export function addPolicyRoutes(router: Router<RouteContext>): void {
  router.add('GET', POLICIES, (request, params, context) => {
    const vault = requireVault(context, params);
    const filter = parseEqFilter(request.query.get('$filter'), ['backupManagementType', 'workloadType'], (problem) => `Input provided for the call is invalid. ${problem}`);
    const type = filter.get('backupManagementType')?.toLowerCase();
    const policies = [...vault.policies.values()].filter((policy) => type === undefined || String(policy.properties.backupManagementType ?? '').toLowerCase() === type);
    return ok(pageByOffset(request, policies, context.settings.pageSize, (policy) => policyJson(vault, policy)));
  });

  router.add('GET', `${POLICIES}/{policyName}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    return ok(policyJson(vault, requirePolicy(vault, params)));
  });

  router.add('PUT', `${POLICIES}/{policyName}`, (request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    const properties = validatePolicy(jsonBody(request), params.policyName);
    const existing = vault.policies.get(params.policyName.toLowerCase());
    const policy: PolicyState = { name: existing?.name ?? params.policyName, properties: normalizePolicyProperties(properties) };
    vault.policies.set(policy.name.toLowerCase(), policy);
    context.sim.policyChanged(vault, policy, policy.name);
    const inUse = [...vault.items.values()].some((item) => item.policyName.toLowerCase() === policy.name.toLowerCase());
    if (!existing || !inUse) return ok(policyJson(vault, policy));
    const operation = startOperation(context.world, vault, 'PolicyUpdate', { pendingPolls: context.settings.pendingPolls }, { policyName: policy.name });
    const base = `${vault.id}/backupPolicies/${policy.name}`;
    return { status: 202, headers: asyncHeaders(context, absoluteUrl(request, `${base}/operationResults/${operation.id}`), absoluteUrl(request, `${base}/operations/${operation.id}`)) };
  });

  router.add('DELETE', `${POLICIES}/{policyName}`, (_request, params, context): ArmResponse => {
    const vault = requireVault(context, params);
    const policy = vault.policies.get(params.policyName.toLowerCase());
    if (!policy) return { status: 204 };
    const users = [...vault.items.values()].filter((item) => item.protectionState === 'Protected' && item.policyName.toLowerCase() === policy.name.toLowerCase());
    if (users.length > 0) {
      throw new ArmError(400, 'BMSUserErrorPolicyInUse', `Policy '${policy.name}' still protects ${users.length} item(s) (${users.map((item) => item.vm.name).join(', ')}); move them to another policy first.`);
    }
    vault.policies.delete(policy.name.toLowerCase());
    context.sim.policyChanged(vault, undefined, policy.name);
    return { status: 200 };
  });

  router.add('GET', `${POLICIES}/{policyName}/operationResults/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    const policy = requirePolicy(vault, params);
    const operation = vault.operations.get(params.operationId.toLowerCase());
    if (operation) pollOperation(context.world, operation);
    return ok(policyJson(vault, policy));
  });

  router.add('GET', `${POLICIES}/{policyName}/operations/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    requirePolicy(vault, params);
    const operation = vault.operations.get(params.operationId.toLowerCase());
    if (!operation) throw new ArmError(404, 'BMSUserErrorOperationNotFound', `Operation '${params.operationId}' was not found in vault '${vault.name}'.`);
    return ok(operationStatusJson(operation, pollOperation(context.world, operation)));
  });
}

function requirePolicy(vault: VaultState, params: RouteParams): PolicyState {
  const policy = vault.policies.get(params.policyName.toLowerCase());
  if (!policy) throw new ArmError(404, 'BMSUserErrorPolicyNotFound', `Policy '${params.policyName}' was not found in vault '${vault.name}'.`);
  return policy;
}

function validatePolicy(body: Record<string, unknown>, policyName: string): Record<string, unknown> {
  if (!/^[A-Za-z][A-Za-z0-9-]{2,149}$/.test(policyName)) {
    throw new ArmError(400, 'BMSUserErrorInvalidPolicyName', `Policy name '${policyName}' is not valid: 3-150 characters, a letter first, then letters, digits or hyphens.`);
  }
  const properties = body.properties as Record<string, unknown> | undefined;
  if (!properties || typeof properties !== 'object') throw armErrors.invalidInput('The request body needs a properties object.');
  if (typeof properties.backupManagementType !== 'string') throw armErrors.invalidInput('properties.backupManagementType is required (AzureIaasVM for VM policies).');
  if (properties.backupManagementType.toLowerCase() !== 'azureiaasvm') return properties;
  try {
    parseSchedule(properties);
  } catch (error) {
    if (error instanceof ScheduleError) throw new ArmError(400, 'BMSUserErrorInvalidPolicyInput', `Policy '${policyName}': ${error.message}`);
    throw error;
  }
  if (!properties.retentionPolicy || typeof properties.retentionPolicy !== 'object') throw new ArmError(400, 'BMSUserErrorInvalidPolicyInput', 'retentionPolicy is required.');
  const v2 = properties.policyType === 'V2';
  const instantDays = properties.instantRpRetentionRangeInDays;
  const maxInstant = v2 ? 30 : 5;
  if (instantDays !== undefined && (!Number.isInteger(instantDays) || (instantDays as number) < 1 || (instantDays as number) > maxInstant)) {
    throw new ArmError(400, 'BMSUserErrorInvalidPolicyInput', `instantRpRetentionRangeInDays must be 1 to ${maxInstant} for a ${v2 ? 'V2 (Enhanced)' : 'V1 (Standard)'} policy.`);
  }
  const scheduleType = (properties.schedulePolicy as Record<string, unknown>).schedulePolicyType;
  if (v2 !== (scheduleType === 'SimpleSchedulePolicyV2')) {
    throw new ArmError(400, 'BMSUserErrorInvalidPolicyInput', 'policyType V2 goes with SimpleSchedulePolicyV2, and V1 (or no policyType) with SimpleSchedulePolicy.');
  }
  return properties;
}
