import { MemoryStorage } from 'botbuilder';
import { AuditLog } from '../../../src/approvals/auditLog';
import { PollAborted } from '../../../src/backup/operationPolling';
import type { CardAttachment } from '../../../src/bot/chatTypes';
import { UserFacingError } from '../../../src/bot/describeFailure';
import { auditWrites } from '../../../src/bot/pipeline/auditWrites';
import { conversationRegistry } from '../../../src/bot/pipeline/conversationRegistry';
import { errorMapping } from '../../../src/bot/pipeline/errorMapping';
import { PIPELINE } from '../../../src/bot/pipeline/pipeline';
import { roleResolution } from '../../../src/bot/pipeline/roleResolution';
import { runPipeline } from '../../../src/bot/pipeline/runPipeline';
import { tenantCheck } from '../../../src/bot/pipeline/tenantCheck';
import type { Middleware, TurnInput, TurnScope } from '../../../src/bot/pipeline/turnScope';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import type { Services } from '../../../src/services';

// The pipeline alone, on a scope built by hand (no Teams, no process, no file): the order of the
// steps, where each one stops a turn, and what a person is told.
const ALLOWED = '11111111-1111-1111-1111-111111111111';
const OTHER = '22222222-2222-2222-2222-222222222222';
const OPERATOR = 'aaaaaaaa-0000-0000-0000-000000000001';

interface Trace {
  steps: string[];
  answers: string[];
  audit: AuditLog;
}

function scopeFor(input: TurnInput, tenant = ALLOWED): { scope: TurnScope; trace: Trace } {
  const audit = new AuditLog(new MemoryStorage(), () => new Date('2026-12-01T19:00:00Z'));
  const trace: Trace = { steps: [], answers: [], audit };
  const services = {
    config: loadConfig({ ALLOWED_TENANTS: ALLOWED, OPERATORS: OPERATOR, LOG_LEVEL: 'silent', PLAYGROUND: 'off' }),
    logger: createLogger('silent'),
    audit,
    conversations: {
      touch: async () => void trace.steps.push('touch'),
      retire: async (_id: string, reason: string) => void trace.steps.push(`retire (${reason})`),
    },
    roles: {
      resolve: async (_roster: unknown, aadObjectId: string) => {
        trace.steps.push('resolve role');
        return aadObjectId === OPERATOR ? 'operator' : 'viewer';
      },
      approverUserIds: () => [],
    },
  } as unknown as Services;
  const scope: TurnScope = {
    input,
    tenantIds: [tenant],
    tenantId: tenant,
    conversation: { conversation: { id: 'conv-1' } },
    sender: { aadObjectId: OPERATOR, name: 'Alex', teamsId: '29:alex' },
    roster: { memberRole: async () => undefined },
    services,
    // Names show non-breaking hyphens (issue 13.9): read as the hyphens they look like.
    answer: async (card: CardAttachment) => void trace.answers.push(JSON.stringify(card.content).replace(/\u2011/g, '-')),
    reply: async () => 'posted-1',
    update: async () => undefined,
    audited: () => Promise.reject(new Error('no audit step')),
  };
  return { scope, trace };
}

const command: TurnInput = { kind: 'command', text: 'backup vm-web-01' };

