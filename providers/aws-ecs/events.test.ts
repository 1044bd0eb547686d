import { describe, expect, it } from "vitest";
import { eventsOf } from "./events";
import { quotedTerm } from "./logs";

const at = (iso: string) => new Date(iso);

describe("eventsOf", () => {
  it("merges service events, a failed rollout's reason and stopped tasks' reasons, newest first, failures as warnings", () => {
    const events = eventsOf(
      {
        events: [
          { id: "1", createdAt: at("2026-01-01T00:00:01Z"), message: "(service web) has started 1 tasks: (task abc)." },
          { id: "2", createdAt: at("2026-01-01T00:00:05Z"), message: "(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start." },
        ],
        deployments: [{ id: "ecs-svc/1", status: "PRIMARY", rolloutState: "FAILED", rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.", updatedAt: at("2026-01-01T00:00:05Z") }],
      },
      [
        { taskArn: "arn:aws:ecs:eu-west-1:000000000000:task/apps/abc", stopCode: "ServiceSchedulerInitiated", stoppedReason: "Task failed ELB health checks in (target-group arn:tg)", stoppedAt: at("2026-01-01T00:00:03Z") },
        { taskArn: "arn:aws:ecs:eu-west-1:000000000000:task/apps/old", stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)", stoppedAt: at("2026-01-01T00:00:02Z") },
        { taskArn: "arn:aws:ecs:eu-west-1:000000000000:task/apps/new", stoppedAt: at("2026-01-01T00:00:04Z") },
      ],
    );
    expect(events).toEqual([
      { time: "2026-01-01T00:00:05.000Z", severity: "warning", message: "(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.", source: "ECS service event" },
      { time: "2026-01-01T00:00:05.000Z", severity: "warning", message: "ECS deployment circuit breaker: tasks failed to start.", source: "ECS deployment ecs-svc/1" },
      { time: "2026-01-01T00:00:03.000Z", severity: "warning", message: "Task failed ELB health checks in (target-group arn:tg)", source: "stopped task abc" },
      { time: "2026-01-01T00:00:02.000Z", severity: "normal", message: "Scaling activity initiated by (deployment ecs-svc/1)", source: "stopped task old" },
      { time: "2026-01-01T00:00:01.000Z", severity: "normal", message: "(service web) has started 1 tasks: (task abc).", source: "ECS service event" },
    ]);
  });

  it("answers nothing for a service ECS does not know, and at most 100 events", () => {
    expect(eventsOf(undefined, [])).toEqual([]);
    const many = Array.from({ length: 150 }, (_, i) => ({ id: String(i), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), message: `event ${i}` }));
    const events = eventsOf({ events: many }, []);
    expect(events).toHaveLength(100);
    expect(events[0].message).toBe("event 149");
  });
});

describe("quotedTerm", () => {
  it("quotes the text as one CloudWatch Logs term, escaping quotes and backslashes", () => {
    expect(quotedTerm("GET /healthz")).toBe('"GET /healthz"');
    expect(quotedTerm('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  });
});
