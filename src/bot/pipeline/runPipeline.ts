import type { Middleware, TurnScope } from './turnScope';

/**
 * Runs `steps` in order around `handler` (Koa/Bolt style): each step calls `next` to go on, or
 * returns without calling it to stop the turn there (it then answers itself, as the tenant check does).
 */
export async function runPipeline(steps: readonly Middleware[], scope: TurnScope, handler: () => Promise<void>): Promise<void> {
  const at = async (index: number): Promise<void> => {
    if (index === steps.length) return handler();
    let called = false;
    await steps[index](scope, async () => {
      if (called) throw new Error(`pipeline step ${index} called next() twice`);
      called = true;
      await at(index + 1);
    });
  };
  await at(0);
}
