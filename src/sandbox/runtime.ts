import type { Estate } from './estate/estateSchema';
import { buildWorld } from './buildWorld';
import { FaultInjector } from './faults';
import { SeededRandom } from './model/random';
import type { World } from './model/world';
import { RequestLog } from './requestLog';
import type { RouteContext, SandboxSettings } from './routes/context';
import { Simulation } from './sim/simulation';
import type { StateJournal } from './stateJournal';
import { apiShape } from './render/apiShape';

/** The sandbox's mutable state: the world built from the estate, its simulation, faults and request log. */
export class SandboxRuntime {
  world!: World;
  sim!: Simulation;
  readonly faults: FaultInjector;
  readonly log = new RequestLog();
  /** Where changes are journaled when the state is kept across restarts (SandboxOptions.stateFile). */
  journal?: StateJournal;

  constructor(
    private readonly estate: Estate,
    private readonly seed: number,
    private readonly start: Date,
    readonly settings: SandboxSettings,
  ) {
    this.faults = new FaultInjector(new SeededRandom(seed ^ 0x5eed));
    this.rebuild();
  }

  /** Back to the seed estate at the start time; faults and the request log are cleared too. */
  reset(): void {
    this.journal?.restart();
    this.rebuild();
    this.faults.clear();
    this.log.clear();
  }

  context(apiVersion?: string): RouteContext {
    return { world: this.world, sim: this.sim, settings: this.settings, shape: apiShape(apiVersion) };
  }

  private rebuild(): void {
    this.world = buildWorld(this.estate, { seed: this.seed, start: this.start, pendingPolls: this.settings.pendingPolls, recurringTrouble: this.settings.recurringTrouble });
    this.sim = new Simulation(this.world);
  }
}
