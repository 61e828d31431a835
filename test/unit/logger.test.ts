import { createLogger, errorFacts } from '../../src/logger';

function capture(): { lines: string[]; stream: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line) } };
}

describe('logger', () => {
  it('never writes bearer tokens or secrets', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ headers: { authorization: 'Bearer eyJ.secret.token' }, appPassword: 'hunter2', request: { headers: { authorization: 'Bearer abc' } } }, 'call');
    logger.info({ token: 'sandbox-token', accessToken: 'at', nested: { password: 'p' } }, 'more');
    const output = lines.join('\n');
    for (const secret of ['eyJ.secret.token', 'hunter2', 'Bearer abc', 'sandbox-token', '"at"', '"p"']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });
});

describe('errorFacts: the one way to log an error', () => {
  // An SDK-shaped error: its request (with the bearer token) and a cause hang off the object.
  const sdkError = () =>
    Object.assign(new Error('The operation failed'), {
      code: 'ServiceUnavailable',
      statusCode: 503,
      request: { url: 'https://management.azure.com/x', headers: { authorization: 'Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl' } },
      cause: new Error('inner detail'),
    });

  it('keeps the message and codes, never the object (no request, no headers, no cause)', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).warn({ ...errorFacts(sdkError()), jobId: 'j1' }, 'job follower: could not read the job, will retry');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ error: 'The operation failed', code: 'ServiceUnavailable', status: 503, jobId: 'j1' });
    expect(lines[0]).not.toMatch(/eyJ|authorization|request|inner detail|stack/i);
  });

  it('scrubs credentials a message quotes: a bearer token, a JWT, a SAS signature, a connection string key', () => {
    const message =
      'refused Bearer abcdefghijklmnopqrstuvwxyz0123 and eyJhbGciOi.eyJzdWIiOi.c2ln for https://acct.blob.core.windows.net/c/b?sv=2024&sig=Zm9vYmFy%3D&se=1; AccountKey=a2V5a2V5a2V5==;EndpointSuffix=core';
    const { error } = errorFacts(new Error(message));
    for (const secret of ['abcdefghijklmnopqrstuvwxyz0123', 'eyJhbGciOi', 'Zm9vYmFy', 'a2V5a2V5a2V5']) expect(error).not.toContain(secret);
    expect(error).toContain('Bearer [redacted]');
    expect(error).toContain('sig=[redacted]&se=1');
    expect(error).toContain('AccountKey=[redacted];EndpointSuffix=core');
    // Ordinary words after "Bearer"/"Basic" stay readable.
    expect(errorFacts(new Error('Basic tier vaults cannot do that')).error).toBe('Basic tier vaults cannot do that');
  });

  it('adds the stack frames (code locations, not the message) only when asked, for unexpected failures', () => {
    const err = new Error('Cannot read properties of undefined (reading "id")');
    expect(errorFacts(err).stack).toBeUndefined();
    const frames = errorFacts(err, { stack: true }).stack!;
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(10);
    for (const frame of frames) expect(frame).toMatch(/^at /);
    expect(frames[0]).toContain('logger.test.ts');
    expect(errorFacts('a thrown string', { stack: true })).toEqual({ error: 'a thrown string', code: undefined, status: undefined });
  });
});
