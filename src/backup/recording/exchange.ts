import { z } from 'zod';

// One recorded ARM exchange: the format of test/fixtures/azure-recordings (SOURCES.md), which the
// bot's own recorder (armRecorder.ts, ARM_RECORD_DIR) writes and the fidelity replayer reads.
// One home for it, so the writer and the reader cannot drift apart.

/** What a recording file may hold (PowerShell's recordings leave some fields out). */
export const exchangeSchema = z.object({
  source: z.string().optional(),
  seq: z.number().nullable().optional(),
  command: z.string().optional(),
  method: z.string(),
  /** Percent-encoded as the client sent it, host removed. */
  path: z.string(),
  /** Percent-decoded query string. */
  query: z.string().default(''),
  requestBody: z.unknown().optional(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Parsed JSON, or "" for an empty body. */
  body: z.unknown().optional(),
  note: z.string().optional(),
  pageOffset: z.number().optional(),
});

export type Exchange = z.infer<typeof exchangeSchema>;

/** What the bot's recorder writes: an Exchange with its source and sequence number always set. */
export type RecordedExchange = Omit<Exchange, 'source' | 'seq' | 'command' | 'pageOffset'> & { source: string; seq: number };
