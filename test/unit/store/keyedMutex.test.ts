import { KeyedMutex } from '../../../src/store/keyedMutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('runs work on the same key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const job = (name: string) =>
      mutex.runExclusive('k', async () => {
        events.push(`${name}:start`);
        await tick();
        events.push(`${name}:end`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(mutex.size).toBe(0);
  });

  it('lets different keys run concurrently', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const job = (key: string) =>
      mutex.runExclusive(key, async () => {
        events.push(`${key}:start`);
        await tick();
        events.push(`${key}:end`);
      });
    await Promise.all([job('x'), job('y')]);
    expect(events.slice(0, 2).sort()).toEqual(['x:start', 'y:start']);
  });

  it('takes several keys without deadlock whatever order callers name them in', async () => {
    const mutex = new KeyedMutex();
    let inside = 0;
    let maxInside = 0;
    const job = (keys: string[]) =>
      mutex.runExclusive(keys, async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await tick();
        inside--;
      });
    await Promise.all([job(['a', 'b']), job(['b', 'a']), job(['a', 'b', 'a'])]);
    expect(maxInside).toBe(1);
    expect(mutex.size).toBe(0);
  });

  it('releases the key when the work throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runExclusive('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.runExclusive('k', async () => 'next')).resolves.toBe('next');
  });
});
