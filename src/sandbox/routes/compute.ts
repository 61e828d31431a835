import { armErrors, ok } from '../http/arm';
import type { Router, RouteParams } from '../http/router';
import type { VmState } from '../model/types';
import { instanceViewJson, vmJson } from '../render/vm';
import { requireResourceGroup, requireSubscription, type RouteContext } from './context';
import { pageByOffset } from './paging';

const VMS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines';

function wantsInstanceView(query: URLSearchParams): boolean {
  return (query.get('$expand') ?? '').toLowerCase() === 'instanceview';
}

function requireVm(context: RouteContext, params: RouteParams): VmState {
  requireResourceGroup(context, params);
  const vm = context.world.getVm(params.subscriptionId, params.resourceGroupName, params.vmName);
  if (!vm) throw armErrors.resourceNotFound('Microsoft.Compute/virtualMachines', params.vmName, params.resourceGroupName);
  return vm;
}

export function addComputeRoutes(router: Router<RouteContext>): void {
  router.add('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines', (request, params, context) => {
    requireSubscription(context, params);
    const expand = wantsInstanceView(request.query);
    const now = context.world.nowMs();
    return ok(pageByOffset(request, context.world.vmsOf(params.subscriptionId), context.settings.pageSize, (vm) => vmJson(vm, now, expand)));
  });
  router.add('GET', VMS, (request, params, context) => {
    requireResourceGroup(context, params);
    const expand = wantsInstanceView(request.query);
    const now = context.world.nowMs();
    return ok(pageByOffset(request, context.world.vmsOf(params.subscriptionId, params.resourceGroupName), context.settings.pageSize, (vm) => vmJson(vm, now, expand)));
  });
  router.add('GET', `${VMS}/{vmName}`, (request, params, context) =>
    ok(vmJson(requireVm(context, params), context.world.nowMs(), wantsInstanceView(request.query))),
  );
  router.add('GET', `${VMS}/{vmName}/instanceView`, (_request, params, context) =>
    ok(instanceViewJson(requireVm(context, params), context.world.nowMs())),
  );
}
