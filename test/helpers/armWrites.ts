/**
 * Whether a request the sandbox logged changes anything in Azure. Every method but GET writes,
 * except backupStatus: Azure's "which vault protects this VM" is a read sent as a POST.
 */
export function isArmWrite(request: { method: string; path: string }): boolean {
  return request.method !== 'GET' && !/\/backupStatus$/i.test(request.path);
}
