import { warmUp } from '../../src/warmUp';
import { createLogger } from '../../src/logger';

// The warm-up loads one module per macrotask after a delay, so requests are served between them.

describe('warmUp', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits for the delay, then runs one loader per macrotask, going on past one that throws', () => {
    const ran: string[] = [];
    warmUp([() => ran.push('a'), () => { throw new Error('broken package'); }, () => ran.push('c')], 1000, createLogger('silent'));
    jest.advanceTimersByTime(999);
    expect(ran).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(ran).toEqual(['a']); // the others wait for their own turn
    jest.runAllTimers();
    expect(ran).toEqual(['a', 'c']);
  });

  it('cancel stops what has not run yet', () => {
    const ran: string[] = [];
    const warm = warmUp([() => ran.push('a'), () => ran.push('b')], 10, createLogger('silent'));
    jest.advanceTimersByTime(10);
    warm.cancel();
    jest.runAllTimers();
    expect(ran).toEqual(['a']);
  });
});
