import { ResilienceWorld } from './resilienceHarness';

jest.setTimeout(120_000);

describe('one process per DATA_DIR (issue 11 item 7)', () => {
  const world = new ResilienceWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('a second bot process on the same DATA_DIR refuses to start and says why; the first keeps running', async () => {
    const first = await world.bot().start();
    const second = world.bot();
    await expect(second.start()).rejects.toThrow(/exited before listening/);
    expect(await second.waitForExit()).toEqual({ code: 1, signal: null });
    expect(second.text()).toContain(`Could not start: DATA_DIR ${world.dataDir} is in use by another bot process (pid ${first.pid} on`);
    expect(second.text()).toContain('stop that process, or give this one its own DATA_DIR');
    expect(first.alive).toBe(true);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
