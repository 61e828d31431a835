import { errorCard } from '../cards';
import { tenantRefusal } from '../tenantGate';
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
