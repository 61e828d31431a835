import { errorCard } from '../cards';
import type { Middleware } from './turnScope';

const NOT_ENABLED = 'This bot is not enabled for your organisation.';

/**
 * First step, for every activity (an uninstall event retires a conversation too): an activity from
 * a tenant outside ALLOWED_TENANTS goes no further. A person gets one sentence, events nothing.
 */
export const tenantCheck: Middleware = async (scope, next) => {
  const { allowedTenants } = scope.services.config;
  const refusal = tenantRefusal(scope.tenantIds, allowedTenants);
  if (refusal === undefined) return next();
  const activityType = scope.input.kind === 'event' ? scope.input.activityType : scope.input.kind;
  scope.services.logger.warn({ activityType, tenants: scope.tenantIds, reason: refusal }, 'activity refused: tenant not allowed');
  await scope.answer(errorCard(NOT_ENABLED));
};

/**
 * Why an activity carrying these tenant ids must be ignored under ALLOWED_TENANTS (empty = every
 * tenant), or undefined when it may run. The ids are read from the activity in the Teams folder
 * (`tenantIdsOf`, src/teams/tenantGate.ts); the decision is the kit's, so it lives with its step.
 */
function tenantRefusal(ids: string[], allowedTenants: string[]): string | undefined {
  if (allowedTenants.length === 0) return undefined;
  if (ids.length === 0) return 'the activity names no tenant';
  if (ids.length > 1) return 'the activity names different tenants';
  if (!allowedTenants.includes(ids[0])) return 'the tenant is not allowed';
  return undefined;
}
