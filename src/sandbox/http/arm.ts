import type { IncomingHttpHeaders } from 'node:http';

// The request/response shapes route handlers see, and the ARM error envelope.

export interface ArmRequest {
  method: string;
  /** Path without the query, percent-decoded segment by segment (so `%3B` reads `;`). */
  path: string;
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Scheme + host the client used, for absolute nextLink / Location URLs. */
  baseUrl: string;
}

export interface ArmResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Thrown by handlers; rendered as `{"error":{"code","message"}}` with the given status. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function ok(body: unknown, headers?: Record<string, string>): ArmResponse {
  return { status: 200, body, headers };
}

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export const armErrors = {
  resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
    return new ArmError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  },
  resourceGroupNotFound(resourceGroup: string): ArmError {
    return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
  },
  subscriptionNotFound(subscriptionId: string): ArmError {
    return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  },
  badRequest(code: string, message: string): ArmError {
    return new ArmError(400, code, message);
  },
  invalidInput(message: string): ArmError {
    return new ArmError(400, 'BMSUserErrorInvalidInput', message);
  },
};
