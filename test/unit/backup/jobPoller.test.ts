import { JobPoller } from '../../../src/backup/jobPoller';
import type { JobView } from '../../../src/backup/views';

// The poller against a counting reader: what one poll reads, and what it keeps.
function job(id: string, terminal: boolean): JobView {
  return { id, terminal, status: terminal ? 'Failed' : 'InProgress' } as unknown as JobView;
}

describe('JobPoller', () => {
  function poller(states: Record<string, boolean[]>) {
    const reads: string[] = [];
    const p = new JobPoller(async ({ jobId, vaultId }) => {
      reads.push(`${vaultId}/${jobId}`);
      const next = states[jobId].shift();
      if (next === undefined) throw new Error('unavailable');
      return job(jobId, next);
    }, 2);
    return { p, reads };
  }

  it('reads a running job once per poll, concurrent asks included', async () => {
    const { p, reads } = poller({ a: [false, false] });
    p.nextPoll();
    const [x, y] = await Promise.all([p.read({ jobId: 'a', vaultId: 'V' }), p.read({ jobId: 'A', vaultId: 'v' })]);
    expect(x).toBe(y);
    await p.read({ jobId: 'a', vaultId: 'V' });
    expect(reads).toEqual(['V/a']);
    p.nextPoll();
    await p.read({ jobId: 'a', vaultId: 'V' });
    expect(reads).toHaveLength(2);
  });

  it('keeps an ended job for later polls; a caller that takes no running read gets a fresh one', async () => {
    const { p, reads } = poller({ a: [false, true], b: [true] });
    p.nextPoll();
    expect((await p.read({ jobId: 'a', vaultId: 'V' })).terminal).toBe(false);
    expect((await p.read({ jobId: 'a', vaultId: 'V' }, { runningOk: false })).terminal).toBe(true);
    await p.read({ jobId: 'b', vaultId: 'V' });
    p.nextPoll();
    p.nextPoll();
    expect((await p.read({ jobId: 'a', vaultId: 'V' })).terminal).toBe(true);
    expect(reads).toEqual(['V/a', 'V/a', 'V/b']);
  });

  it('does not keep a failed read, and forgets the oldest reads beyond its bound', async () => {
    const { p, reads } = poller({ a: [], b: [true], c: [true], d: [true] });
    await expect(p.read({ jobId: 'a', vaultId: 'V' })).rejects.toThrow('unavailable');
    await expect(p.read({ jobId: 'a', vaultId: 'V' })).rejects.toThrow('unavailable');
    await p.read({ jobId: 'b', vaultId: 'V' });
    await p.read({ jobId: 'c', vaultId: 'V' });
    await p.read({ jobId: 'd', vaultId: 'V' });
    // b was the oldest of three kept reads with room for two: it is read again (and has no more states).
    await expect(p.read({ jobId: 'b', vaultId: 'V' })).rejects.toThrow();
    expect(reads).toEqual(['V/a', 'V/a', 'V/b', 'V/c', 'V/d', 'V/b']);
  });
});
