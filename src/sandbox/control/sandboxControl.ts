import type { z } from 'zod';
import type { SandboxRuntime } from '../runtime';
import type { SandboxControl } from '../types';
import { advanceSchema, agentSchema, describeZodError, faultSchema, outcomeSchema, warningProblem } from './controlSchemas';

export class ControlError extends Error {}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ControlError(describeZodError(result.error));
  return result.data;
}

/** The in-process control API; the /_sandbox HTTP routes call the same functions. */
export function createControl(runtime: SandboxRuntime): SandboxControl {
  return {
    now: () => runtime.world.clock.now(),
    advanceClock: (minutes: number) => {
      const input = parse(advanceSchema, { minutes });
      runtime.sim.advance(input.minutes);
      runtime.journal?.clock(runtime.world.nowMs());
    },
    setOutcome: (outcome) => {
      const problem = outcome && typeof outcome === 'object' ? warningProblem(outcome) : undefined;
      if (problem) throw new ControlError(problem);
      const input = parse(outcomeSchema, outcome);
      const vm = lookup(() => runtime.world.resolveVm(input.vm));
      runtime.journal?.record({ at: runtime.world.nowMs(), kind: 'outcome', outcome: input });
      runtime.world.nextOutcomes.set(vm.key, { status: input.status, errorCode: input.errorCode, snapshotSeconds: input.snapshotSeconds, transferDelaySeconds: input.transferDelaySeconds, transferSeconds: input.transferSeconds });
    },
    setVmAgent: (agent) => {
      const input = parse(agentSchema, agent);
      const vm = lookup(() => runtime.world.resolveVm(input.vm));
      runtime.journal?.record({ at: runtime.world.nowMs(), kind: 'agent', agent: input });
      // A new object: the estate's (shared until now) stays as loaded, for reset.
      vm.agent = { ...vm.agent, status: input.status };
    },
    runPolicy: (vaultName: string, policyName: string) => {
      const vault = lookup(() => runtime.world.resolveVault(vaultName));
      const policy = vault.policies.get(policyName.toLowerCase());
      if (!policy) throw new ControlError(`Vault '${vault.name}' has no policy '${policyName}' (it has ${[...vault.policies.values()].map((p) => p.name).join(', ')}).`);
      runtime.journal?.record({ at: runtime.world.nowMs(), kind: 'runPolicy', vault: vaultName, policy: policyName });
      return runtime.sim.runPolicy(vault, policy.name).map((job) => job.id);
    },
    setNextOperationPolls: (polls: number) => {
      if (!Number.isInteger(polls) || polls < 0) throw new ControlError('polls must be a whole number, 0 or more.');
      runtime.journal?.record({ at: runtime.world.nowMs(), kind: 'operationPolls', polls });
      runtime.world.nextOperationPolls = polls;
    },
    setFaults: (faults) => runtime.faults.set(parse(faultSchema, faults)),
    clearFaults: () => runtime.faults.clear(),
    requests: () => runtime.log.all(),
    reset: () => runtime.reset(),
  };
}

function lookup<T>(find: () => T): T {
  try {
    return find();
  } catch (error) {
    throw new ControlError((error as Error).message);
  }
}
