import { describe, expect, it } from "vitest";
import { crossOriginRefusal } from "./same-origin";

const origins = ["https://bulkhead.example", "http://localhost:3000"];
const refusal = (method: string, headers: Record<string, string>, guardReads = false) => crossOriginRefusal(method, new Headers(headers), () => origins, guardReads);

describe("the same-origin rule", () => {
  it.each([
    ["POST", { origin: "https://bulkhead.example" }],
    ["POST", { origin: "http://localhost:3000" }],
    ["DELETE", { "sec-fetch-site": "same-origin" }],
    ["GET", { "sec-fetch-site": "cross-site" }],
    ["HEAD", {}],
  ])("lets %s %o through", (method, headers) => expect(refusal(method, headers)).toBeNull());

  it.each([
    ["POST", { origin: "https://evil.example" }, "cross-origin POST from https://evil.example"],
    ["POST", { origin: "http://localhost:3001" }, "cross-origin POST from http://localhost:3001"],
    ["PUT", { origin: "null", "sec-fetch-site": "cross-site" }, "PUT without an Origin header of this app"],
    ["POST", {}, "POST without an Origin header of this app"],
    ["PATCH", { "sec-fetch-site": "same-site" }, "PATCH without an Origin header of this app"],
  ])("refuses %s %o", (method, headers, reason) => expect(refusal(method, headers)).toBe(reason));

  it("guards reads only when asked, and only against other sites' pages", () => {
    expect(refusal("GET", { "sec-fetch-site": "cross-site" }, true)).toMatch(/another site/);
    expect(refusal("GET", { "sec-fetch-site": "same-site" }, true)).toMatch(/another site/);
    expect(refusal("GET", { "sec-fetch-site": "same-origin" }, true)).toBeNull();
    expect(refusal("GET", { "sec-fetch-site": "none" }, true)).toBeNull();
    expect(refusal("GET", {}, true)).toBeNull();
  });
});
