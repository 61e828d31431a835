import https from 'node:https';

// Bare HTTPS to the sandbox: its control API (faults, request log) and plain ARM GETs, the
// floor a command's Azure reads are compared with.

export class SandboxHttp {
  private readonly agent: https.Agent;

  constructor(
    readonly url: string,
    caPem: string,
    private readonly token = 'sandbox-token',
  ) {
    this.agent = new https.Agent({ ca: caPem, keepAlive: true });
  }

  close(): void {
    this.agent.destroy();
  }

  request(method: string, pathOrUrl: string, body?: unknown): Promise<{ status: number; json: any }> {
    const target = pathOrUrl.startsWith('https://') ? pathOrUrl : `${this.url}${pathOrUrl}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        target,
        { method, agent: this.agent, headers: { authorization: `Bearer ${this.token}`, ...(payload ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Number of ARM requests in the sandbox's log so far. */
  async requestCount(): Promise<number> {
    return (await this.requests()).length;
  }

  async requests(): Promise<Array<{ method: string; path: string; query: string; status: number }>> {
    const { json } = await this.request('GET', '/_sandbox/requests');
    return json.requests;
  }

  async setLatency(latencyMs: number): Promise<void> {
    if (latencyMs > 0) await this.request('POST', '/_sandbox/faults', { share: 0, latencyMs });
    else await this.request('DELETE', '/_sandbox/faults');
  }

  /** Every page of an ARM list: the number of requests it took and the items. */
  async getAll(pathAndQuery: string): Promise<{ requests: number; items: any[] }> {
    const items: any[] = [];
    let requests = 0;
    for (let next: string | undefined = pathAndQuery; next; ) {
      const { status, json } = await this.request('GET', next);
      requests++;
      if (status !== 200) throw new Error(`GET ${next} answered ${status}`);
      items.push(...(json.value ?? []));
      next = json.nextLink;
    }
    return { requests, items };
  }
}

/** Runs tasks with at most `concurrency` at once (as the bot's own limiter does). */
export async function inBatches<T>(tasks: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (nextIndex < tasks.length) {
        const index = nextIndex++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}
