import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '../../src/store/azurite';

/**
 * A real Azurite (the Azure Storage emulator from the `azurite` npm package) for one test file:
 * its own child process on a free port with its data in a temp dir, removed on stop().
 */
export class TestAzurite {
  running!: RunningAzurite;
  private dir = '';

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
    this.running = await startAzurite({ location: this.dir, port: 0 });
    return this;
  }

  get connectionString(): string {
    return this.running.connectionString;
  }

  /** A fresh container client (a new name each call unless given), as a separate replica would build it. */
  container(name = `t-${randomBytes(6).toString('hex')}`): ContainerClient {
    return BlobServiceClient.fromConnectionString(this.connectionString).getContainerClient(name);
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
