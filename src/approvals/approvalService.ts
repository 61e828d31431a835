import { randomUUID } from 'node:crypto';
import type { CardAttachment } from '../bot/chatTypes';
import type { Role } from '../config';
import { errorFacts, type Logger } from '../logger';
import { withDeadline } from '../deadline';
import { approvalCard, type CardNotice, type CardViewer } from './approvalCard';
import { SYSTEM_ACTOR, type AuditLog } from './auditLog';
import { sentenceFor } from './errorSentence';
import type { AcceptedOperation } from '../backup/acceptedOperation';
import { isBackupError } from '../backup/backupError';
import { isPollAborted } from '../backup/operationPolling';
import type { ExecutorRegistry } from './executor';
import { RequestStore } from './requestStore';
import type { ApprovalAction, ApprovalRequest, CheckResult, ExecutionOutcome, Person, PostedCard } from './types';
import type { Storage } from '../store/storage';

/** Who clicked, as the bot resolved it from the activity (never from card data). */
export interface Clicker {
  aadObjectId: string;
  name: string;
  role: Role;
  userId?: string;
}

/**
 * Updates the posted card: the one path for every update of an approval card (clicks, sweep,
 * long-running changes); the app wires it to the outbox, which sends the updates of one message in
 * order and drops one whose `version` is older than what the message already shows.
 */
export interface CardUpdater {
  /** `key` is unique per request, state and change, so a repeated update of the same card can be dropped (outbox idempotency). */
  updateCard(card: PostedCard, content: CardAttachment, key: string, version: number): Promise<void>;
}

/**
 * How far along a request's card is: a request only moves forward (pending -> approving ->
 * approved | failed, pending -> rejected | expired), so a card of a later state is never replaced
 * by one of an earlier state, whatever order the updates were made in. Amendments stay pending
 * (same version): those go out in the order they were made.
 */
export function cardVersion(state: ApprovalRequest['state']): number {
  return state === 'pending' ? 0 : state === 'approving' ? 1 : 2;
}

/** The result of a click: a changed request (new card for everyone) or a refusal (explanation for the clicker only). */
export type ClickResult =
  | { kind: 'changed'; request: ApprovalRequest }
  | { kind: 'refused'; reason: string; request?: ApprovalRequest };

/** What a requester's amendment (e.g. choosing the vault) produces, or a sentence refusing it. */
export type Amendment = { action: ApprovalAction; checks?: CheckResult[]; notes?: string[]; summary: string } | { refusal: string };

export interface NewRequest {
  action: ApprovalAction;
  requester: Person;
  checks: CheckResult[];
  notes: string[];
  approverUserIds: string[];
}

export interface SweepResult {
  expired: number;
  interrupted: number;
}

export interface ApprovalServiceOptions {
  storage: Storage;
  executors: ExecutorRegistry;
  audit: AuditLog;
  logger: Logger;
  ttlHours: number;
  now?: () => Date;
  cardUpdater?: CardUpdater;
  /** A click waits this long for the change before answering "in progress" (Teams drops invokes after ~15 s). */
  invokeDeadlineMs?: number;
  /** An `approving` request older than this was interrupted (the bot stopped mid-change). */
  staleApprovingMs?: number;
}

const MAX_REASON_LENGTH = 500;

/**
 * Four-eyes approvals for any registered kind of change. Every click re-reads the stored request,
 * checks the clicker's role and the request's state server side, and changes the state with an
 * eTag compare-and-swap: pending -> approving has exactly one winner, and only the winner calls
 * the executor (the Azure write); approving -> approved | failed follows.
 */
