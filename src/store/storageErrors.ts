/** Why a store could not be written, in words an operator can act on. */
const REASONS: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/**
 * The store refused a write for a reason that retrying will not fix (read-only, permissions, full
 * disk). Commands tell the user exactly this instead of a generic failure; /readyz reports it too.
 */
export class StorageUnwritableError extends Error {
  constructor(
    readonly reason: string,
    readonly location: string,
    readonly code: string,
  ) {
    super(`Storage at ${location} cannot be written: ${reason} (${code})`);
    this.name = 'StorageUnwritableError';
  }
}

/** The StorageUnwritableError a file-system error stands for, or undefined for other errors. */
export function unwritableFrom(err: unknown, location: string): StorageUnwritableError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || REASONS[code] === undefined) return undefined;
  return new StorageUnwritableError(REASONS[code], location, code);
}
