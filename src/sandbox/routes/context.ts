import { ArmError, armErrors, type ArmRequest } from '../http/arm';
import type { RouteParams } from '../http/router';
import type { VaultState } from '../model/types';
import type { World } from '../model/world';
import type { Simulation } from '../sim/simulation';
import type { ApiShape } from '../render/apiShape';

export interface SandboxSettings {
  /** Status reads answering "in progress" before an async operation reports done. */
  pendingPolls: number;
  /** Retry-After (seconds) on 202 answers (Azure sends 60; tests shorten it). */
  retryAfterSeconds: number;
  /** Items per page in list answers. */
  pageSize: number;
  /** Estate VMs' recurringOutcomes apply (SandboxOptions.recurringTrouble). */
  recurringTrouble: boolean;
}

export interface RouteContext {
  world: World;
  sim: Simulation;
  settings: SandboxSettings;
  /** Shape of the answer for the request's api-version (see render/apiShape.ts). */
  shape: ApiShape;
}

export function requireSubscription(context: RouteContext, params: RouteParams): void {
  if (!context.world.getSubscription(params.subscriptionId)) throw armErrors.subscriptionNotFound(params.subscriptionId);
}

export function requireResourceGroup(context: RouteContext, params: RouteParams): void {
  requireSubscription(context, params);
  const group = params.resourceGroupName.toLowerCase();
  const exists =
    context.world.vaultsOf(params.subscriptionId).some((vault) => vault.resourceGroup.toLowerCase() === group) ||
    context.world.vmsOf(params.subscriptionId).some((vm) => vm.resourceGroup.toLowerCase() === group);
  if (!exists) throw armErrors.resourceGroupNotFound(params.resourceGroupName);
}

export function requireVault(context: RouteContext, params: RouteParams): VaultState {
  requireResourceGroup(context, params);
  const vault = context.world.getVault(params.subscriptionId, params.resourceGroupName, params.vaultName);
  if (!vault) throw armErrors.resourceNotFound('Microsoft.RecoveryServices/vaults', params.vaultName, params.resourceGroupName);
  return vault;
}

export function requireFabric(params: RouteParams): void {
  if (params.fabricName.toLowerCase() !== 'azure') {
    throw new ArmError(404, 'BMSUserErrorFabricNotFound', `Fabric '${params.fabricName}' was not found; Azure VMs use the fabric 'Azure'.`);
  }
}

export function jsonBody(request: ArmRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw armErrors.invalidInput('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function asyncHeaders(context: RouteContext, locationUrl: string, asyncUrl?: string): Record<string, string> {
  // Retry-After: 60 on every 202 of api 2024-10-01+ (and the bot's 2023-06-01); absent before (FINDINGS.md (i)).
  const headers: Record<string, string> = { Location: locationUrl };
  if (!context.shape.legacy) headers['Retry-After'] = String(context.settings.retryAfterSeconds);
  if (asyncUrl) headers['Azure-AsyncOperation'] = asyncUrl;
  return headers;
}

/** An absolute URL on this sandbox for an ARM path (segments percent-encoded, `;` as %3B). */
export function absoluteUrl(request: ArmRequest, path: string, query: Record<string, string> = {}): string {
  const encodedPath = path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  const search = new URLSearchParams({ 'api-version': request.query.get('api-version') ?? '2023-06-01', ...query });
  return `${request.baseUrl}${encodedPath}?${search.toString().replace(/\+/g, '%20')}`;
}
