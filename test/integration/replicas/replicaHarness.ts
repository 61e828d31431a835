import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { BlobStorage } from '../../../src/store/blobStorage';
import { LEASE_BLOB_PREFIX } from '../../../src/store/blobLease';
import { NOTIFY_LEASE } from '../../../src/notify/proactiveStack';
import { WATCHED_VAULTS_KEY, watchKey, type WatchedVaults } from '../../../src/notify/jobWatcher';
import { readItem } from '../../../src/store/storeHelpers';
import { ALEX, MEGAN, messageActivity, postActivity, invokeActivity, type TestUser } from '../../helpers/activities';
import { TestAzurite } from '../../helpers/azurite';
import { ConnectorRecorder, type RecordedCall } from '../../helpers/connectorRecorder';
import { cardOf, textOf } from '../../helpers/cardReading';

export { cardOf, textOf };

const REPO = path.resolve(__dirname, '..', '..', '..');
export const NESTOR: TestUser = { id: '29:nestor', name: 'Nestor Wilke', aadObjectId: '44444444-4444-4444-8444-444444444444' };
export const LEASE_SECONDS = 15;
/** LeaseKeeper renews (or tries to take) the lease every third of its period. */
export const LEASE_TICK_SECONDS = LEASE_SECONDS / 3;
/** Send timeout of the replicas; a message a dead replica was sending goes again after twice this. */
export const SEND_TIMEOUT_SECONDS = 3;

