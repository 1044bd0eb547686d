// Faults on demand: each request draws one of the plan's kinds at the plan's rate.
import type { FaultKind, FaultPlan } from "../emulator-types";

const DEFAULT_LATENCY_MS = 1_000;

export class FaultInjector {
  constructor(private plan: FaultPlan | null) {}

  set(plan: FaultPlan | null): void {
    this.plan = plan;
  }

  /** The fault for one request, or null; the latency to add when it is "latency". */
  draw(): { kind: FaultKind; latencyMs: number } | null {
    const plan = this.plan;
    if (!plan?.kinds.length || Math.random() >= plan.rate) return null;
    return { kind: plan.kinds[Math.floor(Math.random() * plan.kinds.length)], latencyMs: plan.latencyMs ?? DEFAULT_LATENCY_MS };
  }
}
