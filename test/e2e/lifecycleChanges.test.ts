import { approveAsMegan } from './harness/approveAsMegan';
import { startE2eStack, type E2eStack } from './harness/stack';
import type { PlaygroundPage } from './harness/playgroundPage';
import { CONVERSATIONS } from './harness/users';

jest.setTimeout(300_000);

// Issue 14's life-cycle commands that lifecycle.test.ts does not drive: `vaults` (a new vault and its
// security state), `policy edit` (the prefilled card, a retention change, approved, read back),
// `assign <vm> --policy P` (approved, read back with `check`) and `cancel <job>` (a backup held
// running by the frozen sandbox clock, cancelled). Typed and clicked in the Playground in Chromium,
// against the real bot and the sandbox. A separate file (own stack) keeps each file under ~2 min.

const VAULT = 'rsv-weu-archive';
const EDITED = 'pol-weu-nightly';
const EDITED_VAULT = 'rsv-weu-prod';
const MOVED_VM = 'vm-sql-01';
const TARGET_POLICY = 'pol-weu-weekly';
const BACKED_UP_VM = 'vm-web-01';

describe('issue 14 vaults, policy edit, assign and cancel in the Agents Playground (Chromium)', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startE2eStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The text of one vault's row on the vaults card: from its name to the next vault's "Security:" row end. */
  async function vaultRow(pg: PlaygroundPage, vault: string): Promise<string | undefined> {
    const card = await pg.typeMessage('vaults');
    await pg.waitForCardText(/Security: /, card);
    const text = await pg.cardText(card);
    const start = text.indexOf(vault);
    if (start < 0) return undefined;
    const next = text.indexOf('Storage used:', start);
    return text.slice(start, next < 0 ? undefined : next);
  }

  it('vaults shows a new vault with its security state', async () => {
    await stack.scenario('lifecycle-vaults', async (pg) => {
      await pg.openConversation(CONVERSATIONS.general);
      expect(await vaultRow(pg, VAULT)).toBeUndefined();

      const create = await pg.typeMessage(`vault create ${VAULT} --region westeurope`);
      await pg.waitForCardText('Waiting for an approver', create);
      await approveAsMegan(pg, create);
      await pg.waitForCardText(`Vault ${VAULT} is ready in westeurope`, create, 60_000);

      const row = await vaultRow(pg, VAULT);
      expect(row).toBeDefined();
      expect(row).toMatch(/Security: soft delete on \(14 days\), immutability \w+, multi-user authorization \w+/);
    });
  });

  it('policy edit: the card is prefilled, a retention change is approved, the policy card shows it', async () => {
    await stack.scenario('lifecycle-policy-edit', async (pg) => {
      await pg.openConversation(CONVERSATIONS.general);
      const before = await pg.typeMessage(`policy ${EDITED} --vault ${EDITED_VAULT}`);
      await pg.waitForCardText(/Daily 30 days/, before);

      const form = await pg.typeMessage(`policy edit ${EDITED} --vault ${EDITED_VAULT}`);
      await pg.waitForCardText(/It protects \d+ VMs?/, form);
      const daily = form.getByRole('spinbutton', { name: /^Daily points/ });
      expect(await daily.inputValue()).toBe('30');
      expect(await form.getByRole('spinbutton', { name: /^Instant restore/ }).inputValue()).toBe('2');
      await daily.fill('45');
      await pg.clickCardButton(form, 'Ask for approval');
      await pg.waitForCardText('Waiting for an approver', form);
      const asked = await pg.cardText(form);
      expect(asked).toContain(`Change backup policy ${EDITED} in vault ${EDITED_VAULT}`);
      expect(asked).toContain('keeps 30 days');
      await approveAsMegan(pg, form);
      await pg.waitForCardText(`Policy ${EDITED} is changed in vault ${EDITED_VAULT}.`, form, 60_000);

      const after = await pg.typeMessage(`policy ${EDITED} --vault ${EDITED_VAULT}`);
      await pg.waitForCardText(/Daily 45 days/, after);
      expect(await pg.cardText(after)).not.toMatch(/Daily 30 days/);
    });
  });

  it('assign moves a VM to another policy after approval; check reads the new policy', async () => {
    await stack.scenario('lifecycle-assign', async (pg) => {
      await pg.openConversation(CONVERSATIONS.general);
      const before = await pg.typeMessage(`check ${MOVED_VM}`);
      await pg.waitForCardText(MOVED_VM, before);
      expect(await pg.cardText(before)).not.toContain(TARGET_POLICY);

      const assign = await pg.typeMessage(`assign ${MOVED_VM} --policy ${TARGET_POLICY}`);
      await pg.waitForCardText(`Move ${MOVED_VM} to policy ${TARGET_POLICY}`, assign);
      await approveAsMegan(pg, assign);
      await pg.waitForCardText(`${MOVED_VM} now uses policy ${TARGET_POLICY}`, assign, 60_000);

      const after = await pg.typeMessage(`check ${MOVED_VM}`);
      await pg.waitForCardText(TARGET_POLICY, after);
    });
  });

  it('cancel: a running backup reads Cancelling at once, then Cancelled', async () => {
    await stack.scenario('lifecycle-cancel', async (pg) => {
      await pg.openConversation(CONVERSATIONS.general);
      // The sandbox clock is frozen (SANDBOX_SPEED=0): the job stays running until the test moves it.
      const backup = await pg.typeMessage(`backup ${BACKED_UP_VM}`);
      await pg.waitForCardText(/Job id [0-9a-f-]{36}/, backup);
      const jobId = /Job id ([0-9a-f-]{36})/.exec(await pg.cardText(backup))![1];
      expect(await pg.cardText(backup)).not.toMatch(/Cancell/);

      const cancel = await pg.typeMessage(`cancel ${jobId}`);
      await pg.waitForCardText(`Cancel requested: backup of ${BACKED_UP_VM}`, cancel);
      const asked = await pg.cardText(cancel);
      expect(asked).toContain(`Job id ${jobId}`);
      expect(asked).toMatch(/\bCancelling\b/);

      await stack.sandbox.advanceClock(1);
      const job = await pg.typeMessage(`job ${jobId}`);
      await pg.waitForCardText(/\bCancelled\b/, job);
      // The backup's own card, followed by the bot, ends Cancelled too.
      await pg.waitForCardText(/\bCancelled\b/, backup, 30_000);
    });
  });
});
