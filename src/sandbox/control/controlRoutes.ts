import type { SandboxRuntime } from '../runtime';
import type { SandboxControl } from '../types';
import { ControlError } from './sandboxControl';

// /_sandbox/...: the control API over HTTP (JSON in and out). Never subject to fault injection and
// not written to the request log, so tests can use it freely while counting ARM calls.

export interface ControlResponse {
  status: number;
  body?: unknown;
}

export async function handleControl(method: string, path: string, body: unknown, control: SandboxControl, runtime: SandboxRuntime): Promise<ControlResponse> {
  try {
    return await route(method, path.replace(/\/+$/, '').toLowerCase(), path, body, control, runtime);
  } catch (error) {
    if (error instanceof ControlError) return { status: 400, body: { error: { code: 'BadRequest', message: error.message } } };
    throw error;
  }
}

async function route(method: string, lower: string, original: string, body: unknown, control: SandboxControl, runtime: SandboxRuntime): Promise<ControlResponse> {
  const input = (body ?? {}) as Record<string, unknown>;
  const clock = () => ({ status: 200, body: { now: control.now().toISOString() } });
  if (method === 'GET' && (lower === '/_sandbox' || lower === '')) return { status: 200, body: describeApi() };
  if (method === 'GET' && lower === '/_sandbox/clock') return clock();
  if (method === 'POST' && lower === '/_sandbox/clock/advance') {
    await control.advanceClock(input.minutes as number);
    return clock();
  }
  if (method === 'POST' && lower === '/_sandbox/outcomes') {
    control.setOutcome(input as unknown as Parameters<SandboxControl['setOutcome']>[0]);
    return { status: 200, body: { vm: input.vm, status: input.status, errorCode: input.errorCode } };
  }
  if (method === 'POST' && lower === '/_sandbox/agents') {
    control.setVmAgent(input as unknown as Parameters<SandboxControl['setVmAgent']>[0]);
    return { status: 200, body: { vm: input.vm, status: input.status } };
  }
  const run = /^\/_sandbox\/policies\/([^/]+)\/([^/]+)\/run$/i.exec(original.replace(/\/+$/, ''));
  if (method === 'POST' && run) {
    const jobIds = control.runPolicy(decodeURIComponent(run[1]), decodeURIComponent(run[2])) ?? [];
    return { status: 200, body: { jobIds } };
  }
  if (lower === '/_sandbox/faults') {
    if (method === 'POST') {
      control.setFaults(input as unknown as Parameters<SandboxControl['setFaults']>[0]);
      return { status: 200, body: runtime.faults.current() };
    }
    if (method === 'DELETE') {
      control.clearFaults();
      return { status: 204 };
    }
    if (method === 'GET') return { status: 200, body: runtime.faults.current() ?? null };
  }
  if (method === 'GET' && lower === '/_sandbox/requests') return { status: 200, body: { requests: control.requests() } };
  if (method === 'POST' && lower === '/_sandbox/reset') {
    control.reset();
    return clock();
  }
  return { status: 404, body: { error: { code: 'NotFound', message: `No control route ${method} ${original}. GET /_sandbox lists them.` } } };
}

function describeApi(): Record<string, string> {
  return {
    'GET /_sandbox/clock': 'current simulated time',
    'POST /_sandbox/clock/advance': '{"minutes": N} moves simulated time (jobs progress, schedules fire)',
    'POST /_sandbox/outcomes': '{"vm": NAME, "status": "Completed"|"CompletedWithWarnings"|"Failed", "errorCode"?: CODE} outcome of the VM\'s next backup',
    'POST /_sandbox/agents': '{"vm": NAME, "status": "Ready"|"NotReady"|"NotInstalled"} the VM\'s guest agent from now on (configure protection and backups of a running VM fail while it is not Ready)',
    'POST /_sandbox/policies/{vault}/{policy}/run': 'starts that policy\'s scheduled backups now',
    'POST /_sandbox/faults': '{"share": 0.1, "status": 429|500|"reset", "retryAfterSeconds"?, "latencyMs"?, "pathContains"?, "count"?}',
    'DELETE /_sandbox/faults': 'stops fault injection',
    'GET /_sandbox/requests': 'log of ARM requests (method, path, status, time)',
    'POST /_sandbox/reset': 'back to the seed estate',
  };
}
