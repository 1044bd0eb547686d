// Faults the ECS emulator injects on demand, each a real failure mode of the service or the network.
import type { FaultKind, FaultPlan } from "../emulator-types";

const DEFAULT_LATENCY_MS = 1000;

export class FaultInjector {
  private plan: FaultPlan | null = null;
  private serverErrors = 0;

  constructor(plan: FaultPlan | null | undefined) {
    this.set(plan ?? null);
  }

  set(plan: FaultPlan | null) {
    if (plan && (!(plan.rate >= 0 && plan.rate <= 1) || plan.kinds.length === 0)) throw new Error("A fault plan needs a rate between 0 and 1 and at least one kind");
    this.plan = plan;
  }

  /** The fault for the next request, if it gets one. */
  pick(): FaultKind | undefined {
    const plan = this.plan;
    if (!plan || Math.random() >= plan.rate) return undefined;
    return plan.kinds[Math.floor(Math.random() * plan.kinds.length)];
  }

  get latencyMs(): number {
    return this.plan?.latencyMs ?? DEFAULT_LATENCY_MS;
  }

  /** Which of an API's two server failures comes next: its 500 (0) and the 503 of its front door (1), in turn. */
  serverErrorIndex(): 0 | 1 {
    return this.serverErrors++ % 2 === 1 ? 1 : 0;
  }
}
