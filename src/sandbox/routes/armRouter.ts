import { Router } from '../http/router';
import { addBackupRoutes } from './backups';
import { addBackupStatusRoutes } from './backupStatus';
import { addComputeRoutes } from './compute';
import { addContainerRoutes } from './containers';
import type { RouteContext } from './context';
import { addJobRoutes } from './jobs';
import { addJobCancelRoutes } from './jobCancel';
import { addOperationRoutes } from './operations';
import { addPolicyRoutes } from './policies';
import { addProtectedItemRoutes } from './protectedItems';
import { addSubscriptionRoutes } from './subscriptions';
import { addVaultRoutes } from './vaults';
import { addVaultCreateRoutes } from './vaultCreate';
import { addVaultUsageRoutes } from './vaultUsages';

/** Every ARM route the sandbox serves. */
export function createArmRouter(): Router<RouteContext> {
  const router = new Router<RouteContext>();
  addSubscriptionRoutes(router);
  addVaultRoutes(router);
  addVaultCreateRoutes(router);
  addVaultUsageRoutes(router);
  addComputeRoutes(router);
  addContainerRoutes(router);
  addProtectedItemRoutes(router);
  addBackupRoutes(router);
  addOperationRoutes(router);
  addJobRoutes(router);
  addJobCancelRoutes(router);
  addPolicyRoutes(router);
  addBackupStatusRoutes(router);
  return router;
}
