import type { Storage } from '../store/storage';
import { readItem, updateItem } from '../store/storeHelpers';
import type { AlertViewModel } from './alertCard';

export interface Acknowledgement {
  by: string;
  byAadObjectId: string;
  at: string;
}

/** One alerted job: the card content, the conversations it went to and who acknowledged where. */
export interface AlertRecord {
  jobId: string;
  model: AlertViewModel;
  conversations: string[];
  acknowledgements: Record<string, Acknowledgement>;
  createdAt: string;
}

export const alertKey = (jobId: string) => `notify/alert/${jobId.toLowerCase()}`;
/** The outbox key of a job's alert card in one conversation (one card per job and conversation). */
export const alertMessageKey = (jobId: string, conversationId: string) => `alert:${jobId}:${conversationId}`;

export type AcknowledgeOutcome =
  | { kind: 'acknowledged'; record: AlertRecord; acknowledgement: Acknowledgement }
  | { kind: 'already'; record: AlertRecord; acknowledgement: Acknowledgement }
  | { kind: 'unknown' };

export class AlertStore {
  constructor(private readonly storage: Storage) {}

  /** Saves (or extends) the record before any card is queued, so a click always finds it. */
  async save(model: AlertViewModel, conversationIds: string[], now: Date): Promise<void> {
    await updateItem<AlertRecord>(this.storage, alertKey(model.jobId), (current) => ({
      jobId: model.jobId,
      model: current?.model ?? model,
      conversations: [...new Set([...(current?.conversations ?? []), ...conversationIds])],
      acknowledgements: current?.acknowledgements ?? {},
      createdAt: current?.createdAt ?? now.toISOString(),
    }));
  }

  async get(jobId: string): Promise<AlertRecord | undefined> {
    return readItem<AlertRecord>(this.storage, alertKey(jobId));
  }

  /** Records the first acknowledgement in a conversation; later clicks report who was first. */
  async acknowledge(jobId: string, conversationId: string, acknowledgement: Acknowledgement): Promise<AcknowledgeOutcome> {
    let outcome: AcknowledgeOutcome = { kind: 'unknown' };
    await updateItem<AlertRecord>(this.storage, alertKey(jobId), (current) => {
      if (current === undefined || !current.conversations.includes(conversationId)) {
        outcome = { kind: 'unknown' };
        return undefined;
      }
      const existing = current.acknowledgements[conversationId];
      if (existing !== undefined) {
        outcome = { kind: 'already', record: current, acknowledgement: existing };
        return undefined;
      }
      const next = { ...current, acknowledgements: { ...current.acknowledgements, [conversationId]: acknowledgement } };
      outcome = { kind: 'acknowledged', record: next, acknowledgement };
      return next;
    });
    return outcome;
  }
}
