// A stand-in Bot Connector in its own process: the bots POST their replies here (the activity's
// serviceUrl). It answers at once so the reply leg costs both bots the same; `GET /count` says how
// many replies arrived, `GET /last` returns the last activity and the id it was given (the bench reads
// command replies and clicks their buttons).
import http from 'node:http';

let count = 0;
let last: unknown = null;
let lastId = '';
let sequence = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/last' ? { activity: last, id: lastId } : { count }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    count++;
    try {
      last = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      last = null;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    lastId = `activity-${++sequence}`;
    res.end(JSON.stringify({ id: lastId }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`LISTENING http://127.0.0.1:${address.port}/\n`);
});
