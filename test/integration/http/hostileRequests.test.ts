import zlib from 'node:zlib';
import { BotProcess } from '../../helpers/botProcess';
import { reportMeasure, tally } from '../../helpers/measures';
import { chunked, postHead, rawRequest, type RawExchange } from '../../helpers/rawHttp';

// Issue 11 item 1: hostile requests to POST /api/messages, each over real HTTP against the bot as
// it runs in production (its own process, an app id configured). Every one is answered or cut off
// by the server, and the process still answers afterwards. Short timeouts keep the suite quick.

const bot = new BotProcess({
  MicrosoftAppId: '9f0a3b1c-1111-4222-8333-444455556666',
  MicrosoftAppPassword: 'not-a-real-secret',
  HTTP_HEADERS_TIMEOUT_SECONDS: '2',
  HTTP_REQUEST_TIMEOUT_SECONDS: '3',
});

/** Each hostile request's answer (its status, or 'cut off' when the server closed without one), and the tests after which the bot no longer answered. */
const answers: string[] = [];
let crashes = 0;
async function hostile(...args: Parameters<typeof rawRequest>): Promise<RawExchange> {
  const res = await rawRequest(...args);
  answers.push(res.status === undefined ? 'cut off' : String(res.status));
  return res;
}

beforeAll(() => bot.start(), 60_000);
afterAll(async () => {
  reportMeasure('http: hostile requests', { requests: answers.length, answers: tally(answers), crashes, processExited: bot.exitCode !== undefined });
  await bot.stop();
});
afterEach(async () => {
  const alive = await bot.answers();
  if (!alive) crashes++;
  expect(alive).toBe(true);
  expect(bot.stderr).not.toMatch(/Error: incorrect header check|uncaught/i);
});

/** ~640 MB of zeros gzipped into ~620 KB: under the 1 MB body limit compressed, far over it inflated. */
function gzipBombAsync(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zeros = Buffer.alloc(1024 * 1024);
    const chunks: Buffer[] = [];
    const gzip = zlib.createGzip({ level: 9 });
    gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(chunks)));
    gzip.on('error', reject);
    for (let i = 0; i < 640; i++) gzip.write(zeros);
    gzip.end();
  });
}

it('answers a body labelled gzip that is not gzip with 415 and keeps running', async () => {
  const body = '{"type":"message","text":"not compressed at all"}';
  const res = await hostile(bot.url, postHead({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.length }), [body]);
  expect(res.status).toBe(415);
  expect(res.response).toContain('Content-Encoding');
});

it('refuses a gzip bomb with 415 without inflating it', async () => {
  const bomb = await gzipBombAsync();
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const before = bot.rssMb();
  const res = await hostile(bot.url, postHead({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': bomb.length }, { keepAlive: true }), chunked(bomb, 64 * 1024), { giveUpAfterMs: 8_000 });
  expect(res.status).toBe(415);
  const after = bot.rssMb();
  if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(100);
});

it('refuses any other Content-Encoding (deflate, br) with 415', async () => {
  for (const encoding of ['deflate', 'br', 'GZIP', 'gzip, identity']) {
    const body = '{}';
    const res = await hostile(bot.url, postHead({ 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'Content-Length': body.length }), [body]);
    expect({ encoding, status: res.status }).toEqual({ encoding, status: 415 });
  }
});

it('refuses a declared body over the 1 MB limit with 413 at once, without waiting for it', async () => {
  const res = await hostile(bot.url, postHead({ 'Content-Type': 'application/json', 'Content-Length': 50 * 1024 * 1024 }), ['{"type":'], { giveUpAfterMs: 10_000 });
  expect(res.status).toBe(413);
  expect(res.closedByServer).toBe(true);
});

it('cuts off a slow upload (one byte every 250 ms) at the request timeout', async () => {
  const body = JSON.stringify({ type: 'message', text: 'x'.repeat(200) });
  const res = await hostile(bot.url, postHead({ 'Content-Type': 'application/json', 'Content-Length': body.length }), body.split(''), { chunkDelayMs: 250, giveUpAfterMs: 30_000 });
  // 200+ bytes at 4 a second would take 50 s; the server closes the socket long before the body is complete.
  expect(res.closedByServer).toBe(true);
  expect(res.bodyBytesWritten).toBeLessThan(body.length);
  expect([undefined, 408]).toContain(res.status);
}, 40_000);

it('cuts off headers trickled one line at a time at the headers timeout', async () => {
  const lines = Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: y\r\n`);
  const res = await hostile(bot.url, 'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n', lines, { chunkDelayMs: 250, giveUpAfterMs: 30_000 });
  expect(res.closedByServer).toBe(true);
  expect(res.bodyBytesWritten).toBeLessThan(lines.join('').length);
}, 40_000);

it('closes a connection that never sends a request', async () => {
  const res = await hostile(bot.url, '', [], { giveUpAfterMs: 30_000 });
  expect(res.closedByServer).toBe(true);
}, 40_000);

it('answers a 64 KB header with 431', async () => {
  const head = postHead({ 'Content-Type': 'application/json', 'X-Huge': 'a'.repeat(64 * 1024), 'Content-Length': 2 });
  const res = await hostile(bot.url, '', [...chunked(head, 4096), '{}'], { chunkDelayMs: 10 });
  expect(res.status).toBe(431);
});

it('answers a body that is not JSON with 400 and no parser detail', async () => {
  const body = '{"type": "message", oops';
  const res = await hostile(bot.url, postHead({ 'Content-Type': 'application/json', 'Content-Length': body.length }), [body]);
  expect(res.status).toBe(400);
  expect(res.response).not.toMatch(/Unexpected token|SyntaxError|at position/);
});
