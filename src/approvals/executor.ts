import type { AcceptedOperation, OnAccepted } from '../backup/acceptedOperation';
import type { ApprovalAction, ApprovalKind, ExecutionOutcome, Fact } from './types';

/** Said (in brackets) on a card finished by an executor's `verify` after the bot stopped during the change. */
export const CONFIRMED_BY_READING = 'confirmed by reading Azure: the bot lost track of the change while it was being made';

export interface ExecutionContext {
  /** Ties the audit entries, logs and Azure calls of one decision together. */
  correlationId: string;
  approver: { aadObjectId: string; name: string };
  /**
   * Stores the operation Azure accepted for this change on the request, before it is followed. An
   * executor whose write answers 202 passes it down, so a restart can `resume` that operation.
   */
  onAccepted: OnAccepted;
}

/**
 * Carries out one kind of approved change. Executors hold the only code that writes to Azure
 * for that kind; the approval service guarantees `execute` runs at most once per request.
 */
export interface ApprovalExecutor<A extends ApprovalAction = ApprovalAction> {
  kind: A['kind'];
  /** Card title, e.g. "Enable protection for vm-web-01". */
  title(action: A): string;
  /** One line for the audit trail. */
  summary(action: A): string;
  /** What the approver is asked to approve, as facts on the card. */
  describe(action: A): Fact[];
  /** A sentence when the request still misses something before it can be approved (e.g. the vault). */
  missingInput(action: A): string | undefined;
  execute(action: A, context: ExecutionContext): Promise<ExecutionOutcome>;
  /**
   * Reads Azure to tell whether the change is in place, for a write whose outcome is unknown (the
   * bot stopped during it, or the call failed without a clear answer): an outcome with `ok: true`
   * when it is applied, `ok: false` when it is certainly not, undefined when it cannot tell.
   */
  verify?(action: A): Promise<ExecutionOutcome | undefined>;
  /**
   * Follows the operation Azure accepted for this change (stored by `onAccepted` before the bot
   * stopped) to its end, and says the outcome as `execute` would have: a configure that Azure
   * fails is failed with Azure's sentence, whatever a read of the resource shows meanwhile.
   */
  resume?(action: A, operation: AcceptedOperation): Promise<ExecutionOutcome>;
}

type AnyExecutor = { [K in ApprovalKind]: ApprovalExecutor<Extract<ApprovalAction, { kind: K }>> }[ApprovalKind];

/** The executors by kind; built in one place (src/approvals/index.ts) and handed to the approval service. */
export class ExecutorRegistry {
  private readonly byKind = new Map<ApprovalKind, AnyExecutor>();

  register(executor: AnyExecutor): this {
    if (this.byKind.has(executor.kind)) throw new Error(`an executor for ${executor.kind} is already registered`);
    this.byKind.set(executor.kind, executor);
    return this;
  }

  has(kind: ApprovalKind): boolean {
    return this.byKind.has(kind);
  }

  /** The executor for this action's kind, typed for it; throws when none is registered. */
  for<A extends ApprovalAction>(action: A): ApprovalExecutor<A> {
    const executor = this.byKind.get(action.kind);
    if (executor === undefined) throw new Error(`no executor registered for ${action.kind}`);
    return executor as unknown as ApprovalExecutor<A>;
  }
}
