import { toProactiveSendError } from '../../../src/teams/adapterSender';
import { classifySendFailure, parseRetryAfter, ProactiveSendError } from '../../../src/bot/sendFailure';

const rest = (statusCode: number | undefined, code: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${code} happened`), { name: 'RestError', statusCode, code, request: { headers: { authorization: 'Bearer secret-token' } }, response: { headers: { get: (n: string) => headers[n] } } });

describe('classifySendFailure', () => {
  it.each([
    [429, 'throttled'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [412, 'transient'],
    [408, 'transient'],
    [401, 'transient'],
    [403, 'gone'],
    [404, 'gone'],
    [400, 'rejected'],
    [413, 'rejected'],
  ])('HTTP %i is %s', (status, kind) => {
    expect(classifySendFailure(new ProactiveSendError('x', status, undefined)).kind).toBe(kind);
  });

  it('treats network errors and timeouts as transient', () => {
    expect(classifySendFailure(new ProactiveSendError('x', undefined, 'ECONNRESET')).kind).toBe('transient');
    expect(classifySendFailure(new Error('socket hang up')).kind).toBe('transient');
  });

  it('reads Retry-After from a RestError-like error', () => {
    expect(classifySendFailure(rest(429, 'TooManyRequests', { 'retry-after': '3' }))).toEqual({ kind: 'throttled', retryAfterMs: 3000 });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-29T01:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 29 Mar 2026 01:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 29 Mar 2026 00:59:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('toProactiveSendError', () => {
  it('keeps status, code and Retry-After, and drops the request with its token', () => {
    const converted = toProactiveSendError(rest(403, 'BotNotInConversationRoster'));
    expect(converted).toBeInstanceOf(ProactiveSendError);
    expect(converted).toMatchObject({ statusCode: 403, code: 'BotNotInConversationRoster' });
    expect(converted.message).toBe('HTTP 403 BotNotInConversationRoster: BotNotInConversationRoster happened');
    expect(JSON.stringify({ ...converted, message: converted.message })).not.toContain('secret-token');
    expect(toProactiveSendError(rest(429, 'TooManyRequests', { 'retry-after': '2' })).retryAfterMs).toBe(2000);
    expect(toProactiveSendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).message).toBe('network error ECONNREFUSED: connect ECONNREFUSED');
  });
});
