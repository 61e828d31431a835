import { ArmError, armErrors, ok, type ArmRequest, type ArmResponse } from '../http/arm';
import type { Router } from '../http/router';
import { REDUNDANCIES, type Redundancy } from '../estate/estateSchema';
import type { VaultState } from '../model/types';
import { storageConfigJson, vaultJson } from '../render/vault';
import { jsonBody, requireResourceGroup, requireSubscription, requireVault, type RouteContext } from './context';
import { pageByOffset } from './paging';

const VAULTS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults';
const STORAGE_CONFIG = `${VAULTS}/{vaultName}/backupstorageconfig/vaultstorageconfig`;

export function addVaultRoutes(router: Router<RouteContext>): void {
  router.add('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.RecoveryServices/vaults', (request, params, context) => {
    requireSubscription(context, params);
    return ok(pageByOffset(request, context.world.vaultsOf(params.subscriptionId), context.settings.pageSize, (vault) => vaultJson(vault, apiVersion(request))));
  });
  router.add('GET', VAULTS, (request, params, context) => {
    requireResourceGroup(context, params);
    return ok(pageByOffset(request, context.world.vaultsOf(params.subscriptionId, params.resourceGroupName), context.settings.pageSize, (vault) => vaultJson(vault, apiVersion(request))));
  });
  router.add('GET', `${VAULTS}/{vaultName}`, (request, params, context) => ok(vaultJson(requireVault(context, params), apiVersion(request))));
  router.add('GET', STORAGE_CONFIG, (_request, params, context) => ok(storageConfigJson(requireVault(context, params))));
  router.add('PUT', STORAGE_CONFIG, (request, params, context) => {
    const vault = requireVault(context, params);
    updateStorageConfig(vault, jsonBody(request));
    return ok(storageConfigJson(vault));
  });
  router.add('PATCH', STORAGE_CONFIG, (request, params, context): ArmResponse => {
    updateStorageConfig(requireVault(context, params), jsonBody(request));
    return { status: 204 };
  });
}

function apiVersion(request: ArmRequest): string {
  return request.query.get('api-version') ?? '2024-04-01';
}

/** Storage redundancy is locked once the vault has protected an item, as in Azure. */
function updateStorageConfig(vault: VaultState, body: Record<string, unknown>): void {
  const properties = (body.properties ?? {}) as Record<string, unknown>;
  const requested = (properties.storageModelType ?? properties.storageType) as string | undefined;
  if (requested !== undefined && !REDUNDANCIES.includes(requested as Redundancy)) {
    throw armErrors.invalidInput(`Storage type '${requested}' is not valid; use GeoRedundant, LocallyRedundant or ZoneRedundant.`);
  }
  if (requested !== undefined && requested !== vault.redundancy) {
    if (vault.storageLocked) {
      throw new ArmError(
        400,
        'BMSUserErrorStorageTypeLocked',
        `The storage replication type of vault '${vault.name}' cannot be changed once items have been protected; it stays ${vault.redundancy}.`,
      );
    }
    vault.redundancy = requested as Redundancy;
  }
  if (typeof properties.crossRegionRestoreFlag === 'boolean') {
    if (properties.crossRegionRestoreFlag && vault.redundancy !== 'GeoRedundant') {
      throw armErrors.invalidInput('Cross Region Restore needs a GeoRedundant vault.');
    }
    vault.crossRegionRestore = properties.crossRegionRestoreFlag;
  }
}
