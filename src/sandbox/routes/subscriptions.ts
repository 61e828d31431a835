import { armErrors, ok } from '../http/arm';
import type { Router } from '../http/router';
import type { SubscriptionState } from '../model/types';
import type { RouteContext } from './context';
import { pageByOffset } from './paging';

export function subscriptionJson(subscription: SubscriptionState): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    subscriptionId: subscription.subscriptionId,
    tenantId: subscription.tenantId,
    displayName: subscription.displayName,
    state: subscription.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  };
}

export function addSubscriptionRoutes(router: Router<RouteContext>): void {
  router.add('GET', '/subscriptions', (request, _params, context) =>
    ok(pageByOffset(request, [...context.world.subscriptions.values()], context.settings.pageSize, subscriptionJson)),
  );
  router.add('GET', '/subscriptions/{subscriptionId}', (_request, params, context) => {
    const subscription = context.world.getSubscription(params.subscriptionId);
    if (!subscription) throw armErrors.subscriptionNotFound(params.subscriptionId);
    return ok(subscriptionJson(subscription));
  });
}
