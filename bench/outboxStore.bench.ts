// Throughput of the file store and of the outbox, as ratios against baselines measured in the same run:
//   FileStorage writes (temp + fsync + rename + dir fsync, eTag check) vs plain fs.writeFile;
//   outbox sends (persisted states, no pacing) vs the bare adapter sender to the same recorder.
// Run: npx tsx bench/outboxStore.bench.ts
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import { createLogger } from '../src/logger';
import { createAdapterSender } from '../src/teams/adapterSender';
import { ConversationRegistry } from '../src/notify/conversationRegistry';
import { Outbox } from '../src/notify/outbox';
import { FileStorage } from '../src/store/fileStorage';
import { ConnectorRecorder } from '../test/helpers/connectorRecorder';

const WRITES = 500;
const SENDS = 400;
const CONVERSATIONS = 20;

async function perSecond(count: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

async function benchStorage(dir: string): Promise<void> {
  const value = JSON.stringify({ text: 'x'.repeat(2_000) });
  const plain = await perSecond(WRITES, async () => {
    for (let i = 0; i < WRITES; i++) await fs.writeFile(path.join(dir, `plain-${i % 50}.json`), value);
  });
  const storage = new FileStorage(path.join(dir, 'store'));
  const durable = await perSecond(WRITES, async () => {
    for (let i = 0; i < WRITES; i++) await storage.write({ [`key:${i % 50}`]: { text: value } });
  });
  console.log(`FileStorage sequential writes: ${durable.toFixed(0)}/s; plain writeFile ${plain.toFixed(0)}/s; ratio ${(durable / plain).toFixed(3)}`);
}

async function benchOutbox(dir: string): Promise<void> {
  const recorder = await new ConnectorRecorder().start();
  const sender = createAdapterSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
  const reference = (id: string) => ({ serviceUrl: recorder.url, channelId: 'msteams', conversation: { id, isGroup: true, conversationType: 'channel', tenantId: 't', name: '' } });
  const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => `conv-${c}`);

  const bare = await perSecond(SENDS, async () => {
    await Promise.all(conversations.map(async (id) => {
      for (let i = 0; i < SENDS / CONVERSATIONS; i++) await sender.send(reference(id), MessageFactory.text('bare'));
    }));
  });

  const storage = new FileStorage(path.join(dir, 'outbox'));
  const logger = createLogger('silent');
  const registry = new ConversationRegistry({ storage, logger });
  for (const id of conversations) await registry.touch(reference(id));
  const unlimited = [{ limit: 1_000_000, windowMs: 1_000 }];
  const outbox = new Outbox({ storage, registry, sender, logger, limits: { perConversation: unlimited, perTenant: unlimited } });
  const queued = await perSecond(SENDS, async () => {
    await Promise.all(conversations.map(async (id) => {
      for (let i = 0; i < SENDS / CONVERSATIONS; i++) await outbox.enqueue({ key: `${id}:${i}`, conversationId: id, kind: 'send', activity: MessageFactory.text('queued') });
    }));
  });
  const drained = await perSecond(SENDS, () => outbox.drain());
  await recorder.stop();
  console.log(`Outbox enqueue: ${queued.toFixed(0)}/s; drain (no pacing): ${drained.toFixed(0)}/s; bare sender ${bare.toFixed(0)}/s; drain/bare ratio ${(drained / bare).toFixed(3)}`);
  console.log('(Teams allows 50 sends/s per tenant: the drain rate must stay well above that.)');
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-store-'));
  try {
    await benchStorage(dir);
    await benchOutbox(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
