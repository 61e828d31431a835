import type { Estate, EstateInput } from './estate/estateSchema';
import type { LoggedRequest } from './requestLog';
import type { FaultSettings } from './faults';

// The public contract of the sandbox (re-exported by index.ts).

export interface SandboxOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Estate object or JSON file path; the default estate when absent. */
  estate?: Estate | EstateInput | string;
  /** Seed for ids and durations (default: the estate's seed, else 1). */
  seed?: number;
  /** Start of the simulated clock (default: the estate's clock.start, else now rounded down to the hour). */
  startTime?: Date | string;
  /** Simulated minutes per real minute; 0 (default) = the clock only moves through advanceClock. */
  speed?: number;
  /** Status reads answering "in progress" before an async operation is done (default 1). */
  operationPolls?: number;
  /** Retry-After seconds on 202 answers (default 60, as Azure 2024+ sends; tests may shorten it). */
  retryAfterSeconds?: number;
  /** Items per page in list answers (default 200). */
  pageSize?: number;
  /**
   * Keep the state across restarts in this file (a journal of changes replayed on start); a file
   * made from another estate or seed is started over. Absent: the state lives in memory only.
   */
  stateFile?: string;
  /**
   * Apply the estate VMs' recurringOutcomes (the default estate's recurring failures and warnings).
   * Default: on when the clock runs by itself (speed > 0), so a running demo keeps producing news;
   * off when the clock moves only through advanceClock, so tests count the jobs they cause.
   */
  recurringTrouble?: boolean;
}

export interface SandboxHandle {
  /** e.g. https://127.0.0.1:PORT (no trailing slash). */
  url: string;
  /** PEM the SDK clients must trust (self-signed, made at start, for 127.0.0.1 and localhost). */
  caPem: string;
  /** The static bearer token the sandbox accepts. */
  token: string;
  control: SandboxControl;
  /** With SandboxOptions.stateFile: whether the saved state was restored, and a sentence saying so. */
  state?: { file: string; restored: boolean; detail: string };
  close(): Promise<void>;
}

export type SandboxFaults = FaultSettings;

export interface SandboxControl {
  now(): Date;
  /** Moves simulated time: jobs progress, schedules fire, operations complete. */
  advanceClock(minutes: number): Promise<void> | void;
  /** Outcome of that VM's next backup job. */
  setOutcome(o: { vm: string; status: 'Completed' | 'CompletedWithWarnings' | 'Failed'; errorCode?: string; snapshotSeconds?: number; transferDelaySeconds?: number; transferSeconds?: number }): void;
  /**
   * The VM's guest agent from now on: NotReady (stopped or unresponsive) or NotInstalled make its
   * configure protection and backups fail while it runs (UserErrorGuestAgentStatusUnavailable), and
   * its instance view say so; Ready mends it. For breaking a VM after a check passed.
   */
  setVmAgent(o: { vm: string; status: 'Ready' | 'NotReady' | 'NotInstalled' }): void;
  /** The next asynchronous operation answers "in progress" to exactly `polls` reads, whatever the clock does (replaying recordings). */
  setNextOperationPolls(polls: number): void;
  /** Starts the scheduled backups of that policy now; returns the new job ids. */
  runPolicy(vault: string, policy: string): string[] | void;
  setFaults(f: SandboxFaults): void;
  clearFaults(): void;
  requests(): LoggedRequest[];
  reset(): void;
}