/** One bot process (`node --import tsx src/index.ts`, exactly what `npm run dev` runs). */
export class Replica {
  url = '';
  private exited: Promise<number | null>;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the bot says where it listens. */
  async ready(timeoutMs = 90_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    while (this.url === '') {
      if (!this.alive) throw new Error(`replica ${this.name} exited before listening:\n${this.output.join('').slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`replica ${this.name} did not start within ${timeoutMs} ms:\n${this.output.join('').slice(-3000)}`);
      await pause(100);
    }
    return this;
  }

  watch(): void {
    const onData = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      const listening = /Bot listening on (http:\/\/\S+)\/api\/messages/.exec(this.output.join(''));
      if (listening && this.url === '') this.url = listening[1];
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
  }

  /** SIGKILL: no release, no cleanup (a crash or an OOM kill). SIGTERM: a clean stop that releases the lease. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (this.alive) this.child.kill(signal);
    await this.exited;
  }
}

/**
 * Several bot processes on one Azurite account and one running sandbox (SANDBOX_URL), behind one
 * recording connector: replicas as they run in App Service or Container Apps, with the test
 * standing for Azure (sandbox, storage) and Teams (connector).
 */
export class ReplicaHarness {
  readonly azurite = new TestAzurite();
  readonly connector = new ConnectorRecorder();
  sandbox!: SandboxHandle;
  readonly replicas: Replica[] = [];
  readonly container = `replicas-${Date.now().toString(36)}`;
  private dir = '';
  private caFile = '';
  private count = 0;

  constructor(private readonly sandboxStart: string) {}

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replicas-'));
    await Promise.all([this.azurite.start(), this.connector.start()]);
    this.sandbox = await startSandbox({ speed: 0, startTime: this.sandboxStart });
    this.caFile = path.join(this.dir, 'sandbox-ca.pem');
    fs.writeFileSync(this.caFile, this.sandbox.caPem);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.stop('SIGKILL')));
    await this.sandbox?.close();
    await this.connector.stop();
    await this.azurite.stop();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Starts `n` replicas at once and waits until all listen. */
  async startReplicas(n: number): Promise<Replica[]> {
    const started = Array.from({ length: n }, () => this.spawnReplica());
    return Promise.all(started.map((r) => r.ready()));
  }

  spawnReplica(): Replica {
    const name = `r${++this.count}`;
    const dataDir = path.join(this.dir, name);
    fs.mkdirSync(dataDir);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: this.azurite.connectionString,
      AZURE_STORAGE_CONTAINER: this.container,
      SANDBOX_URL: this.sandbox.url,
      SANDBOX_CA_FILE: this.caFile,
      // Per-replica files only (the Playground log); every user-visible state is in the container.
      DATA_DIR: dataDir,
      PORT: '0',
      PLAYGROUND: 'off',
      LOG_LEVEL: 'info',
      OPERATORS: ALEX.aadObjectId,
      APPROVERS: `${MEGAN.aadObjectId},${NESTOR.aadObjectId}`,
      DEFAULT_TIMEZONE: 'UTC',
      WATCH_INTERVAL_SECONDS: '2',
      JOB_FOLLOW_INTERVAL_SECONDS: '2',
      LEADER_LEASE_SECONDS: String(LEASE_SECONDS),
      OUTBOX_SEND_TIMEOUT_SECONDS: String(SEND_TIMEOUT_SECONDS),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const replica = new Replica(name, child);
    replica.watch();
    this.replicas.push(replica);
    return replica;
  }

  /** The container as another client sees it (the test reads the shared state, as an operator could). */
  containerClient(): ContainerClient {
    return this.azurite.container(this.container);
  }

  storage(): BlobStorage {
    return new BlobStorage(this.containerClient());
  }

  /** The replica holding the notify lease, per the lease blob (state leased + holder metadata), if any. */
  async leader(): Promise<Replica | undefined> {
    const props = await this.containerClient()
      .getBlockBlobClient(`${LEASE_BLOB_PREFIX}${NOTIFY_LEASE}`)
      .getProperties()
      .catch(() => undefined);
    if (props?.leaseState !== 'leased') return undefined;
    const pid = Number(props.metadata?.holder?.split(':')[1]);
    return this.replicas.find((r) => r.pid === pid && r.alive);
  }

  async waitForLeader(timeoutMs: number, among: Replica[] = this.replicas): Promise<Replica> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = await this.leader();
      if (leader && among.includes(leader)) return leader;
      if (Date.now() > deadline) throw new Error(`no leader among ${among.map((r) => r.name).join(', ')} within ${timeoutMs} ms`);
      await pause(100);
    }
  }

  /** The leader's watcher stores what it has seen per vault; once `vaultName` has a state, its baseline pass is done. */
  async waitForWatcherBaseline(vaultName: string, timeoutMs = 30_000): Promise<void> {
    const storage = this.storage();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const vaults = (await readItem<WatchedVaults>(storage, WATCHED_VAULTS_KEY))?.vaults ?? [];
      const vault = vaults.find((v) => v.name === vaultName);
      if (vault && (await readItem(storage, watchKey(vault.id)))) return;
      if (Date.now() > deadline) throw new Error(`the leader's watcher stored no state for ${vaultName} within ${timeoutMs} ms`);
      await pause(200);
    }
  }

  /** Types a command in a conversation through one replica and returns the card it replied with. */
  async say(replica: Replica, text: string, from: TestUser, conversationId: string): Promise<RecordedCall> {
    const before = this.connector.sent(conversationId).length;
    const res = await postActivity(replica.url, messageActivity(text, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', mention: true }));
    if (res.status !== 200) throw new Error(`${replica.name}: POST /api/messages answered ${res.status}`);
    await this.connector.waitFor(() => this.connector.sent(conversationId).length > before, 30_000, `the reply to "${text}"`);
    return this.connector.sent(conversationId)[before];
  }

  /** Clicks an Action.Execute button through one replica; returns the card the clicker gets back. */
  async click(replica: Replica, verb: string, data: Record<string, unknown>, from: TestUser, conversationId: string, replyToId?: string): Promise<Record<string, unknown>> {
    const res = await postActivity(replica.url, invokeActivity(verb, data, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', replyToId }));
    if (res.status !== 200) throw new Error(`${replica.name}: invoke answered HTTP ${res.status}`);
    return res.body.value as Record<string, unknown>;
  }

  /** First lines of the cards posted (not updated) in a conversation, e.g. "Backup failed: vm-sql-01". */
  postedTitles(conversationId: string): string[] {
    return this.connector.sent(conversationId).map((c) => {
      try {
        return textOf(cardOf(c)).split('\n')[0];
      } catch {
        return String(c.body.text ?? '');
      }
    });
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

