import { ok } from '../http/arm';
import type { Router } from '../http/router';
import { parseVmId } from '../model/ids';
import { jsonBody, requireSubscription, type RouteContext } from './context';

// POST .../locations/{region}/backupStatus {resourceId, resourceType: "VM"}: is this VM protected,
// and by which vault? (backupStatus.get in the SDK; its only allowed answer is 200.)

export function addBackupStatusRoutes(router: Router<RouteContext>): void {
  router.add('POST', '/subscriptions/{subscriptionId}/providers/Microsoft.RecoveryServices/locations/{azureRegion}/backupStatus', (request, params, context) => {
    requireSubscription(context, params);
    const body = jsonBody(request);
    const parsed = typeof body.resourceId === 'string' ? parseVmId(body.resourceId) : undefined;
    const vm = parsed ? context.world.getVm(parsed.subscriptionId, parsed.resourceGroup, parsed.vmName) : undefined;
    if (!vm) {
      return ok({ protectionStatus: 'NotProtected', errorCode: 'BMSUserErrorResourceNotFound', errorMessage: `Virtual machine '${String(body.resourceId ?? '')}' was not found.` });
    }
    const protection = context.world.protectionOf(vm.key);
    if (!protection) return ok({ protectionStatus: 'NotProtected' });
    return ok({
      // A stopped item keeps its data in the vault, so the VM still belongs to that vault.
      protectionStatus: 'Protected',
      vaultId: protection.vault.id,
      fabricName: 'Azure',
      containerName: protection.item.containerName,
      protectedItemName: protection.item.itemName,
      policyName: protection.item.policyName,
      registrationStatus: 'Registered',
    });
  });
}
