import type { ArmRequest, ArmResponse } from './arm';
import { ArmError } from './arm';

// Matches ARM paths against templates such as
//   /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}
// Literal segments compare case-insensitively (ARM paths are case-insensitive); parameters keep the
// caller's spelling. A template ending in `{...rest}` would be overkill here: every route is explicit.

export type RouteParams = Record<string, string>;
export type RouteHandler<C> = (request: ArmRequest, params: RouteParams, context: C) => ArmResponse | Promise<ArmResponse>;

interface Route<C> {
  method: string;
  template: string;
  segments: Array<{ literal?: string; param?: string }>;
  handler: RouteHandler<C>;
}

export class Router<C> {
  private readonly routes: Array<Route<C>> = [];

  add(method: string, template: string, handler: RouteHandler<C>): this {
    const segments = splitPath(template).map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? { param: param[1] } : { literal: segment.toLowerCase() };
    });
    this.routes.push({ method: method.toUpperCase(), template, segments, handler });
    return this;
  }

  /** The handler for this request, or an ARM 404/405 error. */
  resolve(request: ArmRequest): { handler: RouteHandler<C>; params: RouteParams } {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = match(route, request.segments);
      if (!params) continue;
      if (route.method === request.method) return { handler: route.handler, params };
      pathMatched = true;
    }
    if (pathMatched) {
      throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${request.method}'.`);
    }
    throw new ArmError(404, 'InvalidResourceType', `The resource type could not be found for the path '${request.path}'.`);
  }
}

function match<C>(route: Route<C>, segments: string[]): RouteParams | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: RouteParams = {};
  for (let i = 0; i < segments.length; i++) {
    const expected = route.segments[i];
    if (expected.param) {
      if (segments[i] === '') return undefined;
      params[expected.param] = segments[i];
    } else if (expected.literal !== segments[i].toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((segment, index, all) => segment !== '' || (index > 0 && index < all.length - 1));
}
