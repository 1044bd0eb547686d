import { describe, expect, it } from "vitest";
import { root } from "@/scripts/lib/prepare";
import { nextConfigHeaderRules, trpcHeaders } from "./trpc-fast-path";

const header = (key: string, value: string) => ({ key, value });

describe("the security headers the launcher gives /api/trpc answers", () => {
  it("are those next.config.js gives every path and every API path", async () => {
    const headers = new Map(trpcHeaders(await nextConfigHeaderRules(root)));
    expect(headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(headers.get("X-Frame-Options")).toBe("DENY");
    expect(headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d+/);
    expect(headers.size).toBeGreaterThanOrEqual(8);
  });

  it("leave out rules for other paths", () => {
    const rules = [
      { source: "/:path*", headers: [header("X-A", "1")] },
      { source: "/apps/:path*", headers: [header("X-B", "2")] },
      { source: "/_next/static/:path*", headers: [header("X-C", "3")] },
      { source: "/api/:path*", headers: [header("X-D", "4")] },
    ];
    expect(trpcHeaders(rules)).toEqual([
      ["X-A", "1"],
      ["X-D", "4"],
    ]);
  });

  it("refuse to start on a rule that may apply but that they cannot judge", () => {
    expect(() => trpcHeaders([{ source: "/api/trpc/:path*", headers: [header("X-E", "5")] }])).toThrow(/teach/);
    expect(() => trpcHeaders([{ source: "/:first/:path*", headers: [header("X-F", "6")] }])).toThrow(/teach/);
    expect(() => trpcHeaders([{ source: "/api/:path*", has: [{ type: "header", key: "x-test" }], headers: [header("X-G", "7")] }])).toThrow(/teach/);
  });
});
