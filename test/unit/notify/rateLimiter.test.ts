import fc from 'fast-check';
import { SlidingWindowLimiter } from '../../../src/notify/rateLimiter';

describe('SlidingWindowLimiter', () => {
  it('allows up to the limit, then says how long to wait for the oldest to leave the window', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 3, windowMs: 1000 }]);
    for (const t of [0, 100, 200]) {
      expect(limiter.waitTime('c', t)).toBe(0);
      limiter.begin('c');
      limiter.end('c', t + 10);
    }
    expect(limiter.waitTime('c', 300)).toBe(710); // the first counts from its completion at 10
    expect(limiter.waitTime('c', 1010)).toBe(0);
  });

  it('counts operations in flight, and only their end can free a slot', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1000 }]);
    limiter.begin('c');
    limiter.begin('c');
    expect(limiter.waitTime('c', 0)).toBe(Infinity);
    limiter.end('c', undefined); // nothing was sent: the slot is simply given back
    expect(limiter.waitTime('c', 0)).toBe(0);
  });

  it('applies every window: the strictest one decides', () => {
    const limiter = new SlidingWindowLimiter([
      { limit: 7, windowMs: 1000 },
      { limit: 8, windowMs: 2000 },
    ]);
    for (let i = 0; i < 7; i++) {
      limiter.begin('c');
      limiter.end('c', i);
    }
    expect(limiter.waitTime('c', 10)).toBe(990);
    limiter.begin('c');
    limiter.end('c', 1000);
    expect(limiter.waitTime('c', 1001)).toBe(999); // 8 in 2 s: wait for the one at 0 to be 2 s old
  });

  it('keeps keys apart', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }]);
    limiter.begin('a');
    limiter.end('a', 0);
    expect(limiter.waitTime('a', 1)).toBeGreaterThan(0);
    expect(limiter.waitTime('b', 1)).toBe(0);
  });

  it('never lets more than `limit` completions fall in any window, whatever the timing (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 60 }), (steps) => {
        const limiter = new SlidingWindowLimiter([{ limit: 4, windowMs: 500 }]);
        const done: number[] = [];
        let now = 0;
        for (const [gap, duration] of steps) {
          now += gap;
          const wait = limiter.waitTime('c', now);
          now += wait;
          limiter.begin('c');
          // The server sees the request somewhere during the call; take its very start, the worst case.
          done.push(now);
          now += duration;
          limiter.end('c', now);
        }
        for (let i = 0; i + 4 < done.length; i++) expect(done[i + 4] - done[i]).toBeGreaterThanOrEqual(500);
      }),
    );
  });

  it('rejects nonsense windows', () => {
    expect(() => new SlidingWindowLimiter([{ limit: 0, windowMs: 1000 }])).toThrow(/invalid rate window/);
    expect(() => new SlidingWindowLimiter([{ limit: 1, windowMs: 0 }])).toThrow(/invalid rate window/);
  });
});
