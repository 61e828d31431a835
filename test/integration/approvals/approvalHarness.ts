import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../../src/app';
import { startSandbox, type SandboxControl, type SandboxHandle } from '../../../src/sandbox';
import { FileStorage } from '../../../src/store/fileStorage';
import { ConnectorRecorder, type RecordedCall } from '../../helpers/connectorRecorder';
import { MEGAN, invokeActivity, messageActivity, postActivity, type TestUser } from '../../helpers/activities';
import { testConfig } from '../../helpers/testConfig';

export const NESTOR: TestUser = { id: '29:nestor', name: 'Nestor Wilke', aadObjectId: '44444444-4444-4444-8444-444444444444' };
export const CHANNEL = '19:ops@thread.tacv2';

type Json = Record<string, unknown>;

/**
 * The bot as Teams sees it: startApp over real HTTP with the in-process sandbox behind the real
 * SDKs, a connector recorder for what the bot posts, and the file store under the data dir.
 */
export class ApprovalHarness {
  app!: RunningApp;
  readonly connector = new ConnectorRecorder();
  private sandboxHandle?: SandboxHandle;
  dataDir = '';
  private caFile = '';

  /**
   * `in-app`: the bot starts the sandbox in its process and runs on its simulated clock (tests move
   * time with advanceClock). `external`: the test owns the sandbox, which stands for Azure and
   * outlives bot restarts; the bot reaches it through SANDBOX_URL and SANDBOX_CA_FILE.
   */
  async start(sandbox: 'in-app' | 'external' = 'in-app'): Promise<this> {
    await this.connector.start();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'approvals-it-'));
    if (sandbox === 'external') {
      this.sandboxHandle = await startSandbox();
      this.caFile = path.join(this.dataDir, 'sandbox-ca.pem');
      fs.writeFileSync(this.caFile, this.sandboxHandle.caPem);
    }
    this.app = await this.startBot();
    return this;
  }

  /** Stops the bot and starts a new one on the same data dir (a process restart). */
  async restart(): Promise<void> {
    if (!this.sandboxHandle) throw new Error('restart needs the external sandbox, which survives the bot');
    await this.app.close();
    this.app = await this.startBot();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.sandboxHandle?.close();
    await this.connector.stop();
  }

  private startBot(): Promise<RunningApp> {
    const external: Record<string, string> = this.sandboxHandle ? { SANDBOX_URL: this.sandboxHandle.url, SANDBOX_CA_FILE: this.caFile } : {};
    const config = testConfig({ APPROVERS: `${MEGAN.aadObjectId},${NESTOR.aadObjectId}`, DATA_DIR: this.dataDir, ...external });
    return startApp(config, { storage: new FileStorage(path.join(this.dataDir, 'store')) });
  }

  get sandbox(): SandboxControl {
    const control = this.sandboxHandle?.control ?? this.app.sandbox?.handle?.control;
    if (!control) throw new Error('no sandbox control');
    return control;
  }

  /** Configure-protection calls the sandbox received (PUT on a protected item). */
  protectionPuts(vmName?: string) {
    return this.sandbox
      .requests()
      .filter((r) => r.method === 'PUT' && /\/protectedItems\//i.test(r.path) && (vmName === undefined || r.path.toLowerCase().endsWith(`;${vmName.toLowerCase()}`)));
  }

  /** Types a command in the ops channel and returns the card the bot posted. */
  async say(text: string, from: TestUser, conversationId = CHANNEL): Promise<RecordedCall> {
    const before = this.connector.sent(conversationId).length;
    const res = await postActivity(this.app.url, messageActivity(text, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', mention: true }));
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    await this.connector.waitFor(() => this.connector.sent(conversationId).length > before, 30_000, `the reply to "${text}"`);
    return this.connector.sent(conversationId)[before];
  }

  /** Clicks an Action.Execute button (adaptiveCard/action invoke) and returns the card the clicker gets back. */
  async click(verb: string, data: Json, from: TestUser, replyToId?: string, conversationId = CHANNEL): Promise<Json> {
    const res = await postActivity(this.app.url, invokeActivity(verb, data, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', replyToId }));
    if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as { statusCode: number; type: string; value: Json };
    if (body.statusCode !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`unexpected invoke response ${JSON.stringify(body)}`);
    return body.value;
  }

  /** Clicks an Action.Submit button (older clients): a message activity carrying the button's data and no text. */
  async submit(data: Json, from: TestUser, replyToId?: string, conversationId = CHANNEL): Promise<void> {
    const activity = { ...messageActivity('', { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel' }), text: undefined, value: data, replyToId };
    const res = await postActivity(this.app.url, activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
  }

  /** Card updates (updateActivity) the bot made to one posted message. */
  updatesOf(activityId: string): RecordedCall[] {
    return this.connector.updates().filter((c) => c.activityId === activityId);
  }
}

export function cardOf(call: RecordedCall): Json {
  const attachments = call.body.attachments as Array<{ content: Json }> | undefined;
  if (!attachments?.[0]) throw new Error(`no card in ${JSON.stringify(call.body)}`);
  return attachments[0].content;
}

/** What a user reads: every TextBlock and fact. */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'TextBlock') parts.push(String(n.text));
      if (n.type === 'FactSet') (n.facts as Array<{ title: string; value: string }>).forEach((f) => parts.push(`${f.title}: ${f.value}`));
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** Buttons a user sees (refresh excluded), as verb and data. */
export function buttonsOf(card: unknown): Array<{ verb: string; data: Json }> {
  const buttons: Array<{ verb: string; data: Json }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.Execute') buttons.push({ verb: String(n.verb), data: (n.data ?? {}) as Json });
      for (const [key, value] of Object.entries(n)) if (key !== 'refresh' && key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return buttons;
}

export function verbsOf(card: unknown): string[] {
  return buttonsOf(card).map((b) => b.verb);
}

/** The request id a posted approval card refers to (its refresh action carries it). */
export function requestIdOf(card: Json): string {
  const refresh = card.refresh as { action: { data: { requestId: string } } } | undefined;
  const id = refresh?.action.data.requestId ?? buttonsOf(card).find((b) => typeof b.data.requestId === 'string')?.data.requestId;
  if (typeof id !== 'string') throw new Error('the card names no request');
  return id;
}
