import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ALEX } from '../../helpers/activities';
import { NotifyHarness, textOf } from '../notify/notifyHarness';

const OPS = '19:ops@thread.tacv2';

/**
 * Makes a directory refuse new files the way an operator's mistake would: chmod for a normal user;
 * root ignores permissions, so there the directory is made immutable (chattr +i). Returns the undo.
 */
function makeReadOnly(dir: string): () => void {
  fs.chmodSync(dir, 0o555);
  try {
    fs.writeFileSync(path.join(dir, 'probe'), 'x');
    fs.rmSync(path.join(dir, 'probe'));
  } catch {
    return () => fs.chmodSync(dir, 0o755);
  }
  fs.chmodSync(dir, 0o755);
  execFileSync('chattr', ['+i', dir]);
  return () => execFileSync('chattr', ['-i', dir]);
}

async function readyz(url: string): Promise<{ status: number; body: { status: string; reasons: string[]; checks: Record<string, { ok: boolean; detail: string }> } }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: await res.json() };
}

describe('health that tells the truth: /healthz, /readyz, and an unwritable store', () => {
  let h: NotifyHarness;
  let undo: (() => void) | undefined;

  beforeAll(async () => {
    h = await new NotifyHarness().start();
  });
  afterAll(async () => {
    undo?.();
    await h.stop();
  });

  it('reports ready with its checks while all is well', async () => {
    const { status, body } = await readyz(h.app.url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', reasons: [], checks: { storage: { ok: true, detail: 'writable' }, lease: { ok: true } } });
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });

  it('with a read-only store: /readyz says why with 503, commands that write say storage cannot be written, reads still answer', async () => {
    undo = makeReadOnly(path.join(h.dataDir, 'store'));
    const { status, body } = await readyz(h.app.url);
    expect(status).toBe(503);
    expect(body.status).toBe('not ready');
    expect(body.reasons).toEqual([expect.stringMatching(/^storage: cannot be written: permission denied \(.*store\)$/)]);
    // Liveness is not readiness: the process itself is fine.
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);

    const refused = textOf(await h.say('subscribe alerts', ALEX, OPS));
    expect(refused).toContain("I could not save what this needs: the bot's storage cannot be written (permission denied). Ask your administrator to make the bot's data directory (DATA_DIR) writable");
    expect(refused).not.toMatch(/Something went wrong|EACCES|EPERM/);
    expect(textOf(await h.say('whoami', ALEX, OPS))).toContain('Role: operator');

    undo();
    undo = undefined;
    expect((await readyz(h.app.url)).status).toBe(200);
    expect(textOf(await h.say('subscribe alerts', ALEX, OPS))).not.toContain('cannot be written');
  });
});

