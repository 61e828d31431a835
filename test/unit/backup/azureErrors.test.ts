import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { BackupError } from '../../../src/backup/backupError';
import { isAzureError, mapAzureError } from '../../../src/backup/azureErrors';

// The SDK's own RestError, as the clients throw it.
function restError(statusCode: number, code: string, message: string, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions/x' });
  return new RestError(message, { statusCode, code, request, response: { status: statusCode, headers: createHttpHeaders(headers), request } });
}

const map = (err: unknown) => mapAzureError(err, 'list the Recovery Services vaults') as BackupError;

describe('mapAzureError', () => {
  it('403 AuthorizationFailed: names the role to grant, not the raw Azure text', () => {
    const err = map(restError(403, 'AuthorizationFailed', "The client 'abc' with object id 'abc' does not have authorization to perform action 'Microsoft.RecoveryServices/vaults/read' over scope '/subscriptions/x'."));
    expect(err).toBeInstanceOf(BackupError);
    expect(err).toMatchObject({ code: 'forbidden', status: 403, azureCode: 'AuthorizationFailed' });
    expect(err.message).toBe(
      "The bot is not allowed to list the Recovery Services vaults (Azure answered AuthorizationFailed). Ask an administrator to give the bot's identity the Backup Contributor role (Backup Reader for read-only commands) on the vault's resource group.",
    );
    expect(err.message).not.toContain('object id');
  });

  it('429: reads Retry-After in seconds or as a date', () => {
    expect(map(restError(429, 'TooManyRequests', 'slow down', { 'retry-after': '12' }))).toMatchObject({ code: 'throttled', retryAfterSeconds: 12 });
    expect(map(restError(429, 'TooManyRequests', 'slow down', { 'retry-after': '1' })).message).toMatch(/in 1 second\.$/);
    expect(map(restError(429, 'TooManyRequests', 'slow down')).message).toMatch(/in a minute\.$/);
    const date = new Date(Date.now() + 30_000).toUTCString();
    expect(map(restError(429, 'TooManyRequests', 'slow down', { 'retry-after': date })).retryAfterSeconds).toBeGreaterThanOrEqual(28);
  });

  it.each([
    [401, 'InvalidAuthenticationToken', 'unauthenticated', /credentials/],
    [404, 'ResourceNotFound', 'not-found', /could not find/],
    [409, 'Conflict', 'conflict', /another operation is in progress/],
    [500, 'InternalError', 'unavailable', /internal error \(HTTP 500\)/],
    [503, 'ServiceUnavailable', 'unavailable', /HTTP 503/],
  ])('%d %s => %s', (status, code, mapped, message) => {
    const err = map(restError(status, code, 'whatever'));
    expect(err.code).toBe(mapped);
    expect(err.message).toMatch(message);
  });

  it('400: quotes the first sentence of Azure\'s message', () => {
    const err = map(restError(400, 'BMSUserErrorInvalidInput', 'The schedule is invalid. Details follow: a b c'));
    expect(err).toMatchObject({ code: 'azure-error', azureCode: 'BMSUserErrorInvalidInput' });
    expect(err.message).toBe('Azure rejected the request to list the Recovery Services vaults: The schedule is invalid.');
    expect(map(restError(400, 'X', '')).message).toMatch(/no reason was given\.$/);
  });

  it('network errors and aborts', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(map(refused)).toMatchObject({ code: 'unavailable' });
    const aborted = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(map(aborted)).toMatchObject({ code: 'timeout' });
    expect(map(new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR' }))).toMatchObject({ code: 'unavailable' });
  });

  it('leaves bugs and BackupErrors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(mapAzureError(bug, 'x')).toBe(bug);
    expect(isAzureError(bug)).toBe(false);
    const already = new BackupError('conflict', 'Already.');
    expect(mapAzureError(already, 'x')).toBe(already);
    expect(mapAzureError('text', 'x')).toBe('text');
  });
});
