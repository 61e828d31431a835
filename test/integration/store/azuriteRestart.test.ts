import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '../../../src/store/azurite';

// `STORAGE=blob npm start` keeps its state in the Azurite it starts (data in DATA_DIR/azurite). A
// Ctrl-C right after a write (the lease released at shutdown, a subscription just made) must not
// lose it: Azurite saves its metadata every 5 s and on its own shutdown, so stopping it must be one.
let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-restart-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('keeps a blob written just before the stop when Azurite starts again on the same data', async () => {
  const first = await startAzurite({ location: dir, port: 0 });
  const container = BlobServiceClient.fromConnectionString(first.connectionString).getContainerClient('restart');
  await container.create();
  await container.getBlockBlobClient('state/written-last').upload('kept', 4);
  await first.stop();

  const second = await startAzurite({ location: dir, port: 0 });
  try {
    const blob = BlobServiceClient.fromConnectionString(second.connectionString).getContainerClient('restart').getBlockBlobClient('state/written-last');
    expect((await blob.downloadToBuffer()).toString()).toBe('kept');
  } finally {
    await second.stop();
  }
});
