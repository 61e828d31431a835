// The log of ARM requests the sandbox received, so tests can count writes exactly.

export interface LoggedRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  query: string;
  /** HTTP status sent; 0 when the connection was dropped by fault injection. */
  status: number;
  /** Simulated time of the request (ISO 8601). */
  time: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly limit = 100_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  all(): LoggedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
