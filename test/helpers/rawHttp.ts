import net from 'node:net';

export interface RawExchange {
  /** Status code of the first response line, or undefined when the server closed without answering. */
  status?: number;
  /** Everything the server sent. */
  response: string;
  /** True when the server ended or reset the connection (rather than the client giving up). */
  closedByServer: boolean;
  /** Bytes of the body the client managed to write before the connection closed. */
  bodyBytesWritten: number;
}

export interface RawRequestOptions {
  /** Pause between two body chunks (a slow upload). */
  chunkDelayMs?: number;
  /** The client gives up (and closes) after this long; default 30 s. */
  giveUpAfterMs?: number;
}

/**
 * Writes a request byte for byte over TCP (headers as given, body in chunks), so a test can send
 * what fetch refuses to: a lying Content-Length, a body trickled one byte at a time, raw gzip.
 */
export function rawRequest(baseUrl: string, head: string, body: Array<Buffer | string> = [], options: RawRequestOptions = {}): Promise<RawExchange> {
  const { port, hostname } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let response = '';
    let bodyBytesWritten = 0;
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      resolve({ status: match ? Number(match[1]) : undefined, response, closedByServer, bodyBytesWritten });
    };
    const giveUp = setTimeout(() => finish(false), options.giveUpAfterMs ?? 30_000);
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', async () => {
      socket.write(head);
      for (const chunk of body) {
        // A client stops sending once answered: writing on would make the server reset the connection.
        if (settled || socket.destroyed || response !== '') return;
        if (options.chunkDelayMs) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
        if (settled || socket.destroyed || response !== '') return;
        socket.write(chunk);
        bodyBytesWritten += Buffer.byteLength(chunk);
      }
    });
  });
}

/** Splits a large write into chunks, as a client's socket would send it. */
export function chunked(data: Buffer | string, size: number): Buffer[] {
  const buffer = Buffer.from(data);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += size) chunks.push(buffer.subarray(offset, offset + size));
  return chunks;
}

/**
 * The request line and headers of a POST /api/messages, ending with the blank line. One request per
 * connection unless `keepAlive` (then the server drains a refused body instead of closing on it).
 */
export function postHead(headers: Record<string, string | number>, options: { keepAlive?: boolean } = {}): string {
  const lines = ['POST /api/messages HTTP/1.1', 'Host: 127.0.0.1', `Connection: ${options.keepAlive ? 'keep-alive' : 'close'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