export class ApprovalService {
  readonly store: RequestStore;
  private readonly now: () => Date;
  private readonly invokeDeadlineMs: number;
  private readonly staleApprovingMs: number;
  private cardUpdater?: CardUpdater;
  /** Azure writes under way in this process (approved changes), awaited by a graceful stop. */
  private readonly writesInFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: ApprovalServiceOptions) {
    this.store = new RequestStore(options.storage);
    this.now = options.now ?? (() => new Date());
    this.invokeDeadlineMs = options.invokeDeadlineMs ?? 10_000;
    this.staleApprovingMs = options.staleApprovingMs ?? 15 * 60_000;
    this.cardUpdater = options.cardUpdater;
  }

  get executors(): ExecutorRegistry {
    return this.options.executors;
  }

  /** Wires the card updater once the outbox exists (it may be built after this service). */
  setCardUpdater(updater: CardUpdater): void {
    this.cardUpdater = updater;
  }

  /** Stores a new pending request; call before posting its card. */
  async create(input: NewRequest): Promise<ApprovalRequest> {
    const created = this.now();
    const request: ApprovalRequest = {
      id: randomUUID(),
      ...input,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.options.ttlHours * 3_600_000).toISOString(),
      updatedAt: created.toISOString(),
      state: 'pending',
    };
    await this.store.create(request);
    await this.options.audit.append({ event: 'requested', actor: actorOf(input.requester), what: this.summary(request), requestId: request.id });
    return request;
  }

  /** Remembers where the card was posted so the sweep and background work can update it. */
  async attachCard(id: string, card: PostedCard): Promise<void> {
    try {
      const updated = await this.store.update(id, (current) => ({ ...current, card }));
      // A decision that landed before we knew the card's id must still reach everyone's card.
      if (updated.outcome === 'written' && updated.request.state !== 'pending') await this.publish(updated.request);
      if (updated.outcome === 'conflict') this.options.logger.warn({ requestId: id }, 'could not record the approval card id: too many concurrent writes');
    } catch (err) {
      // The card is already posted and clicks still work (they carry the request id); only
      // background updates (sweep, slow changes) will not reach it.
      this.options.logger.warn({ ...errorFacts(err), requestId: id }, 'could not record the approval card id');
    }
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    return (await this.store.get(id))?.value;
  }

  /** The card for one viewer: approvers get the decision buttons, a requester with a choice to make gets it. */
  async view(id: string, clicker: Clicker, notice?: CardNotice): Promise<CardAttachment | undefined> {
    const request = await this.get(id);
    if (request === undefined) return undefined;
    return this.cardFor(request, clicker, notice);
  }

  cardFor(request: ApprovalRequest, clicker?: Clicker, notice?: CardNotice): CardAttachment {
    const seen = this.asSeenNow(request);
    return approvalCard(seen, this.executors, clicker ? this.viewerOf(seen, clicker) : 'everyone', notice);
  }

  async approve(id: string, clicker: Clicker): Promise<ClickResult> {
    const stored = await this.store.get(id);
    const refusal = stored === undefined ? unknownRequest() : this.decisionRefusal(stored.value, clicker);
    if (refusal !== undefined) return this.refuse(id, clicker, 'approve', refusal, stored?.value);

    const request = stored!.value;
    const correlationId = randomUUID();
    const approving: ApprovalRequest = {
      ...request,
      state: 'approving',
      decision: { by: personOf(clicker), at: this.now().toISOString(), correlationId },
      updatedAt: this.now().toISOString(),
    };
    if (!(await this.store.replace(approving, stored!.eTag))) return this.lostRace(id, clicker, 'approve');

    await this.options.audit.append({ event: 'approved', actor: actorOf(clicker), what: this.summary(request), requestId: id, correlationId });
    const done = this.carryOut(approving);
    this.writesInFlight.add(done);
    const forget = () => this.writesInFlight.delete(done);
    done.then(forget, forget);
    const finished = await withDeadline(done, this.invokeDeadlineMs);
    if (finished !== undefined) return { kind: 'changed', request: finished };
    // Still running: answer now with "being made", the card is updated for everyone when it ends.
    done.then(
      (final) => this.publish(final),
      (err: unknown) => this.options.logger.error({ ...errorFacts(err, { stack: true }), requestId: id, correlationId }, 'approved change did not complete'),
    );
    return { kind: 'changed', request: approving };
  }

  async reject(id: string, clicker: Clicker, rawReason: unknown): Promise<ClickResult> {
    const stored = await this.store.get(id);
    let refusal = stored === undefined ? unknownRequest() : this.decisionRefusal(stored.value, clicker);
    const reason = typeof rawReason === 'string' ? rawReason.trim() : '';
    if (refusal === undefined && reason === '') refusal = 'Type a reason in the box before clicking Reject; the requester will see it. Nothing was changed.';
    if (refusal === undefined && reason.length > MAX_REASON_LENGTH) refusal = `Keep the reason under ${MAX_REASON_LENGTH} characters (it has ${reason.length}). Nothing was changed.`;
    if (refusal !== undefined) return this.refuse(id, clicker, 'reject', refusal, stored?.value);

    const request = stored!.value;
    const correlationId = randomUUID();
    const rejected: ApprovalRequest = {
      ...request,
      state: 'rejected',
      decision: { by: personOf(clicker), at: this.now().toISOString(), correlationId, reason },
      updatedAt: this.now().toISOString(),
    };
    if (!(await this.store.replace(rejected, stored!.eTag))) return this.lostRace(id, clicker, 'reject');
    await this.options.audit.append({ event: 'rejected', actor: actorOf(clicker), what: this.summary(request), requestId: id, outcome: reason, correlationId });
    await this.store.markClosed(id);
    return { kind: 'changed', request: rejected };
  }

  /**
   * Lets the requester complete their pending request (e.g. pick the vault). `amend` sees the
   * stored action, never card data, and either returns the completed action or refuses.
   */
  async amend(id: string, clicker: Clicker, amend: (action: ApprovalAction) => Promise<Amendment>): Promise<ClickResult> {
    const stored = await this.store.get(id);
    const refusal = stored === undefined ? unknownRequest() : this.amendRefusal(stored.value, clicker);
    if (refusal !== undefined) return this.refuse(id, clicker, 'amend', refusal, stored?.value);
    const amendment = await amend(stored!.value.action);
    if ('refusal' in amendment) return this.refuse(id, clicker, 'amend', amendment.refusal, stored!.value);

    const request = stored!.value;
    const amended: ApprovalRequest = {
      ...request,
      action: amendment.action,
      checks: amendment.checks ?? request.checks,
      notes: amendment.notes ?? request.notes,
      updatedAt: this.now().toISOString(),
    };
    if (!(await this.store.replace(amended, stored!.eTag))) return this.lostRace(id, clicker, 'amend');
    await this.options.audit.append({ event: 'amended', actor: actorOf(clicker), what: amendment.summary, requestId: id });
    return { kind: 'changed', request: amended };
  }

  /**
   * Marks pending requests past their expiry as expired and updates their cards; closes
   * `approving` requests whose change was interrupted by a stop. The app schedules this.
   */
  async sweepExpired(now: Date = this.now()): Promise<SweepResult> {
    const result: SweepResult = { expired: 0, interrupted: 0 };
    for (const { id, expiresAt } of await this.store.openRequests()) {
      const stored = await this.store.get(id);
      if (stored === undefined) {
        await this.store.markClosed(id);
        continue;
      }
      const request = stored.value;
      if (request.state === 'pending' && Date.parse(expiresAt) <= now.getTime()) {
        if (await this.closeBySweep({ ...request, state: 'expired', updatedAt: now.toISOString() }, stored.eTag, 'expired', 'no decision before the expiry time')) result.expired++;
      } else if (request.state === 'approving' && Date.parse(request.decision?.at ?? request.updatedAt) + this.staleApprovingMs <= now.getTime()) {
        if (await this.finishInterrupted(request, stored.eTag, now)) result.interrupted++;
      } else if (request.state !== 'pending' && request.state !== 'approving') {
        await this.store.markClosed(id);
      }
    }
    return result;
  }

  /**
   * At start-up with the store to ourselves (no other process can be carrying out a change): every
   * `approving` request was interrupted by the previous process's stop or crash. Each is finished
   * now, truthfully, from what Azure shows, instead of reading "being made" until the sweep's
   * staleness limit. Returns how many were finished.
   */
  async resumeInterrupted(now: Date = this.now()): Promise<number> {
    let finished = 0;
    for (const { id } of await this.store.openRequests()) {
      const stored = await this.store.get(id);
      if (stored?.value.state !== 'approving') continue;
      if (await this.finishInterrupted(stored.value, stored.eTag, now)) finished++;
    }
    return finished;
  }

  /** Waits (at most `timeoutMs`) for the Azure writes under way to finish and be recorded. True if none is left. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.writesInFlight.size === 0) return true;
    this.options.logger.info({ writes: this.writesInFlight.size, timeoutMs }, 'waiting for approved changes in flight before stopping');
    const all = Promise.allSettled([...this.writesInFlight]).then(() => true);
    const done = await withDeadline(all, timeoutMs);
    if (done === undefined) this.options.logger.warn({ writes: this.writesInFlight.size }, 'stopping with approved changes still in flight; the next start reads Azure to finish them');
    return done ?? false;
  }

  /**
   * An `approving` request nobody is carrying out any more: close it with Azure's answer. When the
   * operation Azure accepted was stored, it is followed to its end (the real outcome: a configure
   * that fails is failed); else (stopped before Azure answered, or the operation cannot be read)
   * the executor's `verify` reads the resource. Stopped again by shutdown: left `approving`.
   */
  private async finishInterrupted(request: ApprovalRequest, eTag: string, now: Date): Promise<boolean> {
    const finishing = this.closeInterrupted(request, eTag, now);
    // A graceful stop waits for it as for any approved write in flight (drain), then aborts its polls.
    this.writesInFlight.add(finishing);
    const forget = () => this.writesInFlight.delete(finishing);
    finishing.then(forget, forget);
    return finishing;
  }

  private async closeInterrupted(request: ApprovalRequest, eTag: string, now: Date): Promise<boolean> {
    const resumed = request.operation ? await this.resume(request) : undefined;
    if (resumed === 'stopped') return false;
    const verified = resumed ?? (await this.verify(request));
    const outcome: ExecutionOutcome = verified ?? {
      ok: false,
      summary: 'The bot stopped while making this change, so its result is unknown. Check the current state (for protection: the vms command) before asking again.',
      facts: [],
    };
    const state = outcome.ok ? 'approved' : 'failed';
    const why =
      resumed !== undefined
        ? `interrupted; its Azure operation followed to its end: ${outcome.ok ? 'applied' : 'not applied'}`
        : verified === undefined
          ? 'interrupted; result unknown'
          : `interrupted; Azure shows it ${outcome.ok ? 'applied' : 'not applied'}`;
    // Following the operation took a while: the request is written only if still ours to finish.
    const current = resumed === undefined ? { value: request, eTag } : await this.store.get(request.id);
    if (current === undefined || !stillCarriedOut(current.value, request)) return false;
    const finished: ApprovalRequest = { ...current.value, state, outcome, updatedAt: (resumed === undefined ? now : this.now()).toISOString() };
    if (!(await this.store.replace(finished, current.eTag))) return false;
    const actor = request.decision ? actorOf(request.decision.by) : SYSTEM_ACTOR;
    await this.options.audit.append({ event: 'azureWrite', actor, what: this.summary(request), requestId: request.id, outcome: `${outcome.ok ? 'succeeded' : 'failed'} (${why}): ${outcome.summary}`, correlationId: request.decision?.correlationId });
    if (!outcome.ok) await this.options.audit.append({ event: 'failed', actor: SYSTEM_ACTOR, what: this.summary(request), requestId: request.id, outcome: why, correlationId: request.decision?.correlationId });
    await this.store.markClosed(request.id);
    const final = await this.store.get(request.id);
    await this.publish(final?.value ?? finished);
    this.options.logger.info({ requestId: request.id, state, why }, 'finished an approved change interrupted by a stop');
    return true;
  }

  /**
   * The stored operation followed to its end by the executor: its outcome; 'stopped' when shutdown
   * stopped the polls again; undefined when it cannot tell (no `resume`, or the operation could not
   * be read: the caller then reads the resource). Azure's own "failed" is an outcome, with its sentence.
   */
  private async resume(request: ApprovalRequest): Promise<ExecutionOutcome | 'stopped' | undefined> {
    const executor = this.executors.for(request.action);
    if (executor.resume === undefined || request.operation === undefined) return undefined;
    const correlationId = request.decision?.correlationId;
    try {
      return await executor.resume(request.action, request.operation);
    } catch (err) {
      if (isPollAborted(err)) return 'stopped';
      if (isBackupError(err) && err.code === 'operation-failed') return { ok: false, summary: sentenceFor(err, this.options.logger, correlationId ?? request.id), facts: [] };
      this.options.logger.warn({ ...errorFacts(err), requestId: request.id }, 'could not follow the stored Azure operation of an interrupted change; reading Azure instead');
      return undefined;
    }
  }

  /**
   * Keeps the operation Azure accepted on the request (a conditional write on its eTag, as every
   * change of a request), before the executor follows it. Not storing it is logged, not thrown:
   * the write is in Azure either way, and a restart then falls back to `verify`.
   */
  private async recordOperation(approving: ApprovalRequest, operation: AcceptedOperation): Promise<void> {
    try {
      const updated = await this.store.update(approving.id, (current) => (stillCarriedOut(current, approving) ? { ...current, operation } : undefined));
      if (updated.outcome === 'conflict') this.options.logger.warn({ requestId: approving.id }, 'could not store the Azure operation of an approved change: too many concurrent writes');
    } catch (err) {
      this.options.logger.warn({ ...errorFacts(err), requestId: approving.id }, 'could not store the Azure operation of an approved change');
    }
  }

  /** The executor's reading of Azure, or undefined when it cannot tell (no verify, or the read failed). */
  private async verify(request: ApprovalRequest): Promise<ExecutionOutcome | undefined> {
    const executor = this.executors.for(request.action);
    if (executor.verify === undefined) return undefined;
    try {
      return await executor.verify(request.action);
    } catch (err) {
      this.options.logger.warn({ ...errorFacts(err), requestId: request.id }, 'could not read Azure to finish an interrupted change');
      return undefined;
    }
  }

  /** A click whose card data holds no valid request id (edited or forged card): refused and recorded. */
  async recordForgedClick(clicker: Clicker, verb: string): Promise<void> {
    await this.options.audit.append({ event: 'refused', actor: actorOf(clicker), what: `${verb}: card data without a valid request id`, outcome: 'refused: the card data is not a valid approval request' });
  }

  /** A click on a message that is not the request's card (the card data was copied or edited): refused and recorded. */
  async recordMisplacedClick(clicker: Clicker, verb: string, requestId: string): Promise<void> {
    await this.options.audit.append({ event: 'refused', actor: actorOf(clicker), what: `${verb}: clicked on a card that is not this request's`, requestId, outcome: 'refused: the button does not belong to the request it names' });
  }

  /** Puts the everyone-view of the request on its posted card, through the card updater (outbox). */
  async publish(request: ApprovalRequest): Promise<void> {
    if (request.card === undefined || this.cardUpdater === undefined) return;
    try {
      // A request reaches each later state once; a pending card changes with each amendment.
      const key = `approval:${request.id}:${request.state}${request.state === 'pending' ? `:${request.updatedAt}` : ''}`;
      await this.cardUpdater.updateCard(request.card, this.cardFor(request), key, cardVersion(request.state));
    } catch (err) {
      this.options.logger.warn({ ...errorFacts(err), requestId: request.id }, 'could not update the approval card');
    }
  }

  summary(request: Pick<ApprovalRequest, 'action'>): string {
    return this.executors.for(request.action).summary(request.action);
  }

  private async carryOut(approving: ApprovalRequest): Promise<ApprovalRequest> {
    const executor = this.executors.for(approving.action);
    const decision = approving.decision!;
    const actor = actorOf(decision.by);
    const what = this.summary(approving);
    await this.options.audit.append({ event: 'azureWrite', actor, what, requestId: approving.id, outcome: 'started', correlationId: decision.correlationId });
    let outcome: ExecutionOutcome;
    try {
      outcome = await executor.execute(approving.action, { correlationId: decision.correlationId, approver: actor, onAccepted: (operation) => this.recordOperation(approving, operation) });
    } catch (err) {
      if (isPollAborted(err)) {
        // Shutdown stopped following the operation; Azure carries on. Not a failure: the request
        // stays 'approving' and the next start finishes it from what Azure shows (resumeInterrupted).
        this.options.logger.info({ requestId: approving.id, correlationId: decision.correlationId }, 'approved change interrupted by shutdown; the next start finishes it from Azure');
        return approving;
      }
      // The write may have landed although the call failed (a timeout, a dropped connection): ask
      // Azure before calling it failed.
      const verified = await this.verify(approving);
      outcome = verified?.ok ? verified : { ok: false, summary: sentenceFor(err, this.options.logger, decision.correlationId), facts: [] };
    }
    const jobNote = outcome.jobId ? ` (job ${outcome.jobId}${outcome.jobStatus ? `, ${outcome.jobStatus}` : ''})` : '';
    await this.options.audit.append({
      event: 'azureWrite',
      actor,
      what,
      requestId: approving.id,
      outcome: `${outcome.ok ? 'succeeded' : 'failed'}${jobNote}: ${outcome.summary}`,
      correlationId: decision.correlationId,
    });
    if (!outcome.ok) await this.options.audit.append({ event: 'failed', actor, what, requestId: approving.id, outcome: outcome.summary, correlationId: decision.correlationId });
    const final: ApprovalRequest = { ...approving, state: outcome.ok ? 'approved' : 'failed', outcome, updatedAt: this.now().toISOString() };
    return this.finish(final);
  }

  /** approving -> approved | failed. Only the winner of pending -> approving gets here; the loop only absorbs writes like attachCard. */
  private async finish(final: ApprovalRequest): Promise<ApprovalRequest> {
    // The card and the operation were stored on the request while the change was under way.
    const updated = await this.store.update(final.id, (current) =>
      stillCarriedOut(current, final) ? { ...final, card: current.card, ...(current.operation ? { operation: current.operation } : {}) } : undefined,
    );
    if (updated.outcome === 'written') {
      await this.store.markClosed(final.id);
      return updated.request;
    }
    if (updated.outcome === 'conflict') throw new Error(`could not record the outcome of request ${final.id}`);
    this.options.logger.warn({ requestId: final.id, state: updated.current?.state }, 'approval finished after the request was closed by someone else');
    return updated.current ?? final;
  }

  private async closeBySweep(next: ApprovalRequest, eTag: string, event: 'expired' | 'failed', why: string): Promise<boolean> {
    // Someone clicked in the meantime: their write wins, the next sweep looks again.
    if (!(await this.store.replace(next, eTag))) return false;
    await this.options.audit.append({ event, actor: SYSTEM_ACTOR, what: this.summary(next), requestId: next.id, outcome: why, correlationId: next.decision?.correlationId });
    await this.store.markClosed(next.id);
    await this.publish(next);
    return true;
  }

  private decisionRefusal(request: ApprovalRequest, clicker: Clicker): string | undefined {
    if (clicker.role !== 'approver') return `Only approvers can approve or reject, and you are ${clicker.role === 'operator' ? 'an operator' : 'a viewer'}. Nothing was changed.`;
    if (clicker.aadObjectId === request.requester.aadObjectId) return 'You asked for this change, so someone else must approve or reject it (four-eyes rule). Nothing was changed.';
    const stateRefusal = this.stateRefusal(request);
    if (stateRefusal !== undefined) return stateRefusal;
    const missing = this.executors.for(request.action).missingInput(request.action);
    return missing === undefined ? undefined : `${missing}; you can decide once that is done. Nothing was changed.`;
  }

  private amendRefusal(request: ApprovalRequest, clicker: Clicker): string | undefined {
    if (clicker.aadObjectId !== request.requester.aadObjectId) return `Only ${request.requester.name || 'the requester'}, who asked for this change, can choose here. Nothing was changed.`;
    return this.stateRefusal(request);
  }

  private stateRefusal(request: ApprovalRequest): string | undefined {
    const by = request.decision?.by.name || 'someone';
    switch (request.state) {
      case 'approving':
        return `${by} has already approved this request; the change is being made. Nothing else was done.`;
      case 'approved':
        return `${by} already approved this request. Nothing else was done.`;
      case 'failed':
        return `${by} already approved this request and the change failed; run the command again to make a new request.`;
      case 'rejected':
        return `${by} already rejected this request. Run the command again to make a new request.`;
      case 'expired':
        return 'This request has expired. Run the command again to make a new request.';
      case 'pending':
        return this.isExpired(request) ? 'This request has expired. Run the command again to make a new request.' : undefined;
    }
  }

  private async lostRace(id: string, clicker: Clicker, attempted: string): Promise<ClickResult> {
    const latest = await this.store.get(id);
    const reason = (latest && this.stateRefusal(latest.value)) ?? 'Someone else changed this request at the same moment. Look at the card again before deciding. Nothing was changed.';
    return this.refuse(id, clicker, attempted, reason, latest?.value);
  }

  private async refuse(id: string, clicker: Clicker, attempted: string, reason: string, request?: ApprovalRequest): Promise<ClickResult> {
    await this.options.audit.append({
      event: 'refused',
      actor: actorOf(clicker),
      what: request ? `${attempted}: ${this.summary(request)}` : `${attempted}: unknown request ${id.slice(0, 64)}`,
      requestId: request?.id,
      outcome: reason,
    });
    return { kind: 'refused', reason, request };
  }

  private viewerOf(request: ApprovalRequest, clicker: Clicker): CardViewer {
    if (request.state !== 'pending') return 'everyone';
    if (clicker.aadObjectId === request.requester.aadObjectId) return 'requester';
    return clicker.role === 'approver' ? 'approver' : 'everyone';
  }

  /** A pending request past its expiry shows as expired even before the sweep has recorded it. */
  private asSeenNow(request: ApprovalRequest): ApprovalRequest {
    return request.state === 'pending' && this.isExpired(request) ? { ...request, state: 'expired' } : request;
  }

  private isExpired(request: ApprovalRequest): boolean {
    return Date.parse(request.expiresAt) <= this.now().getTime();
  }
}

function unknownRequest(): string {
  return 'This card does not refer to a request I know (it may come from another installation, or have been edited). Nothing was changed.';
}

function personOf(clicker: Clicker): Person {
  return { aadObjectId: clicker.aadObjectId, name: clicker.name, ...(clicker.userId ? { userId: clicker.userId } : {}) };
}

/** The request is still in the hands of the decision `by` carries out: approving, and nobody closed or decided it again since. */
function stillCarriedOut(current: ApprovalRequest, by: ApprovalRequest): boolean {
  return current.state === 'approving' && current.decision?.correlationId === by.decision?.correlationId;
}

function actorOf(person: { aadObjectId: string; name: string }): { aadObjectId: string; name: string } {
  return { aadObjectId: person.aadObjectId, name: person.name };
}
