// The form's flat values and the nested input, over fields as targets.providers describes them. (With the providers'
// own fields and the server's schema: testing/target-form-values.test.ts.)
import { describe, expect, it } from "vitest";
import { flatValues, nestedValues, type TargetField } from "./target-fields";

const fields: TargetField[] = [
  ["coordinates.cluster", "Cluster", "text"],
  ["coordinates.subnets", "Subnets", "list"],
  ["coordinates.listener.arn", "Listener", "text"],
  ["coordinates.listener.redirects", "Redirects", "flag"],
  ["coordinates.balancer.minTls", "Minimum TLS", "tls-version"],
  ["coordinates.balancer.policy", "Policy", "text"],
];

describe("the target form's values", () => {
  it("nest under their prefix, lists split on commas, boxes as booleans, the TLS version defaulted", () => {
    expect(nestedValues(fields, { "coordinates.cluster": "prod", "coordinates.subnets": "a, b,", "coordinates.listener.arn": "arn", "coordinates.listener.redirects": "true", "coordinates.balancer.policy": "p" }, "coordinates.")).toEqual({
      cluster: "prod",
      subnets: ["a", "b"],
      listener: { arn: "arn", redirects: true },
      balancer: { minTls: "1.2", policy: "p" },
    });
  });

  it("leave out, when optional, empty text and groups with no text filled in (a ticked box alone is not enough)", () => {
    expect(nestedValues(fields, { "coordinates.listener.redirects": "true" }, "coordinates.", true)).toEqual({ subnets: [] });
  });

  it("come back flat from what was stored, for editing", () => {
    const stored = { coordinates: { cluster: "prod", subnets: ["a", "b"], listener: { arn: "arn", redirects: false } } };
    expect(flatValues(fields, stored)).toEqual({ "coordinates.cluster": "prod", "coordinates.subnets": "a, b", "coordinates.listener.arn": "arn", "coordinates.listener.redirects": "false" });
  });
});
