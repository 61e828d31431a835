import { z } from 'zod';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { InvalidInputError } from '../../backup/backupError';
import { jobCommand } from '../job';
import { postCommandReply } from './postReply';

export const JOB_DETAILS_VERB = 'jobDetails';

// The job id and its vault's ARM id come back from the card; both are looked up as typed input would be.
const dataSchema = z.object({ jobId: z.string().trim().min(1).max(100), vault: z.string().trim().max(500).optional() });

/** "Details" on a row of `jobs`: posts that job's card (phases, errors, what to do); the list stays as it is. */
export const jobDetailsAction: CardActionDefinition = {
  verb: JOB_DETAILS_VERB,
  minRole: 'viewer',
  async run(ctx) {
    const parsed = dataSchema.safeParse(ctx.data);
    if (!parsed.success) throw new InvalidInputError('This Details button does not say which job. Type **job ID** instead.');
    const flags: Record<string, string> = parsed.data.vault ? { vault: parsed.data.vault } : {};
    return postCommandReply(ctx, jobCommand, { positional: [parsed.data.jobId], flags }, `The details of job ${parsed.data.jobId} are in the conversation.`);
  },
};
