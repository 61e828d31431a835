/**
 * A listen() failure in words a person can act on: which setting chose the port, and the usual
 * reason it is taken (the bot, or its sandbox, is already running from another terminal).
 */
export function listenFailure(err: unknown, setting: string, port: number): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(`port ${port} is already in use (${setting}). Is another copy of the bot still running? Stop it, or set ${setting} to a free port (0 picks one).`);
  }
  if (code === 'EACCES') return new Error(`port ${port} needs more privileges than this user has (${setting}): choose a port above 1023.`);
  return err instanceof Error ? err : new Error(String(err));
}
