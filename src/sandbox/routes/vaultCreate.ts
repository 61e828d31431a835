import { ArmError, armErrors, ok, type ArmRequest, type ArmResponse } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import { addVault } from '../buildWorld';
import { REDUNDANCIES, vaultSchema, type Redundancy } from '../estate/estateSchema';
import type { OperationState, VaultState } from '../model/types';
import { vaultJson } from '../render/vault';
import { pollOperation, startOperation } from '../sim/operations';
import { absoluteUrl, jsonBody, requireResourceGroup, requireVault, type RouteContext } from './context';

// PUT vaults/{name}: create a Recovery Services vault (or update one), as the recordings show
// (FINDINGS.md "Vault create/delete"):
//  - api-version 2021-03-01 (scenario:0, softdel:0): 201 at once, provisioningState Succeeded;
//  - 2024-04-01 and later (sample:1-3, the bot's SDK): 201 with provisioningState Provisioning and an
//    Azure-AsyncOperation URL .../operationStatus/{base64}; its polls answer {id, name, status}
//    without times, InProgress then Succeeded (~61 s in the recording).
// The new vault gets DefaultPolicy, geo-redundant storage unless the body says otherwise, and no item.

const VAULT = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}';
/** Recovery Services vault names (the seed's rule, and the portal's): a letter, then 1-49 letters, digits or hyphens. */
const VAULT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,49}$/;
/** sample:2-3: the creation was InProgress for about a minute. */
const CREATE_DURATION_MS = 60_000;

export function addVaultCreateRoutes(router: Router<RouteContext>): void {
  router.add('PUT', VAULT, (request, params, context): ArmResponse => {
    requireResourceGroup(context, params);
    const body = jsonBody(request);
    const existing = context.world.getVault(params.subscriptionId, params.resourceGroupName, params.vaultName);
    if (existing) return ok(vaultJson(updateTags(existing, body), apiVersion(request)));
    const vault = createVault(context, params, body);
    const version = apiVersion(request);
    if (version < '2024-01-01') return { status: 201, body: vaultJson(vault, version) };
    const operation = startOperation(context.world, vault, 'VaultCreate', { pendingPolls: context.settings.pendingPolls }, { id: operationIdOf(context), durationMs: CREATE_DURATION_MS });
    return {
      status: 201,
      headers: { 'Azure-AsyncOperation': absoluteUrl(request, `${vault.id}/operationStatus/${operation.id}`) },
      body: vaultJson(vault, version),
    };
  });

  router.add('GET', `${VAULT}/operationStatus/{operationId}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    const operation = requireCreate(vault, params);
    const done = pollOperation(context.world, operation);
    // sample:2/3: exactly {id, name, status}, no times.
    return ok({ id: `${vault.id}/operationStatus/${operation.id}`, name: operation.id, status: done ? 'Succeeded' : 'InProgress' });
  });
}

function createVault(context: RouteContext, params: RouteParams, body: Record<string, unknown>): VaultState {
  if (!VAULT_NAME.test(params.vaultName)) {
    throw armErrors.invalidInput(`Vault name '${params.vaultName}' is not valid: 2-50 characters, starting with a letter, then letters, digits or hyphens.`);
  }
  const location = typeof body.location === 'string' ? body.location.replace(/\s+/g, '').toLowerCase() : '';
  if (location === '') throw armErrors.invalidInput("The vault needs a 'location'.");
  const properties = (body.properties ?? {}) as Record<string, unknown>;
  const requested = (properties.redundancySettings as Record<string, unknown> | undefined)?.standardTierStorageRedundancy;
  if (requested !== undefined && !REDUNDANCIES.includes(requested as Redundancy)) {
    throw armErrors.invalidInput(`Storage redundancy '${String(requested)}' is not valid; use GeoRedundant, LocallyRedundant or ZoneRedundant.`);
  }
  const estateVault = vaultSchema.parse({
    name: params.vaultName,
    subscriptionId: params.subscriptionId.toLowerCase(),
    resourceGroup: resourceGroupSpelling(context, params),
    location,
    ...(requested !== undefined ? { redundancy: requested } : {}),
    tags: tagsOf(body),
  });
  addVault(context.world, estateVault, params.subscriptionId);
  return context.world.getVault(params.subscriptionId, params.resourceGroupName, params.vaultName)!;
}

/** The resource group as ARM spells it (the existing resources' spelling), not as the caller typed it. */
function resourceGroupSpelling(context: RouteContext, params: RouteParams): string {
  const wanted = params.resourceGroupName.toLowerCase();
  const known = [...context.world.vaultsOf(params.subscriptionId), ...context.world.vmsOf(params.subscriptionId)].find((r) => r.resourceGroup.toLowerCase() === wanted);
  return known?.resourceGroup ?? params.resourceGroupName;
}

function updateTags(vault: VaultState, body: Record<string, unknown>): VaultState {
  if (typeof body.location === 'string' && body.location.replace(/\s+/g, '').toLowerCase() !== vault.location.toLowerCase()) {
    throw armErrors.invalidInput(`Vault '${vault.name}' is in ${vault.location}; a vault cannot move to another region.`);
  }
  if (body.tags !== undefined) vault.tags = tagsOf(body);
  return vault;
}

function tagsOf(body: Record<string, unknown>): Record<string, string> {
  const tags = body.tags;
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((value) => typeof value !== 'string')) throw armErrors.invalidInput("'tags' must map names to strings.");
  return tags as Record<string, string>;
}

/** The recording's operation ids are base64 (sample:1): a random guid, base64url so it stays one path segment. */
function operationIdOf(context: RouteContext): string {
  return Buffer.from(context.world.random.guid()).toString('base64url');
}

function requireCreate(vault: VaultState, params: RouteParams): OperationState {
  const operation = vault.operations.get(params.operationId.toLowerCase());
  if (!operation || operation.kind !== 'VaultCreate') throw new ArmError(404, 'ResourceNotFound', `The operation '${params.operationId}' of vault '${vault.name}' was not found.`);
  return operation;
}

function apiVersion(request: ArmRequest): string {
  return request.query.get('api-version') ?? '2024-04-01';
}
