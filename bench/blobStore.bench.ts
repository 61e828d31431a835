// The blob store against the file store, as ratios measured in the same run:
//   Storage writes/s (sequential and 16 concurrent writers): BlobStorage on Azurite vs FileStorage;
//   outbox drain rate (persisted states, no pacing): over BlobStorage vs over FileStorage.
// Azurite (the storage server) runs in its own process, as Azure Storage would be elsewhere.
// Run: npx tsx bench/blobStore.bench.ts
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type Storage } from 'botbuilder';
import { createLogger } from '../src/logger';
import { createAdapterSender } from '../src/teams/adapterSender';
import { ConversationRegistry } from '../src/notify/conversationRegistry';
import { Outbox } from '../src/notify/outbox';
import { startAzurite } from '../src/store/azurite';
import { BlobStorage } from '../src/store/blobStorage';
import { FileStorage } from '../src/store/fileStorage';
import { readItem, writeItem } from '../src/store/storeHelpers';
import { ConnectorRecorder } from '../test/helpers/connectorRecorder';

const WRITES = 400;
const WRITERS = 16;
const SENDS = 300;
const CONVERSATIONS = 20;

async function perSecond(count: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Conditional writes as the bot does them: read the eTag, write with If-Match. */
async function writes(storage: Storage, writers: number): Promise<number> {
  const value = 'x'.repeat(2_000);
  return perSecond(WRITES, async () => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < WRITES; i += writers) {
          const key = `bench:${w}:${i % 25}`;
          const current = await readItem<{ text: string }>(storage, key);
          await writeItem(storage, key, { text: value }, current?.eTag);
        }
      }),
    );
  });
}

async function drainRate(storage: Storage, recorderUrl: string): Promise<number> {
  const sender = createAdapterSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
  const reference = (id: string) => ({ serviceUrl: recorderUrl, channelId: 'msteams', conversation: { id, isGroup: true, conversationType: 'channel', tenantId: 't', name: '' } });
  const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => `conv-${c}`);
  const logger = createLogger('silent');
  const registry = new ConversationRegistry({ storage, logger });
  for (const id of conversations) await registry.touch(reference(id));
  const unlimited = [{ limit: 1_000_000, windowMs: 1_000 }];
  const outbox = new Outbox({ storage, registry, sender, logger, limits: { perConversation: unlimited, perTenant: unlimited } });
  for (const id of conversations) {
    for (let i = 0; i < SENDS / CONVERSATIONS; i++) await outbox.enqueue({ key: `${id}:${i}`, conversationId: id, kind: 'send', activity: MessageFactory.text('queued') });
  }
  return perSecond(SENDS, () => outbox.drain());
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-blob-'));
  const azurite = await startAzurite({ location: path.join(dir, 'azurite'), port: 0 });
  const recorder = await new ConnectorRecorder().start();
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  const blob = (name: string) => new BlobStorage(service.getContainerClient(name));
  const file = (name: string) => new FileStorage(path.join(dir, name));
  try {
    // Warm-up (JIT, Azurite's first container), not counted.
    await writes(blob('warmup'), 4);
    const fileSeq = await writes(file('seq'), 1);
    const blobSeq = await writes(blob('seq'), 1);
    const fileConc = await writes(file('conc'), WRITERS);
    const blobConc = await writes(blob('conc'), WRITERS);
    console.log(`Conditional writes, 1 writer:   blob ${blobSeq.toFixed(0)}/s, file ${fileSeq.toFixed(0)}/s; blob/file ${(blobSeq / fileSeq).toFixed(2)}`);
    console.log(`Conditional writes, ${WRITERS} writers: blob ${blobConc.toFixed(0)}/s, file ${fileConc.toFixed(0)}/s; blob/file ${(blobConc / fileConc).toFixed(2)}`);
    const fileDrain = await drainRate(file('outbox'), recorder.url);
    const blobDrain = await drainRate(blob('outbox'), recorder.url);
    console.log(`Outbox drain (no pacing): blob ${blobDrain.toFixed(0)}/s, file ${fileDrain.toFixed(0)}/s; blob/file ${(blobDrain / fileDrain).toFixed(2)}`);
    console.log('(Teams allows 50 sends/s per tenant: the blob drain rate must stay above that.)');
  } finally {
    await recorder.stop();
    await azurite.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
