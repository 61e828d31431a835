// The floor for a command round trip: a bare botbuilder echo bot on the same stack as the real bot
// (botbuilder 4.23 CloudAdapter on restify 11, anonymous channel) that answers every message with
// one small Adaptive Card. Run as its own process by bench/floor.bench.ts; prints "LISTENING <url>".
import restify from 'restify';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `You said: ${context.activity.text ?? ''}`, wrap: true }],
  });
  await context.sendActivity(MessageFactory.attachment(card));
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  next();
});
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`LISTENING http://127.0.0.1:${address.port}\n`);
});
