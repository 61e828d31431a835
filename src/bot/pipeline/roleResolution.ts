import { isPersonTurn, type Middleware } from './turnScope';

/**
 * Resolves the asker's role (configured lists, then the approver team's owners through the roster)
 * once per command or click; handlers and the routers' `minRole` check read `user.role`.
 */
export const roleResolution: Middleware = async (scope, next) => {
  if (isPersonTurn(scope)) {
    const role = await scope.services.roles.resolve(scope.roster, scope.sender.aadObjectId);
    scope.user = { ...scope.sender, role };
  }
  await next();
};
