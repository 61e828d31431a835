import { errorFacts, type Logger } from './logger';

/**
 * Loads what the first command needs (the Azure SDKs, card templating: ~0.7 s of require) after
 * start-up rather than in its path: beginning `delayMs` after the server listens, one loader per
 * macrotask, so /healthz and early requests are answered between them instead of waiting for all
 * of them (issue 16, cold start). A command that comes first loads what it needs itself.
 */
export function warmUp(loaders: Array<() => unknown>, delayMs: number, logger: Logger): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const next = (index: number) => {
    timer = undefined;
    if (index >= loaders.length) return;
    try {
      loaders[index]();
    } catch (err) {
      // Not fatal here: the command that needs it loads it again and reports the failure itself.
      logger.warn(errorFacts(err), 'warm-up: a module did not load');
    }
    timer = setTimeout(() => next(index + 1), 0).unref();
  };
  timer = setTimeout(() => next(0), delayMs).unref();
  return {
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
