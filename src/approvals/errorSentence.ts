import { userSentenceOf } from '../bot/describeFailure';
import { errorFacts, type Logger } from '../logger';

/**
 * The sentence a failed change shows on the card. Backup errors already carry one (what went
 * wrong and what to do); anything else is logged and quoted by its correlation id.
 */
export function sentenceFor(err: unknown, logger: Logger, correlationId: string): string {
  const sentence = userSentenceOf(err);
  if (sentence !== undefined) return sentence;
  logger.error({ ...errorFacts(err, { stack: true }), correlationId }, 'approved change failed unexpectedly');
  return `The change failed for a reason I did not expect. Give your administrator this reference: ${correlationId}.`;
}