describe('the handler pipeline', () => {
  it('runs tenant check, conversation registry, role resolution, error mapping, audit of writes, in that order', () => {
    expect(PIPELINE).toEqual([tenantCheck, conversationRegistry, roleResolution, errorMapping, auditWrites]);
  });

  it('remembers the conversation, then resolves the role, then runs the handler with the user set', async () => {
    const { scope, trace } = scopeFor(command);
    await runPipeline(PIPELINE, scope, async () => {
      trace.steps.push(`handler as ${scope.user?.role}`);
    });
    expect(trace.steps).toEqual(['touch', 'resolve role', 'handler as operator']);
    expect(scope.user).toEqual({ aadObjectId: OPERATOR, name: 'Alex', teamsId: '29:alex', role: 'operator' });
    expect(trace.answers).toEqual([]);
  });

  it('stops a turn from another tenant at the first step: one sentence, nothing remembered, no role asked, no handler', async () => {
    const { scope, trace } = scopeFor(command, OTHER);
    const handler = jest.fn(async () => undefined);
    await runPipeline(PIPELINE, scope, handler);
    expect(handler).not.toHaveBeenCalled();
    expect(trace.steps).toEqual([]);
    expect(trace.answers).toHaveLength(1);
    expect(trace.answers[0]).toContain('This bot is not enabled for your organisation.');
  });

  it('retires the conversation when the bot is removed, and asks no role for an event', async () => {
    const { scope, trace } = scopeFor({ kind: 'event', activityType: 'installationUpdate', membership: { joined: false, reason: 'uninstalled' } });
    await runPipeline(PIPELINE, scope, async () => void trace.steps.push('handler'));
    expect(trace.steps).toEqual(['retire (uninstalled)', 'handler']);
    expect(scope.user).toBeUndefined();
  });

  it('answers a failing handler with its sentence, or a reference for an unexpected error (never the message or a stack)', async () => {
    const known = scopeFor({ kind: 'cardAction', verb: 'backupNow', data: {}, isInvoke: true });
    await runPipeline(PIPELINE, known.scope, async () => {
      throw new UserFacingError('VM vm-x is not protected.');
    });
    expect(known.trace.answers).toHaveLength(1);
    expect(known.trace.answers[0]).toContain('VM vm-x is not protected.');

    const unexpected = scopeFor(command);
    await runPipeline(PIPELINE, unexpected.scope, async () => {
      throw new TypeError('secretInternalName is undefined');
    });
    expect(unexpected.trace.answers).toHaveLength(1);
    expect(unexpected.trace.answers[0]).toMatch(/Something went wrong on my side.*[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(unexpected.trace.answers[0]).not.toContain('secretInternalName');
    expect(unexpected.trace.answers[0]).not.toMatch(/TypeError|pipeline\.test\.ts/);
  });

  it('lets an event\'s failure go on to the adapter (nobody to tell)', async () => {
    const { scope, trace } = scopeFor({ kind: 'event', activityType: 'conversationUpdate' });
    await expect(runPipeline(PIPELINE, scope, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(trace.answers).toEqual([]);
  });

  it('audits a handler\'s write once when it starts and once with its outcome, as the asker', async () => {
    const { scope, trace } = scopeFor(command);
    await runPipeline(PIPELINE, scope, async () => {
      await scope.audited({ what: 'back up vm-web-01 now', write: async () => ({ id: 'job-1' }), outcome: (job) => `job ${job.id}` });
      await scope.audited({ what: 'back up vm-web-02 now', write: async () => Promise.reject(new Error('Azure said no')), outcome: () => 'never' });
    });
    const entries = (await trace.audit.last(10)).reverse();
    expect(entries.map((e) => [e.what, e.outcome])).toEqual([
      ['back up vm-web-01 now', 'started'],
      ['back up vm-web-01 now', 'succeeded (job job-1)'],
      ['back up vm-web-02 now', 'started'],
      ['back up vm-web-02 now', 'failed: Azure said no'],
    ]);
    expect(entries.every((e) => e.event === 'azureWrite' && e.actor.aadObjectId === OPERATOR && e.actor.name === 'Alex')).toBe(true);
    expect(entries[0].correlationId).toBe(entries[1].correlationId);
    expect(entries[1].correlationId).not.toBe(entries[2].correlationId);
    // The failed write is answered too: the error mapping step wraps the audit step.
    expect(trace.answers).toHaveLength(1);
    expect(trace.answers[0]).toContain('Something went wrong');
  });

  it('a write whose Azure poll shutdown cut is audited as interrupted, and the asker is told it goes on in Azure (not to ask again)', async () => {
    const { scope, trace } = scopeFor(command);
    await runPipeline(PIPELINE, scope, async () => {
      await scope.audited({ what: 'back up vm-web-01 now', write: async () => Promise.reject(new PollAborted('the backup of vm-web-01')), outcome: () => 'never' });
    });
    const entries = (await trace.audit.last(10)).reverse();
    expect(entries.map((e) => e.outcome)).toEqual(['started', 'interrupted: stopped following the backup of vm-web-01: the bot is shutting down (the operation goes on in Azure)']);
    expect(trace.answers).toHaveLength(1);
    expect(trace.answers[0]).toContain('I stopped following the backup of vm-web-01: the bot is shutting down (the operation goes on in Azure). Check how it went');
    expect(trace.answers[0]).not.toContain('Something went wrong');
  });

  it('stops where a step does not call next, and refuses a step that calls it twice', async () => {
    const order: string[] = [];
    const stop: Middleware = async () => void order.push('stop');
    const after: Middleware = async (_scope, next) => {
      order.push('after');
      await next();
    };
    await runPipeline([stop, after], scopeFor(command).scope, async () => void order.push('handler'));
    expect(order).toEqual(['stop']);

    const twice: Middleware = async (_scope, next) => {
      await next();
      await next();
    };
    await expect(runPipeline([twice], scopeFor(command).scope, async () => undefined)).rejects.toThrow('called next() twice');
  });
});
