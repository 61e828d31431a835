import { createLogger } from '../../src/logger';

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
