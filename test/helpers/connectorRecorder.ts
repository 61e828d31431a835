import http from 'node:http';
import { randomUUID } from 'node:crypto';

/** One call the bot made to the Bot Connector. */
export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  /** For PUT (update) and reply POSTs, the activity id in the path. */
  activityId?: string;
  /** Id this recorder gave the activity (POST) or kept (PUT). */
  resultId?: string;
  body: Record<string, any>;
  status: number;
  at: number;
}

/** Lets a test answer some calls with an error (429, 403, 500...) instead of 200. */
export type FaultRule = (call: { method: string; path: string; conversationId: string; body: any }) =>
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | undefined;

/**
 * A small HTTP server standing in for the Bot Connector (the activity's serviceUrl): it records
 * every send, reply and update the bot makes, and can answer with faults.
 */
export class ConnectorRecorder {
  readonly calls: RecordedCall[] = [];
  private server?: http.Server;
  private faultRule?: FaultRule;
  private delayMs = 0;
  /** Calls recorded whose answer has not been written yet (a slow connector holds them). */
  unanswered = 0;
  private waiters: Array<() => void> = [];
  private holding = false;
  /** When set, only the calls it matches are held (the others are answered as usual). */
  private holdRule?: (call: { method: string; body: any }) => boolean;
  private held: Array<{ accept: () => void; gone: boolean }> = [];
  /** What the conversation roster calls (members, pagedmembers) answer; empty unless a test sets it. */
  roster: Array<{ id: string; name: string; aadObjectId: string }> = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  setFaults(rule: FaultRule | undefined): void {
    this.faultRule = rule;
  }

  /** Answers every later call only after `ms` (a slow connector), after recording it. */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /**
   * Holds every later call (or only those `rule` matches) unanswered and unrecorded, as if it had
   * not reached the connector yet, until release(): a test can stop a bot process while it is
   * waiting on the connector, or make one update slow and let the others through.
   */
  hold(rule?: (call: { method: string; body: any }) => boolean): void {
    this.holding = true;
    this.holdRule = rule;
  }

  /** Calls held so far (their senders may have died since). */
  get heldCount(): number {
    return this.held.length;
  }

  /** Held calls whose sender has gone away (its connection closed). */
  get heldGone(): number {
    return this.held.filter((call) => call.gone).length;
  }

  /**
   * Stops holding: accepts (records and answers) the held calls whose sender is still connected,
   * drops those whose sender went away (never accepted, so never delivered). Returns how many were dropped.
   */
  release(): number {
    this.holding = false;
    this.holdRule = undefined;
    const held = this.held.splice(0);
    held.filter((call) => !call.gone).forEach((call) => call.accept());
    return held.filter((call) => call.gone).length;
  }

  /** Successful sends and replies (not updates), optionally for one conversation. */
  sent(conversationId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.status < 300 && c.body?.type === 'message' && (conversationId === undefined || c.conversationId === conversationId));
  }

  updates(conversationId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && c.status < 300 && (conversationId === undefined || c.conversationId === conversationId));
  }

  /** Resolves when `predicate` holds over the recorded calls, or rejects after `timeoutMs`. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 15_000, what = 'connector calls'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}; recorded ${this.calls.length} calls: ${this.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  clear(): void {
    this.calls.length = 0;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rule = this.holdRule;
      const holds = this.holding && (rule === undefined || rule({ method: req.method ?? 'GET', body: parseBody(chunks) }));
      if (!holds) return this.accept(req, res, chunks);
      const call = { accept: () => this.accept(req, res, chunks), gone: false };
      res.on('close', () => {
        call.gone = !res.writableEnded;
        this.wakeWaiters();
      });
      this.held.push(call);
      this.wakeWaiters();
    });
  }

  private accept(req: http.IncomingMessage, res: http.ServerResponse, chunks: Buffer[]): void {
    const body = parseBody(chunks);
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const match = /\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
    const conversationId = match?.[1] ?? '';
    const activityId = match?.[2];
    const method = req.method ?? 'GET';
    const fault = this.faultRule?.({ method, path, conversationId, body });
    if (fault) {
      this.record({ method, path, conversationId, activityId, body, status: fault.status, at: Date.now() });
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.headers ?? {}) });
      res.end(JSON.stringify(fault.body ?? { error: { code: 'Fault', message: `injected ${fault.status}` } }));
      return;
    }
    if (method === 'POST' && path === '/v3/conversations') {
      const id = `created-${randomUUID()}`;
      this.record({ method, path, conversationId: id, body, status: 200, resultId: id, at: Date.now() });
      return this.json(res, 200, { id, activityId: randomUUID() });
    }
    if (method === 'GET' && /\/pagedmembers/.test(path)) {
      return this.json(res, 200, { members: this.roster });
    }
    if (method === 'GET' && /\/members/.test(path)) {
      return this.json(res, 200, this.roster);
    }
    const resultId = method === 'PUT' ? (activityId ?? randomUUID()) : randomUUID();
    this.record({ method, path, conversationId, activityId, body, status: 200, resultId, at: Date.now() });
    this.json(res, 200, { id: resultId });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    const answer = () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.delayMs > 0) {
      this.unanswered++;
      setTimeout(() => {
        this.unanswered--;
        answer();
      }, this.delayMs);
    } else answer();
  }
}

function parseBody(chunks: Buffer[]): any {
  const raw = Buffer.concat(chunks).toString('utf8');
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return { raw };
  }
}
