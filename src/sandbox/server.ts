import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control/controlRoutes';
import { ArmError, errorBody, type ArmRequest, type ArmResponse } from './http/arm';
import { checkApiVersion } from './http/apiVersions';
import type { Router } from './http/router';
import { splitPath } from './http/router';
import type { RouteContext } from './routes/context';
import type { SandboxRuntime } from './runtime';
import { settleOperations } from './sim/operations';
import type { SandboxCertificate } from './tls';
import type { SandboxControl } from './types';

// The HTTPS front door: control routes (/_sandbox) go straight to the control API; ARM routes go
// through authentication, fault injection, api-version check, routing and the request log.

export const SANDBOX_TOKEN = 'sandbox-token';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface ServerParts {
  runtime: SandboxRuntime;
  control: SandboxControl;
  router: Router<RouteContext>;
  certificate: SandboxCertificate;
}

export async function listen(parts: ServerParts, host: string, port: number): Promise<{ server: https.Server; url: string }> {
  const server = https.createServer({ cert: parts.certificate.certPem, key: parts.certificate.keyPem }, (request, response) => {
    void handle(parts, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `https://${hostForUrl}:${address.port}` };
}

async function handle(parts: ServerParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'https://sandbox.invalid');
  let rawBody: string;
  try {
    rawBody = await readBody(request);
  } catch {
    send(response, 413, {}, errorBody('RequestEntityTooLarge', 'The request body is larger than 5 MB.'));
    return;
  }
  if (url.pathname.toLowerCase() === '/_sandbox' || url.pathname.toLowerCase().startsWith('/_sandbox/')) {
    await handleControlRequest(parts, request, response, url, rawBody);
    return;
  }
  await handleArm(parts, request, response, url, rawBody);
}

async function handleControlRequest(parts: ServerParts, request: IncomingMessage, response: ServerResponse, url: URL, rawBody: string): Promise<void> {
  let body: unknown;
  try {
    body = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
  } catch {
    send(response, 400, {}, { error: { code: 'BadRequest', message: 'The body is not valid JSON.' } });
    return;
  }
  try {
    const result = await handleControl(request.method ?? 'GET', decodeURIComponent(url.pathname), body, parts.control, parts.runtime);
    send(response, result.status, {}, result.body);
  } catch (error) {
    send(response, 500, {}, { error: { code: 'InternalError', message: (error as Error).message } });
  }
}

async function handleArm(parts: ServerParts, request: IncomingMessage, response: ServerResponse, url: URL, rawBody: string): Promise<void> {
  const { runtime } = parts;
  const method = (request.method ?? 'GET').toUpperCase();
  const atMs = runtime.world.nowMs();
  const time = runtime.world.clock.now().toISOString();
  const decodedPath = safeDecode(url.pathname);
  const log = (status: number) => runtime.log.add({ method, path: decodedPath ?? url.pathname, query: url.search, status, time });
  const headers = commonHeaders(request);

  let result: ArmResponse;
  try {
    authenticate(request);
    const latency = runtime.faults.latencyFor(decodedPath ?? url.pathname);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = runtime.faults.decide(decodedPath ?? url.pathname);
    if (fault.kind === 'reset') {
      log(0);
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'status') throw injectedFault(fault.status, fault.retryAfterSeconds, decodedPath ?? url.pathname);
    result = await route(parts, request.headers, url, decodedPath, rawBody, method);
  } catch (error) {
    result = errorResponse(error);
  }
  // Writes that took effect are journaled (stateJournal.ts) so a restart can rebuild the state.
  if (method !== 'GET' && result.status < 400) runtime.journal?.record({ at: atMs, kind: 'arm', method, path: url.pathname, query: url.search, body: rawBody });
  // Azure's Date is its own clock: the simulated one here, so the times in a body and the Date beside
  // it agree (a recorded session replays from its Date headers: test/fidelity/seed.ts).
  const date = runtime.world.clock.now().toUTCString();
  send(response, result.status, { ...headers, Date: date, ...(result.headers ?? {}) }, result.body);
  log(result.status);
}

/** Applies a journaled ARM write again (on restart), as if it came over HTTPS. */
export async function dispatchRecorded(parts: Pick<ServerParts, 'runtime' | 'router'>, event: { method: string; path: string; query: string; body: string }): Promise<ArmResponse> {
  const url = new URL(`${event.path}${event.query}`, 'https://localhost');
  try {
    return await route(parts, { host: 'localhost' }, url, safeDecode(url.pathname), event.body, event.method);
  } catch (error) {
    return errorResponse(error);
  }
}

async function route(parts: Pick<ServerParts, 'runtime' | 'router'>, headers: IncomingHttpHeaders, url: URL, decodedPath: string | undefined, rawBody: string, method: string): Promise<ArmResponse> {
  if (decodedPath === undefined) throw new ArmError(400, 'InvalidRequestUri', 'The request path is not correctly percent-encoded.');
  if (!url.searchParams.has('api-version')) {
    throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const apiVersion = url.searchParams.get('api-version') ?? '';
  checkApiVersion(decodedPath, apiVersion);
  const armRequest: ArmRequest = {
    method,
    path: decodedPath,
    segments: splitPath(url.pathname).map((segment) => decodeURIComponent(segment)),
    query: url.searchParams,
    headers,
    body: parseJson(rawBody),
    baseUrl: `https://${headers.host ?? 'localhost'}`,
  };
  const context = parts.runtime.context(apiVersion);
  settleOperations(context.world);
  const { handler, params } = parts.router.resolve(armRequest);
  return handler(armRequest, params, context);
}

function authenticate(request: IncomingMessage): void {
  const header = request.headers.authorization;
  const challenge = { 'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"' };
  if (!header || !/^Bearer\s+/i.test(header)) {
    throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.", challenge);
  }
  if (header.replace(/^Bearer\s+/i, '').trim() !== SANDBOX_TOKEN) {
    throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', challenge);
  }
}

function injectedFault(status: 403 | 429 | 500, retryAfterSeconds: number | undefined, path: string): ArmError {
  if (status === 403) {
    const scope = path.replace(/\/+$/, '');
    return new ArmError(
      403,
      'AuthorizationFailed',
      `The client 'bot-identity' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action over scope '${scope}' or the scope is invalid (sandbox fault injection). If access was recently granted, please refresh your credentials.`,
      {},
    );
  }
  if (status === 429) {
    return new ArmError(429, 'TooManyRequests', 'The request was throttled (sandbox fault injection). Retry after the delay in the Retry-After header.', {
      'Retry-After': String(retryAfterSeconds ?? 1),
    });
  }
  return new ArmError(500, 'InternalServerError', 'The server encountered an internal error (sandbox fault injection). Please retry the request.', {});
}

function errorResponse(error: unknown): ArmResponse {
  if (error instanceof ArmError) return { status: error.status, headers: error.headers, body: errorBody(error.code, error.message) };
  return { status: 500, body: errorBody('InternalServerError', `The sandbox failed to handle the request: ${(error as Error).message}`) };
}

function parseJson(rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(rawBody);
  } catch (error) {
    throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: ${(error as Error).message}`);
  }
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function commonHeaders(request: IncomingMessage): Record<string, string> {
  const requestId = randomUUID();
  const clientRequestId = request.headers['x-ms-client-request-id'];
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': String(request.headers['x-ms-correlation-request-id'] ?? requestId),
    'Cache-Control': 'no-cache',
  };
  if (typeof clientRequestId === 'string') headers['x-ms-client-request-id'] = clientRequestId;
  return headers;
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  const allHeaders: Record<string, string | number> = { ...headers, 'Content-Length': Buffer.byteLength(text) };
  if (text !== '') allHeaders['Content-Type'] = 'application/json; charset=utf-8';
  response.writeHead(status, allHeaders);
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
