// Faults on demand, as an API server shows them (https://kubernetes.io/docs/concepts/cluster-administration/flow-control/):
// throttling is 429 TooManyRequests with Retry-After (API Priority and Fairness), server errors are 500 InternalError
// or 503 ServiceUnavailable Status objects, plus slow answers and connections closed without an answer.
import type { FaultKind, FaultPlan } from "@/providers/emulator-types";
import { refuse, type StatusError } from "./emulator-status";

const DEFAULT_LATENCY_MS = 500;

export class FaultInjector {
  private plan: FaultPlan | null;
  private serverErrors = 0;

  constructor(plan: FaultPlan | undefined) {
    this.plan = plan ?? null;
  }

  set(plan: FaultPlan | null): void {
    if (plan && (!(plan.rate >= 0 && plan.rate <= 1) || plan.kinds.length === 0)) throw new Error("A fault plan needs a rate between 0 and 1 and at least one kind");
    this.plan = plan;
  }

  /** The fault for this request, if one is due. */
  draw(): FaultKind | undefined {
    const plan = this.plan;
    if (!plan || Math.random() >= plan.rate) return undefined;
    return plan.kinds[Math.floor(Math.random() * plan.kinds.length)];
  }

  get latencyMs(): number {
    return this.plan?.latencyMs ?? DEFAULT_LATENCY_MS;
  }

  /** The refusal of a throttle or server-error fault; server errors alternate 500 and 503. */
  answer(kind: "throttle" | "server-error"): StatusError {
    if (kind === "throttle") return refuse(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds: 1 }, { "Retry-After": "1" });
    return this.serverErrors++ % 2 === 0
      ? refuse(500, "InternalError", "Internal error occurred: etcdserver: request timed out", { causes: [{ reason: "UnexpectedServerResponse", message: "etcdserver: request timed out" }] })
      : refuse(503, "ServiceUnavailable", "the server is currently unable to handle the request");
  }
}
