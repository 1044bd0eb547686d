// Label selector syntax (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors).
import { describe, expect, it } from "vitest";
import { labelSelector } from "./emulator-selectors";
import { StatusError } from "./emulator-status";

describe("labelSelector", () => {
  it.each([
    ["app=web", { app: "web" }, true],
    ["app==web,tier!=db", { app: "web", tier: "db" }, false],
    ["app in (web, api),tier", { app: "api", tier: "x" }, true],
    ["app notin (web),!canary", { app: "api", canary: "1" }, false],
    ["", {}, true],
  ])("%s against %j is %s", (selector, labels, expected) => {
    expect(labelSelector(selector)(labels)).toBe(expected);
  });

  it("refuses what it cannot parse with a 400", () => {
    expect(() => labelSelector("app=(web")).toThrow(StatusError);
  });
});
