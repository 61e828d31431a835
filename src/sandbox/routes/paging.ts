import { armErrors, type ArmRequest } from '../http/arm';
import { absoluteUrl } from './context';

// Paging: `value` plus an absolute `nextLink` carrying `$skipToken`. Generic lists use an offset
// token; the jobs list uses a keyset token (see jobs.ts) so new jobs do not shift pages.

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

/** Renders only the items of the requested page: rendering a whole large estate per page made listing quadratic. */
export function pageByOffset<T, R = T>(request: ArmRequest, items: T[], pageSize: number, render: (item: T) => R = (item) => item as unknown as R): Page<R> {
  const offset = decodeOffset(request.query.get('$skipToken'));
  const value = items.slice(offset, offset + pageSize).map(render);
  const next = offset + pageSize;
  return { value, nextLink: next < items.length ? nextLinkFor(request, encodeToken(String(next))) : undefined };
}

export function nextLinkFor(request: ArmRequest, skipToken: string): string {
  const query: Record<string, string> = {};
  request.query.forEach((value, name) => {
    if (name.toLowerCase() !== '$skiptoken') query[name] = value;
  });
  query.$skipToken = skipToken;
  return absoluteUrl(request, request.path, query);
}

export function encodeToken(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

function decodeOffset(token: string | null): number {
  if (token === null || token === '') return 0;
  const offset = Number(decodeToken(token));
  if (!Number.isInteger(offset) || offset < 0) throw armErrors.invalidInput('The $skipToken is not valid for this list.');
  return offset;
}
